package io.moeplatform.platform.job;

import io.moeplatform.core.spec.JobSpec;
import io.moeplatform.core.spec.JobSpecValidator;
import io.moeplatform.core.spec.MemoryPlan;
import io.moeplatform.core.spec.MemoryPlanner;
import io.moeplatform.core.spec.SpecViolation;
import io.moeplatform.platform.team.Caller;
import io.moeplatform.platform.web.ApiException;
import io.moeplatform.platform.web.Idempotency;
import io.moeplatform.platform.web.Page;
import io.moeplatform.worker.queue.JobQueue;
import io.moeplatform.worker.queue.JobState;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/**
 * Training jobs: submit (validated, and checked against the memory of the registered workers
 * before anything is stored), list, get, events, metrics, logs, cancel and resume.
 */
@RestController
@RequestMapping("/api/v1/jobs")
class JobController {

    private final JobStore jobs;
    private final JobQueue queue;
    private final JdbcClient jdbc;
    private final Idempotency idempotency;
    private final JsonMapper json;

    JobController(JobStore jobs, JobQueue queue, JdbcClient jdbc, Idempotency idempotency, JsonMapper json) {
        this.jobs = jobs;
        this.queue = queue;
        this.jdbc = jdbc;
        this.idempotency = idempotency;
        this.json = json;
    }

    @PostMapping
    ResponseEntity<?> submit(
            Caller caller,
            @RequestHeader(name = "Idempotency-Key", required = false) String key,
            @RequestBody JobSpec submitted) {
        JobSpec spec = submitted.withDefaults();
        String specJson = json.writeValueAsString(spec);
        return idempotency.execute(
                caller,
                key,
                io.moeplatform.platform.team.ApiTokens.hash(specJson),
                () -> ResponseEntity.status(HttpStatus.CREATED).body(create(caller, spec, specJson)),
                body -> body);
    }

    private JobView create(Caller caller, JobSpec spec, String specJson) {
        List<SpecViolation> violations = JobSpecValidator.validate(spec);
        if (!violations.isEmpty()) {
            SpecViolation first = violations.getFirst();
            throw new ApiException(
                    HttpStatus.BAD_REQUEST,
                    "invalid-job-spec",
                    first.field() + ": " + first.message(),
                    Map.of("field", first.field(), "errors", violations));
        }
        String datasetStatus =
                // FOR SHARE: a concurrent delete of the dataset waits until this job is stored, and then sees it.
                jdbc.sql("SELECT status FROM datasets WHERE id = ? AND team_id = ? FOR SHARE")
                        .params(spec.dataset(), caller.teamId())
                        .query(String.class)
                        .optional()
                        .orElseThrow(() -> new ApiException(
                                HttpStatus.BAD_REQUEST,
                                "invalid-job-spec",
                                "dataset: no dataset " + spec.dataset() + " in team " + caller.teamName(),
                                Map.of("field", "dataset")));
        if (!"READY".equals(datasetStatus)) {
            throw new ApiException(
                    HttpStatus.BAD_REQUEST,
                    "invalid-job-spec",
                    "dataset: dataset " + spec.dataset() + " is " + datasetStatus + ", not READY",
                    Map.of("field", "dataset"));
        }
        MemoryPlan plan = MemoryPlanner.plan(spec);
        checkFits(plan);
        JobView job = jobs.insert(
                caller.teamId(),
                spec.name(),
                spec.dataset(),
                specJson,
                spec.schedule().steps(),
                plan.deviceBytes());
        queue.event(job.id(), null, JobState.QUEUED, "submitted: " + plan.describe(), null);
        return job;
    }

    /**
     * Refuses a job that no registered worker can hold, with the numbers. With no worker
     * registered at all the job is queued: workers may still be starting.
     */
    private void checkFits(MemoryPlan plan) {
        record Capacity(long workers, long fitting, long maxDevice, long maxHost) {}
        Capacity c = jdbc.sql("""
                SELECT count(*),
                       count(*) FILTER (WHERE device_memory_bytes >= ? AND host_memory_bytes >= ?),
                       coalesce(max(device_memory_bytes), 0), coalesce(max(host_memory_bytes), 0)
                FROM workers WHERE state <> 'GONE'
                """)
                .params(plan.deviceBytes(), plan.hostBytes())
                .query((rs, n) -> new Capacity(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)))
                .single();
        if (c.workers() > 0 && c.fitting() == 0) {
            throw new ApiException(
                    HttpStatus.BAD_REQUEST,
                    "does-not-fit",
                    String.format(
                            "model: needs %.2f GiB device and %.2f GiB host memory per rank (%s); the largest of"
                                    + " %d registered workers has %.2f GiB device and %.2f GiB host memory",
                            gib(plan.deviceBytes()),
                            gib(plan.hostBytes()),
                            plan.describe(),
                            c.workers(),
                            gib(c.maxDevice()),
                            gib(c.maxHost())),
                    Map.of(
                            "field", "model",
                            "requiredDeviceBytes", plan.deviceBytes(),
                            "requiredHostBytes", plan.hostBytes(),
                            "largestWorkerDeviceBytes", c.maxDevice(),
                            "largestWorkerHostBytes", c.maxHost()));
        }
    }

    private static double gib(long bytes) {
        return bytes / (1024.0 * 1024 * 1024);
    }

    @GetMapping
    Page<JobView> list(
            Caller caller,
            @RequestParam(required = false) JobState state,
            @RequestParam(required = false) String name,
            @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "20") int size) {
        Page.check(page, size);
        return new Page<>(
                jobs.list(caller.teamId(), state, name, page * size, size),
                page,
                size,
                jobs.count(caller.teamId(), state, name));
    }

    @GetMapping("/{id}")
    JobView get(Caller caller, @PathVariable UUID id) {
        return find(caller, id);
    }

    @GetMapping("/{id}/events")
    List<JobStore.Event> events(Caller caller, @PathVariable UUID id) {
        return jobs.events(find(caller, id).id());
    }

    @GetMapping("/{id}/logs")
    List<JobStore.LogLine> logs(
            Caller caller,
            @PathVariable UUID id,
            @RequestParam(defaultValue = "0") long after,
            @RequestParam(defaultValue = "1000") int limit) {
        if (limit < 1 || limit > 10_000) {
            throw ApiException.invalid("limit", "must be in 1..10000, was " + limit);
        }
        return jobs.logs(find(caller, id).id(), after, limit);
    }

    /** Metric series downsampled server-side to at most {@code points} points each. */
    @GetMapping("/{id}/metrics")
    Map<String, List<double[]>> metrics(
            Caller caller,
            @PathVariable UUID id,
            @RequestParam(required = false) String name,
            @RequestParam(defaultValue = "500") int points) {
        if (points < 1 || points > 10_000) {
            throw ApiException.invalid("points", "must be in 1..10000, was " + points);
        }
        return jobs.metrics(find(caller, id).id(), name, points);
    }

    /**
     * Cancels a job: a queued one at once, a running one within one training step (its worker
     * checks the flag every step, checkpoints and releases the job).
     */
    @PostMapping("/{id}/cancel")
    @Transactional
    JobView cancel(Caller caller, @PathVariable UUID id) {
        JobView job = find(caller, id);
        if (jobs.cancelQueued(job.id())) {
            queue.event(job.id(), JobState.QUEUED, JobState.CANCELLED, "cancelled by team " + caller.teamName(), null);
        } else if (!jobs.requestCancel(job.id())) {
            throw ApiException.conflict(
                    "job-not-cancellable",
                    "job " + id + " is " + job.state() + ", nothing to cancel",
                    Map.of("state", job.state()));
        }
        return find(caller, id);
    }

    /** Puts a FAILED or CANCELLED job back in the queue; it resumes from its last checkpoint. */
    @PostMapping("/{id}/resume")
    @Transactional
    JobView resume(Caller caller, @PathVariable UUID id) {
        JobView job = find(caller, id);
        String from = jobs.requeue(job.id())
                .orElseThrow(() -> ApiException.conflict(
                        "job-not-resumable",
                        "job " + id + " is " + job.state() + "; only FAILED or CANCELLED jobs resume",
                        Map.of("state", job.state())));
        queue.event(job.id(), JobState.valueOf(from), JobState.QUEUED, "resumed by team " + caller.teamName(), null);
        return find(caller, id);
    }

    private JobView find(Caller caller, UUID id) {
        return jobs.find(caller.teamId(), id).orElseThrow(() -> ApiException.notFound("job", id));
    }
}
