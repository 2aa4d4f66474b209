package io.moeplatform.jobs;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The job queue in PostgreSQL, and the one place that writes a job's state: every change asks
 * {@link JobStateMachine} for the target and appends its {@code job_events} row in the same
 * transaction. The queries are native SQL on purpose: the claim needs {@code FOR UPDATE SKIP
 * LOCKED} and leases compare with the database's clock, neither of which JPA expresses.
 *
 * <p>Workers claim the oldest queued job that fits them with {@code
 * SELECT … FOR UPDATE SKIP LOCKED}, so that concurrent workers never claim the same job and never
 * wait on each other, and hold it by a lease that their heartbeats renew. A job whose lease ran
 * out goes back to the queue and resumes from its last committed checkpoint.
 */
public class JobQueue {

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final JobEventRepository events;
    private final JobLogRepository logs;
    private final int maxAttempts;

    /**
     * @param maxAttempts {@code moe.jobs.max-attempts}: the attempt whose lease is lost fails the
     *     job when it is this one or later
     */
    public JobQueue(
            JdbcClient jdbc,
            TransactionTemplate tx,
            JobEventRepository events,
            JobLogRepository logs,
            int maxAttempts) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.events = events;
        this.logs = logs;
        this.maxAttempts = maxAttempts;
    }

    /** {@code moe.jobs.max-attempts}. */
    public int maxAttempts() {
        return maxAttempts;
    }

    /**
     * Claims the oldest queued job of one of {@code kinds} whose memory need fits {@code
     * deviceMemoryBytes}, moving it to RUNNING under a lease of {@code lease}.
     */
    public Optional<ClaimedJob> claim(UUID workerId, Set<JobKind> kinds, long deviceMemoryBytes, Duration lease) {
        if (kinds.isEmpty()) {
            throw new IllegalArgumentException("a worker serves at least one kind of job");
        }
        JobStateMachine.check(JobState.QUEUED, JobState.RUNNING);
        return tx.execute(status -> {
            Optional<ClaimedJob> job = jdbc.sql("""
                      UPDATE jobs SET state = 'RUNNING', worker_id = :worker, attempt = attempt + 1,
                             lease_expires_at = now() + make_interval(secs => :lease),
                             started_at = coalesce(started_at, now())
                      WHERE id = (SELECT id FROM jobs
                                  WHERE state = 'QUEUED' AND NOT cancel_requested
                                    AND kind IN (:kinds)
                                    AND required_memory_bytes <= :memory
                                  ORDER BY created_at
                                  FOR UPDATE SKIP LOCKED
                                  LIMIT 1)
                      RETURNING id, team_id, dataset_id, spec::text, attempt, step
                      """)
                    .param("worker", workerId)
                    .param("lease", (double) lease.toMillis() / 1000)
                    .param("memory", deviceMemoryBytes)
                    .param("kinds", kinds.stream().map(JobKind::name).toList())
                    .query((rs, n) -> new ClaimedJob(
                            rs.getObject(1, UUID.class),
                            rs.getObject(2, UUID.class),
                            rs.getObject(3, UUID.class),
                            rs.getString(4),
                            rs.getInt(5),
                            rs.getLong(6)))
                    .optional();
            job.ifPresent(j -> {
                event(
                        j.id(),
                        JobState.QUEUED,
                        JobState.RUNNING,
                        "claimed by worker (attempt " + j.attempt() + ")",
                        workerId);
                jdbc.sql("UPDATE workers SET state = 'BUSY' WHERE id = ?")
                        .param(workerId)
                        .update();
            });
            return job;
        });
    }

    /**
     * Renews the lease of a job this worker runs. Returns what the worker should do next: carry
     * on, stop because a cancel was asked for, or stop because the lease was lost (the job is
     * another worker's now, or was requeued).
     */
    public LeaseStatus renew(UUID jobId, UUID workerId, Duration lease) {
        return jdbc.sql("""
            UPDATE jobs SET lease_expires_at = now() + make_interval(secs => :lease)
            WHERE id = :job AND worker_id = :worker AND state = 'RUNNING'
            RETURNING cancel_requested
            """)
                .param("lease", (double) lease.toMillis() / 1000)
                .param("job", jobId)
                .param("worker", workerId)
                .query(Boolean.class)
                .optional()
                .map(cancel -> cancel ? LeaseStatus.CANCEL_REQUESTED : LeaseStatus.HELD)
                .orElse(LeaseStatus.LOST);
    }

    /** Whether a cancel was asked for; cheap enough to ask once per training step. */
    public boolean cancelRequested(UUID jobId) {
        return jdbc.sql("SELECT cancel_requested FROM jobs WHERE id = ?")
                .param(jobId)
                .query(Boolean.class)
                .optional()
                .orElse(true);
    }

    /** Records the step a running job has reached. */
    public void reportStep(UUID jobId, UUID workerId, long step) {
        jdbc.sql("UPDATE jobs SET step = ? WHERE id = ? AND worker_id = ? AND state = 'RUNNING'")
                .params(step, jobId, workerId)
                .update();
    }

    /**
     * Ends a run this worker holds: RUNNING to the state {@link JobStateMachine#runEnded} gives for
     * {@code to}, with the reason. Returns false when the worker no longer held it (its lease was
     * lost), in which case nothing changes.
     */
    public boolean finish(UUID jobId, UUID workerId, JobState to, String reason) {
        JobStateMachine.runEnded(to, false); // refuses a target that no run ends in, before any SQL
        Boolean done = tx.execute(status -> {
            Optional<Boolean> cancelRequested = jdbc.sql("""
                          SELECT cancel_requested FROM jobs
                          WHERE id = :job AND worker_id = :worker AND state = 'RUNNING'
                          FOR UPDATE
                          """)
                    .param("job", jobId)
                    .param("worker", workerId)
                    .query(Boolean.class)
                    .optional();
            if (cancelRequested.isEmpty()) {
                return false;
            }
            JobState actual = JobStateMachine.runEnded(to, cancelRequested.get());
            boolean requeued = actual == JobState.QUEUED;
            jdbc.sql("""
                  UPDATE jobs SET state = :state, lease_expires_at = NULL,
                         worker_id = CASE WHEN :requeued THEN NULL ELSE worker_id END,
                         finished_at = CASE WHEN :requeued THEN NULL ELSE now() END,
                         failure_reason = :reason
                  WHERE id = :job
                  """)
                    .param("state", actual.name())
                    .param("requeued", requeued)
                    .param("reason", actual == JobState.FAILED ? reason : null)
                    .param("job", jobId)
                    .update();
            event(
                    jobId,
                    JobState.RUNNING,
                    actual,
                    actual == to ? reason : "cancelled (requested while running): " + reason,
                    workerId);
            jdbc.sql("UPDATE workers SET state = 'IDLE' WHERE id = ?")
                    .param(workerId)
                    .update();
            return true;
        });
        return Boolean.TRUE.equals(done);
    }

    /**
     * Moves every RUNNING job whose lease has expired to the state {@link
     * JobStateMachine#leaseLost} gives (back to the queue; CANCELLED with a cancel pending; FAILED
     * on its last attempt), with an event naming the worker that lost it. Safe to run from every
     * process at once: the rows are locked with {@code SKIP LOCKED}, so each job moves once.
     */
    public List<UUID> requeueExpired() {
        return tx.execute(status -> {
            // Native: the lease is compared with the database's clock, the one that set it.
            List<Expired> expired = jdbc.sql("""
                      SELECT id, worker_id, cancel_requested, attempt FROM jobs
                      WHERE state = 'RUNNING' AND lease_expires_at < now()
                      FOR UPDATE SKIP LOCKED
                      """)
                    .query((rs, n) -> new Expired(
                            rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getBoolean(3), rs.getInt(4)))
                    .list();
            for (Expired e : expired) {
                JobState to = JobStateMachine.leaseLost(e.cancelRequested(), e.attempt(), maxAttempts);
                String reason = "lease of worker " + e.worker() + " expired"
                        + switch (to) {
                            case CANCELLED -> " with a cancel pending";
                            case FAILED ->
                                " on attempt " + e.attempt() + " of " + maxAttempts + " (moe.jobs.max-attempts):"
                                        + " not retried, the job may be what stops its worker";
                            default -> "";
                        };
                jdbc.sql("""
                      UPDATE jobs SET state = :state, worker_id = NULL, lease_expires_at = NULL,
                             finished_at = CASE WHEN :terminal THEN now() ELSE NULL END,
                             failure_reason = :reason
                      WHERE id = :job
                      """)
                        .param("state", to.name())
                        .param("terminal", to.terminal())
                        .param("reason", to == JobState.FAILED ? reason : null)
                        .param("job", e.job())
                        .update();
                event(e.job(), JobState.RUNNING, to, reason, e.worker());
            }
            return expired.stream().map(Expired::job).toList();
        });
    }

    private record Expired(UUID job, UUID worker, boolean cancelRequested, int attempt) {}

    /**
     * A team's cancel: a queued job is CANCELLED at once, a running one is flagged for its worker
     * (see {@link JobStateMachine#cancel}). Returns the state the job was in, or empty when there
     * is no such job.
     */
    public Optional<CancelResult> cancel(UUID jobId, String by) {
        return tx.execute(status -> lockState(jobId).map(from -> {
            JobStateMachine.Cancel effect = JobStateMachine.cancel(from);
            switch (effect) {
                case NOW -> {
                    jdbc.sql("UPDATE jobs SET state = 'CANCELLED', finished_at = now() WHERE id = ?")
                            .param(jobId)
                            .update();
                    event(jobId, from, JobState.CANCELLED, "cancelled by " + by, null);
                }
                case FLAGGED ->
                    jdbc.sql("UPDATE jobs SET cancel_requested = TRUE WHERE id = ?")
                            .param(jobId)
                            .update();
                case REFUSED -> {}
            }
            return new CancelResult(from, effect);
        }));
    }

    /** What {@link #cancel} did: the state the job was in and the effect. */
    public record CancelResult(JobState from, JobStateMachine.Cancel effect) {}

    /**
     * A team's resume: a FAILED or CANCELLED job goes back to the queue with its cancel flag and
     * failure reason cleared. Returns the state it was in (unchanged when it was not resumable), or
     * empty when there is no such job.
     */
    public Optional<JobState> resume(UUID jobId, String by) {
        return tx.execute(status -> lockState(jobId).map(from -> {
            if (JobStateMachine.resumable(from)) {
                jdbc.sql("""
                      UPDATE jobs SET state = 'QUEUED', cancel_requested = FALSE, failure_reason = NULL,
                             finished_at = NULL, worker_id = NULL
                      WHERE id = ?
                      """).param(jobId).update();
                event(jobId, from, JobState.QUEUED, "resumed by " + by, null);
            }
            return from;
        }));
    }

    private Optional<JobState> lockState(UUID jobId) {
        return jdbc.sql("SELECT state FROM jobs WHERE id = ? FOR UPDATE")
                .param(jobId)
                .query(String.class)
                .optional()
                .map(JobState::valueOf);
    }

    /** Appends a line to the job's log. */
    public void log(UUID jobId, UUID workerId, String level, String message) {
        logs.save(new JobLog(jobId, workerId, level, message, Instant.now()));
    }

    /** Appends a transition to the job's event trail, in the caller's transaction. */
    public void event(UUID jobId, JobState from, JobState to, String reason, UUID workerId) {
        events.save(new JobEvent(jobId, from, to, reason, workerId, Instant.now()));
    }

    /** What a lease renewal tells the worker. */
    public enum LeaseStatus {
        HELD,
        CANCEL_REQUESTED,
        LOST
    }
}
