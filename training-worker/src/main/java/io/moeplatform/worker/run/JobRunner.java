package io.moeplatform.worker.run;

import io.moeplatform.core.spec.JobSpec;
import io.moeplatform.jobs.ClaimedJob;
import io.moeplatform.jobs.JobKind;
import io.moeplatform.jobs.JobQueue;
import io.moeplatform.jobs.JobQueue.LeaseStatus;
import io.moeplatform.jobs.JobState;
import io.moeplatform.worker.WorkerProperties;
import io.moeplatform.worker.batch.TrainingJobConfiguration;
import io.moeplatform.worker.registry.WorkerRegistry;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.context.SmartLifecycle;
import tools.jackson.databind.json.JsonMapper;

/**
 * The worker's main loop. While idle it claims the oldest queued job that fits its memory; it
 * runs each as the Spring Batch job {@code trainingJob}, whose identifying parameter is the job
 * id, so that a job taken over from a dead worker restarts the same Batch instance: completed
 * steps are skipped, and training resumes from the last committed checkpoint.
 *
 * <p>A heartbeat thread renews the worker's registration and the job's lease; it turns a cancel
 * request or a lost lease into a stop signal that the training loop sees within one step. On
 * graceful shutdown (SIGTERM) the loop checkpoints, puts the job back in the queue and returns.
 */
public class JobRunner implements SmartLifecycle {

    /** The kinds of job this worker runs: training (its Batch job is the training job). */
    private static final Set<JobKind> SERVES = EnumSet.of(JobKind.TRAIN);

    private static final Logger log = LoggerFactory.getLogger(JobRunner.class);

    private final JobQueue queue;
    private final WorkerRegistry registry;
    private final JobOperator jobOperator;
    private final JobRepository jobRepository;
    private final Job trainingJob;
    private final WorkerProperties properties;
    private final JsonMapper json;
    private final AtomicReference<RunContext> current = new AtomicReference<>();
    private volatile boolean running;
    private Thread loop;
    private ScheduledExecutorService heartbeat;

    public JobRunner(
            JobQueue queue,
            WorkerRegistry registry,
            JobOperator jobOperator,
            JobRepository jobRepository,
            Job trainingJob,
            WorkerProperties properties,
            JsonMapper json) {
        this.queue = queue;
        this.registry = registry;
        this.jobOperator = jobOperator;
        this.jobRepository = jobRepository;
        this.trainingJob = trainingJob;
        this.properties = properties;
        this.json = json;
    }

    /** The run in progress, if any. */
    public Optional<RunContext> current() {
        return Optional.ofNullable(current.get());
    }

    @Override
    public void start() {
        UUID workerId = registry.register();
        running = true;
        heartbeat = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("moe-heartbeat").daemon().factory());
        long every = properties.heartbeatInterval().toMillis();
        heartbeat.scheduleWithFixedDelay(this::beat, every, every, TimeUnit.MILLISECONDS);
        loop = Thread.ofPlatform().name("moe-worker").start(() -> runLoop(workerId));
    }

    @Override
    public void stop() {
        running = false;
        current().ifPresent(run -> run.requestStop(StopReason.SHUTDOWN));
        if (loop != null) {
            try {
                loop.join(Duration.ofSeconds(120));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (heartbeat != null) {
            heartbeat.shutdownNow();
        }
        registry.deregister();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops after the web server and before the data source. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 1024;
    }

    private void beat() {
        try {
            registry.heartbeat();
            RunContext run = current.get();
            if (run != null) {
                LeaseStatus status = queue.renew(run.jobId(), run.workerId(), properties.lease());
                if (status == LeaseStatus.LOST) {
                    log.warn("Lost the lease of job {}; stopping it", run.jobId());
                    run.requestStop(StopReason.LEASE_LOST);
                } else if (status == LeaseStatus.CANCEL_REQUESTED) {
                    run.requestStop(StopReason.CANCEL);
                }
            }
        } catch (RuntimeException e) {
            log.warn("Heartbeat failed: {}", e.getMessage());
        }
    }

    private void runLoop(UUID workerId) {
        while (running) {
            try {
                queue.requeueExpired();
                Optional<ClaimedJob> claimed =
                        queue.claim(workerId, SERVES, registry.deviceMemoryBytes(), properties.lease());
                if (claimed.isEmpty()) {
                    Thread.sleep(properties.pollInterval());
                    continue;
                }
                run(claimed.get(), workerId);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.error("Worker loop error: {}", e.toString(), e);
                sleepQuietly(properties.pollInterval());
            }
        }
    }

    private void run(ClaimedJob job, UUID workerId) {
        JobSpec spec = json.readValue(job.specJson(), JobSpec.class);
        RunContext run = new RunContext(
                job, spec, workerId, properties.workDir().resolve(job.id().toString()));
        current.set(run);
        queue.log(job.id(), workerId, "INFO", "attempt " + job.attempt() + " started on worker " + workerId);
        try {
            JobParameters params = new JobParametersBuilder()
                    .addString(TrainingJobConfiguration.JOB_ID, job.id().toString())
                    .toJobParameters();
            JobExecution last = jobRepository.getLastJobExecution(TrainingJobConfiguration.JOB_NAME, params);
            if (last != null && last.getStatus().isRunning()) {
                // Left STARTED by a worker that died: mark it failed so that the instance restarts.
                log.info("Recovering Batch execution {} of job {} abandoned by a dead worker", last.getId(), job.id());
                jobOperator.recover(last);
            }
            JobExecution execution = last != null && last.getStatus() == BatchStatus.COMPLETED
                    ? last
                    : jobOperator.start(trainingJob, params);
            conclude(run, execution);
        } catch (Exception e) {
            fail(run, e.getMessage() == null ? e.toString() : e.getMessage(), e);
        } finally {
            current.set(null);
        }
    }

    private void conclude(RunContext run, JobExecution execution) {
        StopReason reason = run.stopReason();
        UUID job = run.jobId();
        if (reason == StopReason.LEASE_LOST) {
            log.warn("Job {} stopped at step {}: lease lost; leaving it to its new owner", job, run.step());
            return;
        }
        if (execution.getStatus() == BatchStatus.COMPLETED) {
            queue.finish(
                    job,
                    run.workerId(),
                    JobState.SUCCEEDED,
                    "completed " + run.spec().schedule().steps() + " steps");
            queue.log(job, run.workerId(), "INFO", "job succeeded");
        } else if (reason == StopReason.CANCEL) {
            queue.finish(job, run.workerId(), JobState.CANCELLED, "cancelled at step " + run.step());
            queue.log(job, run.workerId(), "INFO", "cancelled at step " + run.step());
        } else if (reason == StopReason.SHUTDOWN) {
            queue.finish(
                    job,
                    run.workerId(),
                    JobState.QUEUED,
                    "worker shut down at step " + run.step() + "; resumes from its last checkpoint");
            queue.log(job, run.workerId(), "INFO", "worker shutting down; job requeued at step " + run.step());
        } else {
            String cause = execution.getAllFailureExceptions().stream()
                    .map(t -> t.getMessage() == null ? t.toString() : t.getMessage())
                    .findFirst()
                    .orElse("Batch job ended " + execution.getStatus());
            boolean retryable = execution.getAllFailureExceptions().stream().allMatch(FailureKind::retryable);
            fail(run, cause, null, retryable);
        }
    }

    private void fail(RunContext run, String cause, Exception e) {
        fail(run, cause, e, e == null || FailureKind.retryable(e));
    }

    /**
     * A failed attempt is retried from its last checkpoint until {@code moe.jobs.max-attempts}, unless the
     * failure would repeat (see {@link FailureKind}).
     */
    private void fail(RunContext run, String cause, Exception e, boolean retryable) {
        log.error("Job {} attempt {} failed: {}", run.jobId(), run.job().attempt(), cause, e);
        queue.log(run.jobId(), run.workerId(), "ERROR", "attempt " + run.job().attempt() + " failed: " + cause);
        if (run.stopReason() == StopReason.LEASE_LOST) {
            return;
        }
        if (!retryable) {
            queue.log(
                    run.jobId(),
                    run.workerId(),
                    "INFO",
                    "not retried: training is deterministic, so an attempt from the"
                            + " last checkpoint would fail the same way");
            queue.finish(run.jobId(), run.workerId(), JobState.FAILED, cause);
            return;
        }
        if (run.job().attempt() < queue.maxAttempts()) {
            Duration delay = properties
                    .retryDelay()
                    .multipliedBy(1L << Math.min(run.job().attempt() - 1, 6));
            queue.log(
                    run.jobId(),
                    run.workerId(),
                    "INFO",
                    "retrying from the last checkpoint in " + delay.toSeconds() + " s");
            // The next attempt would start at once and, in an outage of the object store or the
            // network, fail the same way: every attempt would be spent within a second. Keep the job
            // (the heartbeat renews its lease) for a while first.
            awaitRetry(run, delay);
            queue.finish(
                    run.jobId(),
                    run.workerId(),
                    JobState.QUEUED,
                    "attempt " + run.job().attempt() + " of " + queue.maxAttempts() + " failed: " + cause
                            + "; retrying from the last checkpoint");
        } else {
            queue.finish(run.jobId(), run.workerId(), JobState.FAILED, cause);
        }
    }

    /** Waits {@code delay}, or less when the worker shuts down or the lease is lost. */
    private void awaitRetry(RunContext run, Duration delay) {
        long end = System.nanoTime() + delay.toNanos();
        while (running && run.stopReason() != StopReason.LEASE_LOST && System.nanoTime() < end) {
            sleepQuietly(Duration.ofMillis(Math.min(200, Math.max(1, (end - System.nanoTime()) / 1_000_000))));
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
        }
    }

    private static void sleepQuietly(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
