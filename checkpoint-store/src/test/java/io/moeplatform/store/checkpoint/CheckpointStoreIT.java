package io.moeplatform.store.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.moeplatform.store.CorruptObjectException;
import io.moeplatform.store.EmbeddedS3Server;
import io.moeplatform.store.ObjectStore;
import io.moeplatform.store.S3Settings;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link CheckpointStore} against a real embedded S3Proxy. Each test uses its own job prefix. */
class CheckpointStoreIT {
    private static final String ACCESS = "test-access";
    private static final String SECRET = "test-secret-key";
    private static final String BUCKET = "checkpoints";

    @TempDir
    static Path dataDir;

    static EmbeddedS3Server server;
    static ObjectStore objects;
    static CheckpointStore checkpoints;
    static MinioClient raw;

    @BeforeAll
    static void start() {
        server = EmbeddedS3Server.start(dataDir, "127.0.0.1", 0, ACCESS, SECRET);
        objects = ObjectStore.connect(new S3Settings(server.endpoint(), ACCESS, SECRET, BUCKET, null));
        checkpoints = new CheckpointStore(objects, Clock.fixed(Instant.parse("2026-11-26T06:00:00Z"), ZoneOffset.UTC));
        raw = MinioClient.builder()
                .endpoint(server.endpoint())
                .credentials(ACCESS, SECRET)
                .build();
    }

    @AfterAll
    static void stop() throws Exception {
        raw.close();
        objects.close();
        server.close();
    }

    @Test
    void committedCheckpointRoundTrips(@TempDir Path tmp) throws Exception {
        String job = "teams/t1/jobs/roundtrip/";
        byte[] dense = bytes(300_000, 1);
        Path expertFile = tmp.resolve("expert.bin");
        Files.write(expertFile, bytes(10_000, 2));

        CheckpointUpload upload = checkpoints.begin(job + "checkpoints/step-000100/", 100);
        ShardInfo d = upload.putShard("dense.safetensors", new ByteArrayInputStream(dense), dense.length);
        upload.putShard("layer01/expert03.safetensors", expertFile);
        CheckpointManifest m = upload.commit(Map.of("seed", "7"));

        assertThat(d.sha256()).isEqualTo(sha256(dense));
        assertThat(d.key()).isEqualTo(job + "checkpoints/step-000100/dense.safetensors");
        assertThat(checkpoints.list(job)).containsExactly(m);
        assertThat(checkpoints.latestValid(job)).contains(m);
        try (InputStream in = checkpoints.openShard(m, "dense.safetensors")) {
            assertThat(in.readAllBytes()).isEqualTo(dense);
        }
        Path out = tmp.resolve("restore");
        checkpoints.downloadAll(m, out);
        assertThat(out.resolve("dense.safetensors")).hasBinaryContent(dense);
        assertThat(out.resolve("layer01/expert03.safetensors")).hasSameBinaryContentAs(expertFile);

        assertThatThrownBy(() -> checkpoints.begin(job + "checkpoints/step-000100/", 100))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already committed");
    }

    @Test
    void checkpointWithShardsButNoManifestIsInvisible() {
        String job = "teams/t1/jobs/nomanifest/";
        CheckpointManifest committed = commit(job + "step-000001/", 1, 3);
        CheckpointUpload crashed = checkpoints.begin(job + "step-000002/", 2);
        crashed.putShard("dense.safetensors", new ByteArrayInputStream(bytes(1000, 9)), 1000);
        // ...the writer dies here: no commit

        assertThat(objects.listKeys(job + "step-000002/")).hasSize(1);
        assertThat(checkpoints.list(job)).containsExactly(committed);
        assertThat(checkpoints.latestValid(job)).contains(committed);

        crashed.abort();
        assertThat(objects.listKeys(job + "step-000002/")).isEmpty();
    }

    @Test
    void latestValidSkipsANewerCheckpointWithACorruptedShard() throws Exception {
        String job = "teams/t1/jobs/corrupt/";
        CheckpointManifest older = commit(job + "step-000010/", 10, 1);
        CheckpointManifest newer = commit(job + "step-000020/", 20, 2);
        ShardInfo victim = newer.shards().get(1);
        byte[] other = bytes((int) victim.size(), 99);
        // Replaced behind the store's back by bytes whose own metadata is consistent: only the
        // manifest's digest can tell.
        raw.putObject(PutObjectArgs.builder().bucket(BUCKET).object(victim.key()).stream(
                        new ByteArrayInputStream(other), (long) other.length, null)
                .userMetadata(Map.of("sha256", sha256(other)))
                .build());

        assertThat(checkpoints.list(job)).containsExactly(older, newer);
        assertThat(checkpoints.latestValid(job)).contains(older);
        assertThatThrownBy(() -> checkpoints.openShard(newer, victim.name()))
                .isInstanceOfSatisfying(
                        CorruptObjectException.class,
                        e -> assertThat(e.expectedSha256()).isEqualTo(victim.sha256()));
    }

    @Test
    void latestValidSkipsANewerCheckpointWithAMissingShard() {
        String job = "teams/t1/jobs/missing/";
        CheckpointManifest older = commit(job + "step-000010/", 10, 1);
        CheckpointManifest newer = commit(job + "step-000020/", 20, 2);
        objects.delete(newer.shards().get(0).key());
        assertThat(checkpoints.latestValid(job)).contains(older);
    }

    @Test
    void deleteIsIdempotentAndToleratesMissingShards() {
        String job = "teams/t1/jobs/delete/";
        CheckpointManifest m = commit(job + "step-000005/", 5, 3);
        objects.delete(m.shards().get(1).key()); // already gone before the delete

        checkpoints.delete(m);
        assertThat(checkpoints.list(job)).isEmpty();
        assertThat(objects.listKeys(job)).isEmpty();

        checkpoints.delete(m); // twice: still fine
        assertThat(objects.listKeys(job)).isEmpty();
    }

    private static CheckpointManifest commit(String prefix, long step, int shardCount) {
        CheckpointUpload upload = checkpoints.begin(prefix, step);
        for (int i = 0; i < shardCount; i++) {
            byte[] content = bytes(2000 + i, step * 100 + i);
            upload.putShard("shard-" + i + ".safetensors", new ByteArrayInputStream(content), content.length);
        }
        return upload.commit(Map.of("step", Long.toString(step)));
    }

    private static byte[] bytes(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }
}
