package io.moeplatform.worker;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of a training worker, under {@code moe.worker.*} ({@code MOE_WORKER_*}). How many
 * attempts a job gets is the job lifecycle's {@code moe.jobs.max-attempts}.
 *
 * @param embedded whether platform-api runs a worker in its own process (default true; the
 *     docker-compose setup runs workers as their own containers and sets it false)
 * @param name the worker's unique name (default: host name and process id)
 * @param heartbeatInterval how often the worker renews its registration and its job's lease
 * @param lease how long a job stays the worker's without a heartbeat; after that the platform
 *     puts it back in the queue for another worker
 * @param pollInterval how often an idle worker looks for a queued job
 * @param workDir local scratch space for datasets and checkpoints being written
 * @param deviceMemoryBytes memory of one device; 0 detects it (GPU memory, or RAM on CPU)
 * @param hostMemoryBytes host memory for offloaded state; 0 detects it
 * @param metricsEvery record metrics every this many training steps
 * @param retryDelay how long the worker keeps a failed attempt's job (lease renewed, so no other
 *     worker takes it) before putting it back in the queue; doubled at each further attempt. It
 *     gives a passing outage (object store, network) time to end, instead of spending every
 *     attempt within a second
 */
@ConfigurationProperties("moe.worker")
public record WorkerProperties(
        @DefaultValue("true") boolean embedded,
        String name,
        @DefaultValue("5s") Duration heartbeatInterval,
        @DefaultValue("30s") Duration lease,
        @DefaultValue("2s") Duration pollInterval,
        Path workDir,
        @DefaultValue("0") long deviceMemoryBytes,
        @DefaultValue("0") long hostMemoryBytes,
        @DefaultValue("10") int metricsEvery,
        @DefaultValue("10s") Duration retryDelay) {

    public WorkerProperties {
        if (workDir == null) {
            workDir = Path.of(
                    System.getProperty("java.io.tmpdir"),
                    "moe-worker-" + ProcessHandle.current().pid());
        }
        if (lease.compareTo(heartbeatInterval.multipliedBy(2)) < 0) {
            throw new IllegalArgumentException("moe.worker.lease (" + lease
                    + ") must be at least twice moe.worker.heartbeat-interval (" + heartbeatInterval + ")");
        }
    }
}
