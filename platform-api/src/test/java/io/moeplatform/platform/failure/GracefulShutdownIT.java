package io.moeplatform.platform.failure;

import static org.assertj.core.api.Assertions.assertThat;

import io.moeplatform.store.checkpoint.CheckpointManifest;
import io.moeplatform.store.checkpoint.CheckpointStore;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A worker process stopped with SIGTERM mid-training checkpoints where it is, puts the job back
 * in the queue, releases its lease, marks itself GONE and exits normally; another worker
 * finishes the job from that checkpoint, with no lease having to expire.
 */
class GracefulShutdownIT extends WorkerProcessTest {

    static final long TOTAL = 20;

    @Test
    void sigtermCheckpointsRequeuesAndExitsCleanly() {
        platform = Failures.sharedPlatform();
        ChildJvm a = platform.startWorker("graceful-a", dir);
        workers.add(a);
        try {
            UUID dataset = platform.uploadDataset(120);
            // Checkpoints far apart: the one at shutdown is the worker's own doing.
            String job = platform.submit(Failures.tinySpec(dataset, "graceful", TOTAL, 100));
            Failures.await(
                    "step 6",
                    () -> platform.job(job).get("step").asLong(),
                    s -> s >= 6,
                    Duration.ofMinutes(2),
                    a::tail);
            a.terminate();
            int exit = a.awaitExit(Duration.ofMinutes(2));
            assertThat(exit)
                    .as("exit code after SIGTERM (0, or 143 for a JVM ended by the signal)\n" + a.tail())
                    .isIn(0, 143);

            UUID workerA = platform.workerId("graceful-a");
            Map<String, Object> row = platform.jdbc()
                    .sql("SELECT state, worker_id, lease_expires_at, step FROM jobs WHERE id = ?::uuid")
                    .param(job)
                    .query()
                    .singleRow();
            assertThat(row.get("state")).isEqualTo("QUEUED");
            assertThat(row.get("worker_id")).as("lease released").isNull();
            assertThat(row.get("lease_expires_at")).as("lease released").isNull();
            long stoppedAt = ((Number) row.get("step")).longValue();
            assertThat(stoppedAt).isBetween(6L, TOTAL - 1);
            assertThat(platform.jdbc()
                            .sql("SELECT state FROM workers WHERE id = ?")
                            .param(workerA)
                            .query(String.class)
                            .single())
                    .isEqualTo("GONE");
            assertThat(platform.transitions(job))
                    .contains("RUNNING>QUEUED: worker shut down at step " + stoppedAt
                            + "; resumes from its last checkpoint");
            CheckpointStore checkpoints = new CheckpointStore(platform.store());
            assertThat(checkpoints.list(platform.checkpointsPrefix(job)))
                    .extracting(CheckpointManifest::step)
                    .containsExactly(stoppedAt);

            ChildJvm b = platform.startWorker("graceful-b", dir);
            workers.add(b);
            JsonNode done = platform.awaitState(job, "SUCCEEDED|FAILED|CANCELLED", Duration.ofMinutes(3));
            platform.printTimeline(job);
            assertThat(done.get("state").asString()).isEqualTo("SUCCEEDED");
            assertThat(done.get("step").asLong()).isEqualTo(TOTAL);
            assertThat(platform.transitions(job)).noneMatch(t -> t.contains("expired"));
            assertThat(platform.logs(job))
                    .contains(
                            "worker shutting down; job requeued at step " + stoppedAt,
                            "resumed from the checkpoint at step " + stoppedAt);
            platform.assertMetricsOncePerStep(job, TOTAL);
        } catch (AssertionError | RuntimeException e) {
            workers.forEach(w -> System.out.println(w.tail()));
            throw e;
        }
    }
}
