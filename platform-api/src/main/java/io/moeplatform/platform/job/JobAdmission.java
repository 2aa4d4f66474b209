package io.moeplatform.platform.job;

import io.moeplatform.core.spec.JobSpec;
import io.moeplatform.core.spec.JobSpecValidator;
import io.moeplatform.core.spec.MemoryPlan;
import io.moeplatform.core.spec.MemoryPlanner;
import io.moeplatform.core.spec.SpecViolation;
import io.moeplatform.jobs.JobQueue;
import io.moeplatform.jobs.JobState;
import io.moeplatform.jobs.Workers;
import io.moeplatform.platform.team.Caller;
import io.moeplatform.platform.web.ApiException;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Job admission: a spec (defaults applied) is validated, its dataset checked, its memory planned
 * against the registered workers, and the job stored QUEUED with its first event, all in one
 * transaction. A job that no registered worker can hold is refused here, with the numbers, not
 * after an hour of training.
 */
@Service
class JobAdmission {

    private final JobStore jobs;
    private final JobQueue queue;
    private final Workers workers;

    JobAdmission(JobStore jobs, JobQueue queue, Workers workers) {
        this.jobs = jobs;
        this.queue = queue;
        this.workers = workers;
    }

    /**
     * Admits a job.
     *
     * @param spec the spec with defaults applied
     * @param specJson the same spec as stored
     * @throws ApiException 400 {@code invalid-job-spec} naming the field, or {@code does-not-fit}
     */
    @Transactional
    JobView admit(Caller caller, JobSpec spec, String specJson) {
        List<SpecViolation> violations = JobSpecValidator.validate(spec);
        if (!violations.isEmpty()) {
            SpecViolation first = violations.getFirst();
            throw new ApiException(
                    HttpStatus.BAD_REQUEST,
                    "invalid-job-spec",
                    first.field() + ": " + first.message(),
                    Map.of("field", first.field(), "errors", violations));
        }
        String datasetStatus = jobs.lockDatasetStatus(caller.teamId(), spec.dataset())
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
        Workers.Capacity c = workers.capacity(plan.deviceBytes(), plan.hostBytes());
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
                            gib(c.maxDeviceBytes()),
                            gib(c.maxHostBytes())),
                    Map.of(
                            "field", "model",
                            "requiredDeviceBytes", plan.deviceBytes(),
                            "requiredHostBytes", plan.hostBytes(),
                            "largestWorkerDeviceBytes", c.maxDeviceBytes(),
                            "largestWorkerHostBytes", c.maxHostBytes()));
        }
    }

    private static double gib(long bytes) {
        return bytes / (1024.0 * 1024 * 1024);
    }
}
