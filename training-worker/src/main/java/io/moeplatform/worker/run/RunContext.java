package io.moeplatform.worker.run;

import io.moeplatform.core.spec.JobSpec;
import io.moeplatform.jobs.ClaimedJob;
import io.moeplatform.jobs.ObjectKeys;
import io.moeplatform.worker.session.TrainingSession;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The job this worker is running: what the Batch steps need to know about it, and the stop
 * signal that the heartbeat (cancel, lost lease) and the shutdown hook raise and the training
 * loop checks every step.
 */
public final class RunContext {

    private final ClaimedJob job;
    private final JobSpec spec;
    private final UUID workerId;
    private final Path workDir;
    private final AtomicReference<StopReason> stop = new AtomicReference<>();
    private volatile long step;
    private TrainingSession session;

    public RunContext(ClaimedJob job, JobSpec spec, UUID workerId, Path workDir) {
        this.job = job;
        this.spec = spec;
        this.workerId = workerId;
        this.workDir = workDir;
    }

    public ClaimedJob job() {
        return job;
    }

    public UUID jobId() {
        return job.id();
    }

    public JobSpec spec() {
        return spec;
    }

    public UUID workerId() {
        return workerId;
    }

    /** Local scratch space of this job on this worker. */
    public Path workDir() {
        return workDir;
    }

    /** Object keys of the job: {@code teams/{team}/jobs/{job}/}. */
    public String prefix() {
        return ObjectKeys.job(job.teamId(), job.id());
    }

    /** Asks the run to stop; the first reason wins, except that a lost lease overrides all. */
    public void requestStop(StopReason reason) {
        if (reason == StopReason.LEASE_LOST) {
            stop.set(reason);
        } else {
            stop.compareAndSet(null, reason);
        }
    }

    /** Why the run should stop, or null to carry on. */
    public StopReason stopReason() {
        return stop.get();
    }

    public long step() {
        return step;
    }

    public void step(long step) {
        this.step = step;
    }

    /** The engine session of this run, once a step opened it; later steps reuse it. */
    public Optional<TrainingSession> session() {
        return Optional.ofNullable(session);
    }

    public void session(TrainingSession session) {
        this.session = session;
    }

    /** Closes the engine session, if one was opened. */
    public void closeSession() {
        if (session != null) {
            session.close();
            session = null;
        }
    }
}
