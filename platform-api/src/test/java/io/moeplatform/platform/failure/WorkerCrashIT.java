package io.moeplatform.platform.failure;

import static org.assertj.core.api.Assertions.assertThat;

import io.moeplatform.core.spec.JobSpec;
import io.moeplatform.core.spec.MemoryPlanner;
import io.moeplatform.store.checkpoint.CheckpointManifest;
import io.moeplatform.store.checkpoint.CheckpointStore;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A worker process killed with {@code kill -9} mid-training: its lease runs out, the job goes back
 * to the queue, a second worker process resumes it from the last committed checkpoint, and the
 * job ends with every step trained once and every metric step recorded once.
 */
class WorkerCrashIT extends WorkerProcessTest {

    static final long TOTAL = 20;

    @Test
    void aKilledWorkersJobResumesOnAnotherWorkerFromItsLastCheckpoint() {
        platform = Failures.sharedPlatform();
        ChildJvm a = platform.startWorker("crash-a", dir);
        workers.add(a);
        try {
            UUID dataset = platform.uploadDataset(120);
            String job = platform.submit(Failures.tinySpec(dataset, "crash", TOTAL, 4));

            Failures.await(
                    "a checkpoint at step >= 8",
                    () -> platform.lastCheckpointStep(job),
                    s -> s >= 8,
                    Duration.ofMinutes(2),
                    a::tail);
            UUID workerA = platform.workerId("crash-a");
            assertThat(platform.job(job).get("worker").asString()).isEqualTo(workerA.toString());
            System.out.println(java.time.Instant.now() + " kill -9 crash-a");
            a.kill();

            // What a new owner must resume from: the newest checkpoint with a manifest, whatever the
            // killed worker was writing at the time.
            CheckpointStore checkpoints = new CheckpointStore(platform.store());
            long committed =
                    checkpoints.list(platform.checkpointsPrefix(job)).getLast().step();
            long reachedByA = platform.job(job).get("step").asLong();
            assertThat(reachedByA).isLessThan(TOTAL);

            ChildJvm b = platform.startWorker("crash-b", dir);
            workers.add(b);
            JsonNode done = platform.awaitState(job, "SUCCEEDED|FAILED|CANCELLED", Duration.ofMinutes(3));
            assertThat(done.get("state").asString())
                    .as(String.join("\n", platform.logs(job)))
                    .isEqualTo("SUCCEEDED");
            assertThat(done.get("step").asLong()).isEqualTo(TOTAL);
            assertThat(done.get("attempt").asInt()).isEqualTo(2);
            UUID workerB = platform.workerId("crash-b");
            assertThat(done.get("worker").asString()).isEqualTo(workerB.toString());

            // The submission's reason names the memory plan of the spec the platform stored for the job.
            JobSpec submitted =
                    platform.context().getBean(JsonMapper.class).treeToValue(done.get("spec"), JobSpec.class);
            String plan = MemoryPlanner.plan(submitted).describe();
            assertThat(plan).contains(" parameters (").contains(" GiB device, ");
            assertThat(platform.transitions(job))
                    .containsExactly(
                            ">QUEUED: submitted: " + plan,
                            "QUEUED>RUNNING: claimed by worker (attempt 1)",
                            "RUNNING>QUEUED: lease of worker " + workerA + " expired",
                            "QUEUED>RUNNING: claimed by worker (attempt 2)",
                            "RUNNING>SUCCEEDED: completed " + TOTAL + " steps");
            assertThat(platform.logs(job)).contains("resumed from the checkpoint at step " + committed);
            platform.printTimeline(job);
            platform.assertMetricsOncePerStep(job, TOTAL);

            // Every checkpoint left has its manifest and its row, and they agree.
            List<Long> stored = checkpoints.list(platform.checkpointsPrefix(job)).stream()
                    .map(CheckpointManifest::step)
                    .toList();
            List<Long> rows = platform.checkpointRows(job);
            assertThat(stored).isEqualTo(rows).contains(TOTAL);
        } catch (AssertionError | RuntimeException e) {
            workers.forEach(w -> System.out.println(w.tail()));
            throw e;
        }
    }
}
