package io.moeplatform.jobs;

/**
 * The life of a job: {@code QUEUED → RUNNING → (SUCCEEDED | FAILED | CANCELLED)}, with {@code
 * RUNNING → QUEUED} when a worker's lease expires, and {@code FAILED | CANCELLED → QUEUED} when a
 * team resumes a job. Every transition is a row of {@code job_events} with its reason.
 */
public enum JobState {
    QUEUED,
    RUNNING,
    SUCCEEDED,
    FAILED,
    CANCELLED;

    public boolean terminal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }
}
