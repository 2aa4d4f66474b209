package io.moeplatform.jobs;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The worker registry in PostgreSQL ({@code workers}): what each worker process registered (its
 * devices and memory), its heartbeat, and the capacity that job admission checks a plan against.
 * The one owner of the table: workers write through it, the platform reads through it.
 */
public class Workers {

    private final JdbcClient jdbc;

    public Workers(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Registers (or re-registers, by name) a worker as IDLE; returns its id.
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
        jdbc.sql("UPDATE workers SET last_heartbeat_at = now() WHERE id = ? AND state <> 'GONE'")
                .param(id)
                .update();
    }

    /** Marks a worker GONE (it shut down). */
    public void deregister(UUID id) {
        jdbc.sql("UPDATE workers SET state = 'GONE' WHERE id = ?").param(id).update();
    }

    /** Marks every worker silent for longer than {@code silence} GONE; returns how many. */
    public int markSilentGone(Duration silence) {
        return jdbc.sql("UPDATE workers SET state = 'GONE' WHERE state <> 'GONE'"
                        + " AND last_heartbeat_at < now() - make_interval(secs => ?)")
                .param((double) silence.toMillis() / 1000)
                .update();
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
        return jdbc.sql("""
                SELECT count(*),
                       count(*) FILTER (WHERE device_memory_bytes >= ? AND host_memory_bytes >= ?),
                       coalesce(max(device_memory_bytes), 0), coalesce(max(host_memory_bytes), 0)
                FROM workers WHERE state <> 'GONE'
                """)
                .params(deviceBytes, hostBytes)
                .query((rs, n) -> new Capacity(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)))
                .single();
    }

    /**
     * A registered worker.
     *
     * @param devicesJson its devices as a JSON array
     * @param currentJob the job it runs for the team asking, or null (other teams' jobs are not shown)
     */
    public record Worker(
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
    public List<Worker> active(UUID teamId) {
        return jdbc.sql("""
            SELECT w.id, w.name, w.host, w.state, w.devices::text, w.device_memory_bytes,
                   w.host_memory_bytes, j.id AS job, w.registered_at, w.last_heartbeat_at
            FROM workers w
            LEFT JOIN jobs j ON j.worker_id = w.id AND j.state = 'RUNNING' AND j.team_id = ?
            WHERE w.state <> 'GONE'
            ORDER BY w.name
            """)
                .param(teamId)
                .query((rs, n) -> new Worker(
                        rs.getObject(1, UUID.class),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getLong(6),
                        rs.getLong(7),
                        rs.getObject(8, UUID.class),
                        rs.getTimestamp(9).toInstant(),
                        rs.getTimestamp(10).toInstant()))
                .list();
    }
}
