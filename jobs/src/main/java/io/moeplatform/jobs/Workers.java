package io.moeplatform.jobs;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The worker registry in PostgreSQL ({@code workers}): what each worker process registered (its
 * devices and memory), its heartbeat, and the capacity that job admission checks a plan against.
 * The one owner of the table: workers write through it, the platform reads through it.
 */
public class Workers {

    private final JdbcClient jdbc;
    private final WorkerRows rows;

    public Workers(JdbcClient jdbc, WorkerRows rows) {
        this.jdbc = jdbc;
        this.rows = rows;
    }

    /**
     * Registers (or re-registers, by name) a worker as IDLE; returns its id. Native: an upsert on
     * the unique name ({@code ON CONFLICT}), so a worker restarting under its name keeps its id
     * and two starting at once cannot both insert.
     *
     * @param devicesJson the devices as a JSON array
     */
    public UUID register(String name, String host, String devicesJson, long deviceMemoryBytes, long hostMemoryBytes) {
        return jdbc.sql("""
                INSERT INTO workers (name, host, devices, device_memory_bytes, host_memory_bytes, state)
                VALUES (?, ?, ?::jsonb, ?, ?, 'IDLE')
                ON CONFLICT (name) DO UPDATE SET host = excluded.host, devices = excluded.devices,
                    device_memory_bytes = excluded.device_memory_bytes,
                    host_memory_bytes = excluded.host_memory_bytes, state = 'IDLE',
                    registered_at = now(), last_heartbeat_at = now()
                RETURNING id
                """)
                .params(name, host, devicesJson, deviceMemoryBytes, hostMemoryBytes)
                .query(UUID.class)
                .single();
    }

    /** Records a heartbeat of a worker that is not GONE. */
    public void heartbeat(UUID id) {
        rows.heartbeat(id, Instant.now());
    }

    /** Marks a worker GONE (it shut down). */
    public void deregister(UUID id) {
        rows.deregister(id);
    }

    /** Marks every worker silent for longer than {@code silence} GONE; returns how many. */
    public int markSilentGone(Duration silence) {
        return rows.markGoneSilentSince(Instant.now().minus(silence));
    }

    /**
     * The registered (not GONE) workers against a memory need.
     *
     * @param workers how many are registered
     * @param fitting how many have at least the device and host memory asked for
     * @param maxDeviceBytes the largest device memory among them
     * @param maxHostBytes the largest host memory among them
     */
    public record Capacity(long workers, long fitting, long maxDeviceBytes, long maxHostBytes) {}

    /** How many registered workers could hold a rank that needs this much memory. */
    public Capacity capacity(long deviceBytes, long hostBytes) {
        Object[] r = rows.capacity(deviceBytes, hostBytes).getFirst();
        return new Capacity(number(r[0]), number(r[1]), number(r[2]), number(r[3]));
    }

    private static long number(Object value) {
        return ((Number) value).longValue();
    }

    /**
     * A registered worker.
     *
     * @param devicesJson its devices as a JSON array
     * @param currentJob the job it runs for the team asking, or null (other teams' jobs are not shown)
     */
    public record ActiveWorker(
            UUID id,
            String name,
            String host,
            String state,
            String devicesJson,
            long deviceMemoryBytes,
            long hostMemoryBytes,
            UUID currentJob,
            Instant registeredAt,
            Instant lastHeartbeatAt) {}

    /** Workers that are not GONE, by name, with the job each runs for {@code teamId}. */
    public List<ActiveWorker> active(UUID teamId) {
        Map<UUID, UUID> jobs = new HashMap<>();
        for (Object[] pair : rows.runningJobsOf(teamId)) {
            jobs.put((UUID) pair[0], (UUID) pair[1]);
        }
        return rows.active().stream()
                .map(w -> new ActiveWorker(
                        w.id(),
                        w.name(),
                        w.host(),
                        w.state(),
                        w.devices(),
                        w.deviceMemoryBytes(),
                        w.hostMemoryBytes(),
                        jobs.get(w.id()),
                        w.registeredAt(),
                        w.lastHeartbeatAt()))
                .toList();
    }
}
