package io.moeplatform.platform.infra;

import io.moeplatform.store.ObjectStoreException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;

/**
 * Turns a failed start caused by an unreachable or misconfigured PostgreSQL or object store into
 * Spring Boot's short failure report: one description line naming what failed, one action line,
 * and no stack trace (Boot logs that only at DEBUG once an analyzer claims the failure).
 */
class StartupFailureAnalyzer implements FailureAnalyzer {

    @Override
    public FailureAnalysis analyze(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof StartupCheckException e) {
                return new FailureAnalysis(e.getMessage(), e.action(), e);
            }
            if (t instanceof ObjectStoreException e) {
                return new FailureAnalysis(
                        "Object store: " + e.getMessage(),
                        "Check moe.s3.endpoint, moe.s3.access-key and moe.s3.secret-key (MOE_S3_*), or leave"
                                + " moe.s3.endpoint empty to use the embedded S3 server.",
                        e);
            }
        }
        return null;
    }
}
