package io.moeplatform.platform.failure;

import static org.assertj.core.api.Assertions.assertThat;

import io.moeplatform.store.checkpoint.CheckpointManifest;
import io.moeplatform.store.checkpoint.CheckpointStore;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The object store becomes unreachable for a worker in the middle of writing a checkpoint (the
 * worker reaches it through a TCP forwarder that the test cuts). No half checkpoint becomes
 * visible: no manifest, no row. The attempt fails, the job is retried from the checkpoint
 * before, and once the store is back the second attempt succeeds.
 */
class ObjectStoreOutageIT extends WorkerProcessTest {

    static final long TOTAL = 16;
    static final int INTERVAL = 4;

    TcpProxy proxy;

    @AfterEach
    void closeProxy() {
        if (proxy != null) {
            proxy.close();
        }
    }

    @Test
    void anOutageDuringACheckpointWriteLeavesNoHalfCheckpointAndTheRetrySucceeds() throws Exception {
        platform = Failures.sharedPlatform();
        proxy = new TcpProxy(URI.create(platform.store().settings().endpoint()).getPort());
        List<String> args = new ArrayList<>(platform.workerArgs("outage-a", dir.resolve("outage-a-work")));
        args.replaceAll(
                a -> a.startsWith("--moe.s3.endpoint=") ? "--moe.s3.endpoint=http://127.0.0.1:" + proxy.port() : a);
        args.add("--moe.worker.retry-delay=3s");
        ChildJvm worker =
                ChildJvm.start("outage-a", dir, io.moeplatform.worker.TrainingWorkerApplication.class.getName(), args);
        workers.add(worker);
        try {
            UUID dataset = platform.uploadDataset(120);
            String job = platform.submit(Failures.tinySpec(dataset, "outage", TOTAL, INTERVAL));
            String cutStep = String.format("step-%09d/", 2L * INTERVAL);
            // Two shards of the checkpoint at step 8 go through, the third upload is cut.
            proxy.cutOnRequest("PUT", cutStep, 3);
            assertThat(proxy.awaitCut(Duration.ofMinutes(2)))
                    .as("the upload of checkpoint " + cutStep + " started\n" + worker.tail())
                    .isTrue();

            // The attempt fails; while the worker holds the failed job for its retry delay, the store
            // (seen from here, not through the cut link) shows no trace of the interrupted checkpoint.
            Failures.await(
                    "attempt 1 to fail",
                    () -> platform.logs(job),
                    l -> l.stream().anyMatch(m -> m.startsWith("attempt 1 failed")),
                    Duration.ofMinutes(1),
                    worker::tail);
            CheckpointStore checkpoints = new CheckpointStore(platform.store());
            String prefix = platform.checkpointsPrefix(job);
            assertThat(platform.store().listKeys(prefix + cutStep))
                    .as("shards written before the cut")
                    .isNotEmpty()
                    .doesNotContain(prefix + cutStep + "manifest.json");
            assertThat(checkpoints.list(prefix))
                    .extracting(CheckpointManifest::step)
                    .containsExactly((long) INTERVAL);
            assertThat(platform.checkpointRows(job)).containsExactly((long) INTERVAL);
            proxy.restore();

            JsonNode done = platform.awaitState(job, "SUCCEEDED|FAILED|CANCELLED", Duration.ofMinutes(3));
            platform.printTimeline(job);
            assertThat(done.get("state").asString()).isEqualTo("SUCCEEDED");
            assertThat(done.get("step").asLong()).isEqualTo(TOTAL);
            assertThat(done.get("attempt").asInt()).isEqualTo(2);
            assertThat(platform.transitions(job))
                    .anyMatch(t -> t.startsWith("RUNNING>QUEUED: attempt 1 of 3 failed: ")
                            && t.endsWith("; retrying from the last checkpoint"))
                    .noneMatch(t -> t.contains("FAILED"));
            assertThat(platform.logs(job)).contains("resumed from the checkpoint at step " + INTERVAL);
            platform.assertMetricsOncePerStep(job, TOTAL);

            // Every checkpoint directory left in the store has its manifest and its row.
            Map<String, List<String>> byCheckpoint = platform.store().listKeys(prefix).stream()
                    .collect(Collectors.groupingBy(
                            k -> k.substring(prefix.length()).split("/", 2)[0]));
            byCheckpoint.forEach((step, keys) -> assertThat(keys).as(step).contains(prefix + step + "/manifest.json"));
            assertThat(checkpoints.list(prefix))
                    .extracting(CheckpointManifest::step)
                    .isEqualTo(platform.checkpointRows(job))
                    .contains(TOTAL);
        } catch (AssertionError | RuntimeException e) {
            workers.forEach(w -> System.out.println(w.tail()));
            throw e;
        }
    }
}
