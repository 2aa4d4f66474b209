package io.moeplatform.platform.worker;

import io.moeplatform.platform.team.Caller;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The registered workers: shared infrastructure that every team sees, with their devices and
 * memory. A worker's current job is shown only to the team that owns the job.
 */
@RestController
@RequestMapping("/api/v1/workers")
class WorkerController {

    private final JdbcClient jdbc;
    private final JsonMapper json;

    WorkerController(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** A worker as the API shows it. */
    record WorkerView(
            UUID id,
            String name,
            String host,
            String state,
            JsonNode devices,
            long deviceMemoryBytes,
            long hostMemoryBytes,
            UUID currentJob,
            Instant registeredAt,
            Instant lastHeartbeatAt) {}

    @GetMapping
    List<WorkerView> list(Caller caller) {
        return jdbc.sql("""
            SELECT w.id, w.name, w.host, w.state, w.devices::text, w.device_memory_bytes,
                   w.host_memory_bytes, j.id AS job, w.registered_at, w.last_heartbeat_at
            FROM workers w
            LEFT JOIN jobs j ON j.worker_id = w.id AND j.state = 'RUNNING' AND j.team_id = ?
            WHERE w.state <> 'GONE'
            ORDER BY w.name
            """)
                .param(caller.teamId())
                .query((rs, n) -> new WorkerView(
                        rs.getObject(1, UUID.class),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        json.readTree(rs.getString(5)),
                        rs.getLong(6),
                        rs.getLong(7),
                        rs.getObject(8, UUID.class),
                        rs.getTimestamp(9).toInstant(),
                        rs.getTimestamp(10).toInstant()))
                .list();
    }
}
