package io.moeplatform.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.StatObjectArgs;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ObjectStore} against a real embedded S3Proxy through the MinIO client. */
class ObjectStoreIT {
    private static final String ACCESS = "test-access";
    private static final String SECRET = "test-secret-key";

    @TempDir
    static Path dataDir;

    static EmbeddedS3Server server;
    static ObjectStore store;
    static MinioClient raw;

    @BeforeAll
    static void start() {
        server = EmbeddedS3Server.start(dataDir, "127.0.0.1", 0, ACCESS, SECRET);
        store = ObjectStore.connect(
                new S3Settings(server.endpoint(), ACCESS, SECRET, "objects", null), ObjectStore.MIN_PART_SIZE);
        raw = MinioClient.builder()
                .endpoint(server.endpoint())
                .credentials(ACCESS, SECRET)
                .build();
    }

    @AfterAll
    static void stop() throws Exception {
        raw.close();
        store.close();
        server.close();
    }

    @Test
    void roundTripPutGetStatListDelete() throws Exception {
        byte[] hello = "hello, experts".getBytes(StandardCharsets.UTF_8);
        // S3 reports modification times in whole seconds.
        Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        StoredObject put = store.put("rt/a/one.txt", hello, "text/plain");
        store.put("rt/a/b/two.bin", new ByteArrayInputStream(new byte[] {1, 2, 3}), 3, null);
        store.put("rt/other.bin", new ByteArrayInputStream(new byte[] {4}), -1, null);
        store.put("rtx/not-under-rt-slash.bin", new byte[] {5}, null);

        assertThat(put.sha256())
                .isEqualTo(HexFormat.of()
                        .formatHex(MessageDigest.getInstance("SHA-256").digest(hello)));
        assertThat(put.size()).isEqualTo(hello.length);
        assertThat(store.getBytes("rt/a/one.txt")).isEqualTo(hello);
        try (InputStream in = store.get("rt/a/b/two.bin")) {
            assertThat(in.readAllBytes()).containsExactly(1, 2, 3);
        }

        StoredObject stat = store.stat("rt/a/one.txt").orElseThrow();
        assertThat(stat.size()).isEqualTo(hello.length);
        assertThat(stat.sha256()).isEqualTo(put.sha256());
        assertThat(stat.lastModified()).isBetween(before, Instant.now().plusSeconds(1));
        assertThat(store.stat("rt/missing")).isEmpty();

        List<StoredObject> listed = store.list("rt/");
        assertThat(listed)
                .extracting(StoredObject::key)
                .containsExactly("rt/a/b/two.bin", "rt/a/one.txt", "rt/other.bin");
        assertThat(listed.get(1).sha256()).isEqualTo(put.sha256());

        store.delete("rt/a/one.txt");
        assertThat(store.stat("rt/a/one.txt")).isEmpty();
        assertThatThrownBy(() -> store.getBytes("rt/a/one.txt"))
                .isInstanceOf(ObjectNotFoundException.class)
                .hasMessageContaining("s3://objects/rt/a/one.txt")
                .hasMessageContaining(server.endpoint());
        store.delete("rt/a/one.txt"); // missing: fine
        store.delete("never/existed");

        store.deletePrefix("rt/");
        assertThat(store.listKeys("rt/")).isEmpty();
        assertThat(store.listKeys("rtx/")).containsExactly("rtx/not-under-rt-slash.bin");
    }

    @Test
    void putFileAndDownload(@TempDir Path tmp) throws IOException {
        Path file = tmp.resolve("in.bin");
        byte[] bytes = randomBytes(100_000, 7);
        Files.write(file, bytes);
        StoredObject put = store.put("files/in.bin", file, null);
        assertThat(put.sha256()).isEqualTo(Sha256.of(bytes));

        Path target = tmp.resolve("out/sub/out.bin");
        store.download("files/in.bin", target);
        assertThat(target).hasBinaryContent(bytes);
        assertThat(target.getParent()).isDirectoryNotContaining("glob:**.part");
    }

    @Test
    void multipartRoundTripOf20Megabytes(@TempDir Path tmp) throws Exception {
        byte[] bytes = randomBytes(20 * 1000 * 1000, 42);
        String expected = Sha256.of(bytes);
        Path file = tmp.resolve("big.bin");
        Files.write(file, bytes);

        // Digest known before the upload: multipart with the metadata in the first request.
        StoredObject fromBytes = store.put("big/bytes.bin", bytes, null);
        StoredObject fromFile = store.put("big/file.bin", file, null);
        for (StoredObject o : List.of(fromBytes, fromFile)) {
            // A multipart ETag is "<md5 of the parts' md5s>-<part count>": 20 MB / 5 MiB = 4 parts.
            String etag = raw.statObject(StatObjectArgs.builder()
                            .bucket("objects")
                            .object(o.key())
                            .build())
                    .etag();
            assertThat(etag).as(o.key()).endsWith("-4");
        }

        // Digest known only at the end: multipart upload, then copy in place with the metadata
        // (the copy gives the object a plain ETag, so the part count is no longer visible).
        StoredObject known = store.put("big/known.bin", new ByteArrayInputStream(bytes), bytes.length, null);
        StoredObject unknown = store.put("big/unknown.bin", new ByteArrayInputStream(bytes), -1, null);

        for (StoredObject o : List.of(fromBytes, fromFile, known, unknown)) {
            assertThat(o.sha256()).as(o.key()).isEqualTo(expected);
            assertThat(o.size()).as(o.key()).isEqualTo(bytes.length);
            StoredObject stat = store.stat(o.key()).orElseThrow();
            assertThat(stat.sha256()).as(o.key()).isEqualTo(expected);
            assertThat(stat.size()).as(o.key()).isEqualTo(bytes.length);
            assertThat(Sha256.of(store.getBytes(o.key()))).as(o.key()).isEqualTo(expected);
        }
        store.deletePrefix("big/");
    }

    @Test
    void streamShorterThanDeclaredSizeIsReported() {
        assertThatThrownBy(() -> store.put("short/x.bin", new ByteArrayInputStream(new byte[10]), 20, null))
                .isInstanceOf(ObjectStoreException.class)
                .hasMessageContaining("s3://objects/short/x.bin")
                .hasMessageContaining("10 of 20 bytes");
        assertThat(store.stat("short/x.bin")).isEmpty();
    }

    @Test
    void corruptedObjectIsReportedByGetGetBytesAndDownload(@TempDir Path tmp) throws Exception {
        byte[] good = randomBytes(50_000, 1);
        StoredObject put = store.put("corrupt/shard.bin", good, null);
        byte[] bad = good.clone();
        bad[25_000] ^= 0x01;
        // Behind the store's back: same key, same length, the old digest kept in the metadata.
        raw.putObject(PutObjectArgs.builder().bucket("objects").object("corrupt/shard.bin").stream(
                        new ByteArrayInputStream(bad), (long) bad.length, null)
                .userMetadata(Map.of("sha256", put.sha256()))
                .build());

        try (InputStream in = store.get("corrupt/shard.bin")) {
            assertThatThrownBy(in::readAllBytes)
                    .isInstanceOfSatisfying(CorruptObjectException.class, e -> {
                        assertThat(e.key()).isEqualTo("corrupt/shard.bin");
                        assertThat(e.expectedSha256()).isEqualTo(put.sha256());
                        assertThat(e.actualSha256()).isEqualTo(Sha256.of(bad));
                    })
                    .hasMessageContaining("s3://objects/corrupt/shard.bin")
                    .hasMessageContaining(put.sha256())
                    .hasMessageContaining(Sha256.of(bad));
        }
        assertThatThrownBy(() -> store.getBytes("corrupt/shard.bin")).isInstanceOf(CorruptObjectException.class);

        Path target = tmp.resolve("shard.bin");
        assertThatThrownBy(() -> store.download("corrupt/shard.bin", target))
                .isInstanceOf(CorruptObjectException.class);
        assertThat(target).doesNotExist();
        try (var files = Files.list(tmp)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void objectWithoutRecordedDigestIsRefused() throws Exception {
        raw.putObject(PutObjectArgs.builder().bucket("objects").object("foreign/blob.bin").stream(
                        new ByteArrayInputStream(new byte[] {9}), 1L, null)
                .build());
        assertThat(store.stat("foreign/blob.bin").orElseThrow().sha256()).isNull();
        assertThatThrownBy(() -> store.getBytes("foreign/blob.bin"))
                .isInstanceOf(ObjectStoreException.class)
                .hasMessageContaining("no valid x-amz-meta-sha256");
    }

    @Test
    void getWithExpectedDigestRejectsASelfConsistentReplacement() {
        StoredObject original = store.put("expect/x.bin", new byte[] {1, 2}, null);
        store.put("expect/x.bin", new byte[] {3, 4}, null);
        assertThatThrownBy(() -> store.get("expect/x.bin", original.sha256()))
                .isInstanceOf(CorruptObjectException.class)
                .hasMessageContaining(original.sha256());
    }

    @Test
    void pingSucceedsOnALiveBucket() {
        store.ping();
    }

    static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
