package io.moeplatform.platform.worker;

import io.moeplatform.jobs.Workers;
import io.moeplatform.platform.team.Caller;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
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

    private final Workers workers;
    private final JsonMapper json;

    WorkerController(Workers workers, JsonMapper json) {
        this.workers = workers;
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
        return workers.active(caller.teamId()).stream()
                .map(w -> new WorkerView(
                        w.id(),
                        w.name(),
                        w.host(),
                        w.state(),
                        json.readTree(w.devicesJson()),
                        w.deviceMemoryBytes(),
                        w.hostMemoryBytes(),
                        w.currentJob(),
                        w.registeredAt(),
                        w.lastHeartbeatAt()))
                .toList();
    }
}
