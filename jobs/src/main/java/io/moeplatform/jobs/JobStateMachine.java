package io.moeplatform.jobs;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Every transition of a job and the rule that picks it, in one place. The queue's native queries
 * ({@link JobQueue}) lock the rows they change and ask these methods what to write; nothing else
 * decides a job's state.
 *
 * <pre>
 *   QUEUED ──claim──▶ RUNNING ──run ends──▶ SUCCEEDED | FAILED | CANCELLED
 *     │                 │  └──lease lost / shutdown──▶ QUEUED (or CANCELLED, or FAILED after max-attempts)
 *     └──cancel──▶ CANCELLED
 *   FAILED | CANCELLED ──resume──▶ QUEUED
 * </pre>
 *
 * <p>A lost lease counts against {@code moe.jobs.max-attempts}: a job whose runs keep killing their
 * worker (out of memory, a native crash) fails after that many lost leases instead of taking down
 * every worker in turn. A run that ends by itself back in the queue (graceful shutdown) does not
 * count. Resuming a job starts the count again.
 */
public final class JobStateMachine {

    private static final Map<JobState, Set<JobState>> EDGES = new EnumMap<>(JobState.class);

    static {
        EDGES.put(JobState.QUEUED, EnumSet.of(JobState.RUNNING, JobState.CANCELLED));
        EDGES.put(
                JobState.RUNNING, EnumSet.of(JobState.SUCCEEDED, JobState.FAILED, JobState.CANCELLED, JobState.QUEUED));
        EDGES.put(JobState.SUCCEEDED, EnumSet.noneOf(JobState.class));
        EDGES.put(JobState.FAILED, EnumSet.of(JobState.QUEUED));
        EDGES.put(JobState.CANCELLED, EnumSet.of(JobState.QUEUED));
    }

    private JobStateMachine() {}

    /** Whether a job may go from {@code from} to {@code to}. */
    public static boolean allowed(JobState from, JobState to) {
        return EDGES.get(from).contains(to);
    }

    /**
     * Refuses a transition that the lifecycle does not have.
     *
     * @throws IllegalStateException naming both states
     */
    public static void check(JobState from, JobState to) {
        if (!allowed(from, to)) {
            throw new IllegalStateException("a job cannot go from " + from + " to " + to);
        }
    }

    /**
     * The state a run ends in when its worker asks for {@code requested}: a run that goes back to
     * the queue while a cancel is pending is cancelled instead, since claims skip jobs with a
     * cancel pending and nothing would ever run it.
     *
     * @throws IllegalArgumentException when {@code requested} is neither terminal nor QUEUED
     */
    public static JobState runEnded(JobState requested, boolean cancelRequested) {
        if (!requested.terminal() && requested != JobState.QUEUED) {
            throw new IllegalArgumentException("a run ends in a terminal state or back in the queue, not " + requested);
        }
        JobState to = requested == JobState.QUEUED && cancelRequested ? JobState.CANCELLED : requested;
        check(JobState.RUNNING, to);
        return to;
    }

    /**
     * The state of a running job whose worker's lease expired.
     *
     * @param cancelRequested whether a cancel was pending
     * @param leaseLosses lost leases since submission or the last resume, this one included
     * @param maxAttempts {@code moe.jobs.max-attempts}
     */
    public static JobState leaseLost(boolean cancelRequested, int leaseLosses, int maxAttempts) {
        if (cancelRequested) {
            return JobState.CANCELLED;
        }
        return leaseLosses >= maxAttempts ? JobState.FAILED : JobState.QUEUED;
    }

    /** What a team's cancel does to a job in {@code from}. */
    public enum Cancel {
        /** A queued job is cancelled at once. */
        NOW,
        /** A running job is flagged; its worker checkpoints and ends the run within a step. */
        FLAGGED,
        /** A finished job has nothing to cancel. */
        REFUSED
    }

    /** The effect of a cancel on a job in {@code from}. */
    public static Cancel cancel(JobState from) {
        return switch (from) {
            case QUEUED -> Cancel.NOW;
            case RUNNING -> Cancel.FLAGGED;
            case SUCCEEDED, FAILED, CANCELLED -> Cancel.REFUSED;
        };
    }

    /** Whether a team may resume a job in {@code from} (back to QUEUED, from its last checkpoint). */
    public static boolean resumable(JobState from) {
        return allowed(from, JobState.QUEUED) && from.terminal();
    }
}
