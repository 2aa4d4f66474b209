package io.moeplatform.jobs;

/**
 * What a job runs. Every kind shares the lifecycle ({@link JobStateMachine}) and the queue; a
 * worker claims only the kinds it serves (the training worker {@link #TRAIN}; the pruning service
 * {@link #PRUNE} and {@link #EVAL}).
 */
public enum JobKind {
    /** Train a model from a job spec. */
    TRAIN,
    /** Prune the experts of a checkpoint. */
    PRUNE,
    /** Evaluate a checkpoint (BLEU, chrF, tokens/s). */
    EVAL
}
