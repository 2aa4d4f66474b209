package io.moeplatform.worker.queue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The job queue in PostgreSQL. Workers claim the oldest queued job that fits them with {@code
 * SELECT … FOR UPDATE SKIP LOCKED}, so that concurrent workers never claim the same job and never
 * wait on each other, and hold it by a lease that their heartbeats renew. A job whose lease ran
 * out goes back to the queue and resumes from its last committed checkpoint.
 */
public class JobQueue {

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;

    public JobQueue(JdbcClient jdbc, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.tx = tx;
    }

    /**
     * Claims the oldest queued job whose memory need fits {@code deviceMemoryBytes}, moving it to
     * RUNNING under a lease of {@code lease}.
     */
    public Optional<ClaimedJob> claim(UUID workerId, long deviceMemoryBytes, Duration lease) {
        return tx.execute(status -> {
            Optional<ClaimedJob> job = jdbc.sql("""
                      UPDATE jobs SET state = 'RUNNING', worker_id = :worker, attempt = attempt + 1,
                             lease_expires_at = now() + make_interval(secs => :lease),
                             started_at = coalesce(started_at, now())
                      WHERE id = (SELECT id FROM jobs
                                  WHERE state = 'QUEUED' AND NOT cancel_requested
                                    AND required_memory_bytes <= :memory
                                  ORDER BY created_at
                                  FOR UPDATE SKIP LOCKED
                                  LIMIT 1)
                      RETURNING id, team_id, dataset_id, spec::text, attempt, step
                      """)
                    .param("worker", workerId)
                    .param("lease", (double) lease.toMillis() / 1000)
                    .param("memory", deviceMemoryBytes)
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
     * Ends a run this worker holds: RUNNING to {@code to}, with the reason. Returns false when the
     * worker no longer held it (its lease was lost), in which case nothing changes.
     */
    public boolean finish(UUID jobId, UUID workerId, JobState to, String reason) {
        if (!to.terminal() && to != JobState.QUEUED) {
            throw new IllegalArgumentException("a run ends in a terminal state or back in the queue, not " + to);
        }
        Boolean done = tx.execute(status -> {
            // A job going back to the queue while a cancel is pending is cancelled instead:
            // nothing would ever claim it (claims skip cancel_requested).
            java.util.Optional<String> ended = jdbc.sql("""
                          UPDATE jobs SET
                                 state = CASE WHEN :to = 'QUEUED' AND cancel_requested THEN 'CANCELLED' ELSE :to END,
                                 lease_expires_at = NULL,
                                 worker_id = CASE WHEN :to = 'QUEUED' THEN NULL ELSE worker_id END,
                                 finished_at = CASE WHEN :to = 'QUEUED' AND NOT cancel_requested THEN NULL ELSE now() END,
                                 failure_reason = CASE WHEN :to = 'FAILED' THEN :reason ELSE NULL END
                          WHERE id = :job AND worker_id = :worker AND state = 'RUNNING'
                          RETURNING state
                          """)
                    .param("to", to.name())
                    .param("reason", reason)
                    .param("job", jobId)
                    .param("worker", workerId)
                    .query(String.class)
                    .optional();
            ended.ifPresent(state -> {
                JobState actual = JobState.valueOf(state);
                event(
                        jobId,
                        JobState.RUNNING,
                        actual,
                        actual == to ? reason : "cancelled (requested while running): " + reason,
                        workerId);
                jdbc.sql("UPDATE workers SET state = 'IDLE' WHERE id = ?")
                        .param(workerId)
                        .update();
            });
            return ended.isPresent();
        });
        return Boolean.TRUE.equals(done);
    }

    /**
     * Puts every RUNNING job whose lease has expired back in the queue, with an event naming the
     * worker that lost it. Safe to run from every process at once: each job moves once.
     */
    public List<UUID> requeueExpired() {
        return tx.execute(status -> {
            List<Expired> expired = jdbc.sql("""
                      UPDATE jobs j SET state = CASE WHEN j.cancel_requested THEN 'CANCELLED' ELSE 'QUEUED' END,
                             finished_at = CASE WHEN j.cancel_requested THEN now() ELSE NULL END,
                             worker_id = NULL, lease_expires_at = NULL
                      FROM (SELECT id, worker_id FROM jobs
                            WHERE state = 'RUNNING' AND lease_expires_at < now()
                            FOR UPDATE SKIP LOCKED) old
                      WHERE j.id = old.id
                      RETURNING j.id, old.worker_id, j.state
                      """)
                    .query((rs, n) -> new Expired(
                            rs.getObject(1, UUID.class),
                            rs.getObject(2, UUID.class),
                            JobState.valueOf(rs.getString(3))))
                    .list();
            for (Expired e : expired) {
                event(
                        e.job(),
                        JobState.RUNNING,
                        e.state(),
                        "lease of worker " + e.worker() + " expired"
                                + (e.state() == JobState.CANCELLED ? " with a cancel pending" : ""),
                        e.worker());
            }
            return expired.stream().map(Expired::job).toList();
        });
    }

    private record Expired(UUID job, UUID worker, JobState state) {}

    /** Appends a line to the job's log. */
    public void log(UUID jobId, UUID workerId, String level, String message) {
        jdbc.sql("INSERT INTO job_logs (job_id, worker_id, level, message) VALUES (?, ?, ?, ?)")
                .params(jobId, workerId, level, message)
                .update();
    }

    /** Appends a transition to the job's event trail. */
    public void event(UUID jobId, JobState from, JobState to, String reason, UUID workerId) {
        jdbc.sql("INSERT INTO job_events (job_id, from_state, to_state, reason, worker_id) VALUES (?, ?, ?, ?, ?)")
                .params(jobId, from == null ? null : from.name(), to.name(), reason, workerId)
                .update();
    }

    /** What a lease renewal tells the worker. */
    public enum LeaseStatus {
        HELD,
        CANCEL_REQUESTED,
        LOST
    }
}
