package io.moeplatform.platform.job;

import io.moeplatform.core.spec.JobSpec;
import io.moeplatform.jobs.JobQueue;
import io.moeplatform.jobs.JobState;
import io.moeplatform.jobs.JobStateMachine;
import io.moeplatform.platform.team.ApiTokens;
import io.moeplatform.platform.team.Caller;
import io.moeplatform.platform.web.ApiException;
import io.moeplatform.platform.web.Idempotency;
import io.moeplatform.platform.web.Page;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
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
    private final JobAdmission admission;
    private final JobQueue queue;
    private final Idempotency idempotency;
    private final JsonMapper json;

    JobController(JobStore jobs, JobAdmission admission, JobQueue queue, Idempotency idempotency, JsonMapper json) {
        this.jobs = jobs;
        this.admission = admission;
        this.queue = queue;
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
                ApiTokens.hash(specJson),
                () -> ResponseEntity.status(HttpStatus.CREATED).body(admission.admit(caller, spec, specJson)),
                body -> body);
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
    JobView cancel(Caller caller, @PathVariable UUID id) {
        JobView job = find(caller, id);
        JobQueue.CancelResult result =
                queue.cancel(job.id(), "team " + caller.teamName()).orElseThrow(() -> ApiException.notFound("job", id));
        if (result.effect() == JobStateMachine.Cancel.REFUSED) {
            throw ApiException.conflict(
                    "job-not-cancellable",
                    "job " + id + " is " + result.from() + ", nothing to cancel",
                    Map.of("state", result.from().name()));
        }
        return find(caller, id);
    }

    /** Puts a FAILED or CANCELLED job back in the queue; it resumes from its last checkpoint. */
    @PostMapping("/{id}/resume")
    JobView resume(Caller caller, @PathVariable UUID id) {
        JobView job = find(caller, id);
        JobState from =
                queue.resume(job.id(), "team " + caller.teamName()).orElseThrow(() -> ApiException.notFound("job", id));
        if (!JobStateMachine.resumable(from)) {
            throw ApiException.conflict(
                    "job-not-resumable",
                    "job " + id + " is " + from + "; only FAILED or CANCELLED jobs resume",
                    Map.of("state", from.name()));
        }
        return find(caller, id);
    }

    private JobView find(Caller caller, UUID id) {
        return jobs.find(caller.teamId(), id).orElseThrow(() -> ApiException.notFound("job", id));
    }
}
