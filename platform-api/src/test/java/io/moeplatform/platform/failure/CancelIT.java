package io.moeplatform.platform.failure;

import static org.assertj.core.api.Assertions.assertThat;

import io.moeplatform.platform.PlatformClient;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Cancelling a RUNNING job stops it within a step or two, checkpointed, as CANCELLED; {@code
 * POST /resume} puts it back in the queue and it finishes from that checkpoint.
 */
class CancelIT extends WorkerProcessTest {

    static final long TOTAL = 20;

    @Test
    void aCancelledJobStopsWithinAStepAndResumesToSuccess() {
        platform = Failures.sharedPlatform();
        ChildJvm worker = platform.startWorker("cancel-a", dir);
        workers.add(worker);
        try {
            UUID dataset = platform.uploadDataset(120);
            String job = platform.submit(Failures.tinySpec(dataset, "cancel", TOTAL, 100));
            long before = Failures.await(
                    "step 5",
                    () -> platform.job(job).get("step").asLong(),
                    s -> s >= 5,
                    Duration.ofMinutes(2),
                    worker::tail);
            PlatformClient.Response cancel = platform.client().post("/api/v1/jobs/" + job + "/cancel");
            assertThat(cancel.status()).as(cancel.raw()).isEqualTo(200);
            long atCancel = platform.job(job).get("step").asLong();
            assertThat(atCancel).isGreaterThanOrEqualTo(before);

            JsonNode cancelled = platform.awaitState(job, "CANCELLED|SUCCEEDED|FAILED", Duration.ofMinutes(1));
            assertThat(cancelled.get("state").asString()).isEqualTo("CANCELLED");
            long stoppedAt = cancelled.get("step").asLong();
            assertThat(stoppedAt - atCancel)
                    .as("steps trained after the cancel request")
                    .isBetween(0L, 2L);
            assertThat(platform.transitions(job)).contains("RUNNING>CANCELLED: cancelled at step " + stoppedAt);
            assertThat(platform.checkpointRows(job)).containsExactly(stoppedAt);

            PlatformClient.Response resume = platform.client().post("/api/v1/jobs/" + job + "/resume");
            assertThat(resume.status()).as(resume.raw()).isEqualTo(200);
            JsonNode done = platform.awaitState(job, "SUCCEEDED|FAILED|CANCELLED", Duration.ofMinutes(3));
            platform.printTimeline(job);
            assertThat(done.get("state").asString()).isEqualTo("SUCCEEDED");
            assertThat(done.get("step").asLong()).isEqualTo(TOTAL);
            assertThat(platform.logs(job)).contains("resumed from the checkpoint at step " + stoppedAt);
            assertThat(platform.transitions(job))
                    .anyMatch(t -> t.startsWith("CANCELLED>QUEUED: resumed by team"))
                    .last()
                    .isEqualTo("RUNNING>SUCCEEDED: completed " + TOTAL + " steps");
            platform.assertMetricsOncePerStep(job, TOTAL);
        } catch (AssertionError | RuntimeException e) {
            workers.forEach(w -> System.out.println(w.tail()));
            throw e;
        }
    }
}
