package io.moeplatform.jobs;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A row of {@code workers}: a worker process as it registered (devices, memory) and its last
 * heartbeat. Written through {@link Workers}.
 */
@Entity
@Table(name = "workers")
public class Worker {

    @Id
    private UUID id;

    @Column(nullable = false)
    private String name;

    @Column(nullable = false)
    private String host;

    /** The devices as a JSON array. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    private String devices;

    @Column(name = "device_memory_bytes", nullable = false)
    private long deviceMemoryBytes;

    @Column(name = "host_memory_bytes", nullable = false)
    private long hostMemoryBytes;

    /** IDLE, BUSY, DRAINING or GONE. */
    @Column(nullable = false)
    private String state;

    @Column(name = "registered_at", nullable = false)
    private Instant registeredAt;

    @Column(name = "last_heartbeat_at", nullable = false)
    private Instant lastHeartbeatAt;

    protected Worker() {}

    public UUID id() {
        return id;
    }

    public String name() {
        return name;
    }

    public String host() {
        return host;
    }

    public String devices() {
        return devices;
    }

    public long deviceMemoryBytes() {
        return deviceMemoryBytes;
    }

    public long hostMemoryBytes() {
        return hostMemoryBytes;
    }

    public String state() {
        return state;
    }

    public Instant registeredAt() {
        return registeredAt;
    }

    public Instant lastHeartbeatAt() {
        return lastHeartbeatAt;
    }
}
