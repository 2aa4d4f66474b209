package io.moeplatform.worker.registry;

import io.moeplatform.jobs.Workers;
import io.moeplatform.worker.WorkerProperties;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * This worker's row in {@code workers}: registered with its devices and memory at start,
 * refreshed by every heartbeat, and marked GONE at a graceful stop. The scheduler reads these
 * rows to refuse jobs that no worker can hold.
 */
public class WorkerRegistry {

    private static final Logger log = LoggerFactory.getLogger(WorkerRegistry.class);

    private final Workers workers;
    private final WorkerProperties properties;
    private final JsonMapper json;
    private volatile UUID id;
    private volatile long deviceMemoryBytes;

    public WorkerRegistry(Workers workers, WorkerProperties properties, JsonMapper json) {
        this.workers = workers;
        this.properties = properties;
        this.json = json;
    }

    /** Registers (or re-registers, by name) this worker; returns its id. */
    public UUID register() {
        DeviceInventory inventory =
                DeviceInventory.detect(properties.deviceMemoryBytes(), properties.hostMemoryBytes());
        String host = hostName();
        String name = properties.name() != null
                ? properties.name()
                : host + "-" + ProcessHandle.current().pid();
        id = workers.register(
                name,
                host,
                json.writeValueAsString(inventory.devices()),
                inventory.deviceMemoryBytes(),
                inventory.hostMemoryBytes());
        deviceMemoryBytes = inventory.deviceMemoryBytes();
        log.info("Worker {} registered as {} with {}", name, id, inventory.devices());
        return id;
    }

    public UUID id() {
        if (id == null) {
            throw new IllegalStateException("worker not registered yet");
        }
        return id;
    }

    /** Memory of one device, as registered: what the claim query matches jobs against. */
    public long deviceMemoryBytes() {
        id();
        return deviceMemoryBytes;
    }

    public void heartbeat() {
        workers.heartbeat(id());
    }

    public void deregister() {
        if (id != null) {
            workers.deregister(id);
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
