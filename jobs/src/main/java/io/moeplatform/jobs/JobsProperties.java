package io.moeplatform.jobs;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the job lifecycle, under {@code moe.jobs}.
 *
 * @param maxAttempts lost leases after which a job fails instead of going back to the queue
 *     (default 3): a job that kills its worker stops there
 * @param leaseSweepInterval how often the platform requeues jobs whose lease expired and marks
 *     silent workers GONE (default 5 s)
 * @param workerSilence a worker silent this long is GONE and no longer counted for admission
 *     (default 60 s)
 */
@ConfigurationProperties("moe.jobs")
public record JobsProperties(
        @DefaultValue("3") int maxAttempts,
        @DefaultValue("5s") Duration leaseSweepInterval,
        @DefaultValue("60s") Duration workerSilence) {

    public JobsProperties {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("moe.jobs.max-attempts must be at least 1, was " + maxAttempts);
        }
        if (leaseSweepInterval.isNegative() || leaseSweepInterval.isZero()) {
            throw new IllegalArgumentException(
                    "moe.jobs.lease-sweep-interval must be positive, was " + leaseSweepInterval);
        }
        if (workerSilence.isNegative() || workerSilence.isZero()) {
            throw new IllegalArgumentException("moe.jobs.worker-silence must be positive, was " + workerSilence);
        }
    }
}
