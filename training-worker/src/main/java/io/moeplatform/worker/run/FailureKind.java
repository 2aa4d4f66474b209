package io.moeplatform.worker.run;

import io.moeplatform.core.train.NonFiniteLossException;

/**
 * Which failures of a training attempt are worth another attempt. Training is deterministic under
 * its seed (moe-core's README), so an attempt that resumes from the last checkpoint after a NaN or
 * infinite loss reaches the same loss at the same step: it is failed at once instead of spending
 * the remaining attempts and their back-off. Everything else (the object store or the database
 * unreachable, a worker out of memory, a bug that may depend on the machine) is retried.
 */
final class FailureKind {

    private FailureKind() {}

    /**
     * @param failure an attempt's failure, with its causes
     * @return false if the failure, or any cause, would repeat on a retry
     */
    static boolean retryable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) { // getCause() is null, never t, at the end
            if (t instanceof NonFiniteLossException) {
                return false;
            }
        }
        return true;
    }
}
