package io.moeplatform.worker.run;

/** Why a run stops before its last step. */
public enum StopReason {
    /** The team asked for it: checkpoint, then CANCELLED. */
    CANCEL,
    /** The worker is shutting down (SIGTERM): checkpoint, then back to the queue. */
    SHUTDOWN,
    /** The lease went to someone else: stop at once and write nothing more. */
    LEASE_LOST
}
