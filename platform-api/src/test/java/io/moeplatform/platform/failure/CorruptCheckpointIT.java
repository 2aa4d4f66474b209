package io.moeplatform.platform.failure;

import static org.assertj.core.api.Assertions.assertThat;

import io.moeplatform.store.checkpoint.CheckpointManifest;
import io.moeplatform.store.checkpoint.CheckpointStore;
import io.moeplatform.store.checkpoint.ShardInfo;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The newest checkpoint of a crashed worker's job is damaged in storage (bytes of one shard
 * overwritten behind the object store's back, same size). The next worker finds that the shard
 * no longer matches the manifest's SHA-256, resumes from the checkpoint before it, and the job
 * still ends with every step trained and recorded once.
 */
class CorruptCheckpointIT extends WorkerProcessTest {

    static final long TOTAL = 20;
    static final int INTERVAL = 4;

    @Test
    void aCorruptNewestCheckpointIsSkippedAndThePreviousOneResumes() throws IOException {
        platform = Failures.sharedPlatform();
        ChildJvm a = platform.startWorker("corrupt-a", dir);
        workers.add(a);
        try {
            UUID dataset = platform.uploadDataset(120);
            String job = platform.submit(Failures.tinySpec(dataset, "corrupt", TOTAL, INTERVAL));
            Failures.await(
                    "a checkpoint at step >= 8",
                    () -> platform.lastCheckpointStep(job),
                    s -> s >= 8,
                    Duration.ofMinutes(2),
                    a::tail);
            a.kill();

            CheckpointStore checkpoints = new CheckpointStore(platform.store());
            List<CheckpointManifest> committed = checkpoints.list(platform.checkpointsPrefix(job));
            CheckpointManifest newest = committed.getLast();
            long previous = newest.step() - INTERVAL;
            assertThat(committed).extracting(CheckpointManifest::step).contains(previous);

            // Flip bytes in the middle of the newest checkpoint's largest shard, in place: same size,
            // same stored metadata, different content.
            ShardInfo shard = newest.shards().stream()
                    .max(java.util.Comparator.comparingLong(ShardInfo::size))
                    .orElseThrow();
            Path file = platform.objectFile(shard.key());
            assertThat(file)
                    .as("the embedded S3 server's file of " + shard.key())
                    .exists();
            long sizeBefore = Files.size(file);
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                ByteBuffer bytes = ByteBuffer.allocate(64);
                long at = sizeBefore / 2;
                channel.read(bytes, at);
                for (int i = 0; i < bytes.limit(); i++) {
                    bytes.put(i, (byte) ~bytes.get(i));
                }
                bytes.rewind();
                channel.write(bytes, at);
            }
            assertThat(Files.size(file)).isEqualTo(sizeBefore);
            assertThat(checkpoints.latestValid(platform.checkpointsPrefix(job)))
                    .map(CheckpointManifest::step)
                    .contains(previous);

            ChildJvm b = platform.startWorker("corrupt-b", dir);
            workers.add(b);
            JsonNode done = platform.awaitState(job, "SUCCEEDED|FAILED|CANCELLED", Duration.ofMinutes(3));
            platform.printTimeline(job);
            assertThat(done.get("state").asString()).isEqualTo("SUCCEEDED");
            assertThat(done.get("step").asLong()).isEqualTo(TOTAL);
            assertThat(platform.logs(job))
                    .contains("resumed from the checkpoint at step " + previous)
                    .doesNotContain("resumed from the checkpoint at step " + newest.step());
            platform.assertMetricsOncePerStep(job, TOTAL);

            // The damaged checkpoint was written again by the new owner; everything left verifies.
            List<CheckpointManifest> left = checkpoints.list(platform.checkpointsPrefix(job));
            assertThat(left)
                    .extracting(CheckpointManifest::step)
                    .isEqualTo(platform.checkpointRows(job))
                    .contains(TOTAL);
            assertThat(checkpoints.latestValid(platform.checkpointsPrefix(job)))
                    .map(CheckpointManifest::step)
                    .contains(TOTAL);
            for (CheckpointManifest m : left) {
                checkpoints.downloadAll(m, dir.resolve("verify-" + m.step()));
            }
        } catch (AssertionError | RuntimeException e) {
            workers.forEach(w -> System.out.println(w.tail()));
            throw e;
        }
    }
}
