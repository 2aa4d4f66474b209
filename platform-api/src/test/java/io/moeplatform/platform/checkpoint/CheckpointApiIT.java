package io.moeplatform.platform.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.moeplatform.platform.ApiTestSupport;
import io.moeplatform.platform.CheckpointFixtures;
import io.moeplatform.store.checkpoint.CheckpointStore;
import io.moeplatform.worker.checkpoint.CheckpointRetention;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The checkpoints API and retention, on checkpoints written as a worker writes them. */
class CheckpointApiIT extends ApiTestSupport {

    @Test
    void listManifestShardAndArchive() throws Exception {
        Team team = newTeam("ck");
        UUID job = CheckpointFixtures.job(jdbc, team.id());
        UUID first = CheckpointFixtures.checkpoint(store, jdbc, team.id(), job, 100, 2.5, 5000);
        UUID second = CheckpointFixtures.checkpoint(store, jdbc, team.id(), job, 200, 2.1, 2_000_000);

        JsonNode list = body(get("/api/v1/jobs/" + job + "/checkpoints", team.token()));
        assertThat(list).hasSize(2);
        assertThat(list.get(0).get("id").asString()).isEqualTo(first.toString());
        assertThat(list.get(1).get("step").asLong()).isEqualTo(200);
        assertThat(list.get(1).get("valLoss").asDouble()).isEqualTo(2.1);
        assertThat(list.get(1).get("sizeBytes").asLong()).isEqualTo(2_001_000);

        JsonNode detail = body(get("/api/v1/checkpoints/" + first, team.token()));
        assertThat(detail.get("metadata").get("seed").asString()).isEqualTo("42");
        assertThat(detail.get("shards")).hasSize(2);
        JsonNode expertShard = detail.get("shards").get(1);
        assertThat(expertShard.get("name").asString()).isEqualTo("layer01/expert03.safetensors");

        // small shard: verified before sending; large shard: streamed
        for (UUID id : List.of(first, second)) {
            JsonNode d = body(get("/api/v1/checkpoints/" + id, team.token()));
            for (JsonNode shard : d.get("shards")) {
                HttpResponse<byte[]> r = bytes(
                        "/api/v1/checkpoints/" + id + "/shards/"
                                + shard.get("name").asString(),
                        team.token());
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.body()).hasSize(shard.get("sizeBytes").asInt());
                assertThat(sha256(r.body())).isEqualTo(shard.get("sha256").asString());
                // RFC 9530: the base64 of the SHA-256 of the bytes received, computed here from the body.
                assertThat(r.headers().firstValue("Repr-Digest"))
                        .hasValue("sha-256=:"
                                + Base64.getEncoder()
                                        .encodeToString(MessageDigest.getInstance("SHA-256")
                                                .digest(r.body()))
                                + ":");
            }
        }
        assertThat(get("/api/v1/checkpoints/" + first + "/shards/nope.bin", team.token())
                        .statusCode())
                .isEqualTo(404);

        HttpResponse<byte[]> archive = bytes("/api/v1/checkpoints/" + second + "/archive", team.token());
        assertThat(archive.statusCode()).isEqualTo(200);
        Map<String, byte[]> entries = untar(archive.body());
        assertThat(entries.keySet())
                .containsExactly(
                        "step-200/manifest.json",
                        "step-200/dense.safetensors",
                        "step-200/layer01/expert03.safetensors");
        assertThat(new String(entries.get("step-200/manifest.json"), StandardCharsets.UTF_8))
                .contains("expert03");
        JsonNode d = body(get("/api/v1/checkpoints/" + second, team.token()));
        assertThat(sha256(entries.get("step-200/layer01/expert03.safetensors")))
                .isEqualTo(d.get("shards").get(1).get("sha256").asString());
    }

    @Test
    void corruptedShardsAreNeverSentAsComplete() throws Exception {
        Team team = newTeam("ck");
        UUID job = CheckpointFixtures.job(jdbc, team.id());
        UUID id = CheckpointFixtures.checkpoint(store, jdbc, team.id(), job, 300, null, 2_000_000);
        String prefix = "teams/" + team.id() + "/jobs/" + job + "/checkpoints/step-300/";
        // The small shard replaced by other, self-consistent bytes of the same size (its recorded
        // digest no longer matches the manifest); the large one damaged on the disk of the embedded
        // S3 server (its recorded digest still matches: only reading it to the end tells).
        store.put(prefix + "dense.safetensors", new byte[1000], "application/octet-stream");
        Path onDisk = DATA_DIR.resolve("s3")
                .resolve(store.settings().bucket())
                .resolve(prefix + "layer01/expert03.safetensors");
        assertThat(onDisk).isRegularFile();
        try (FileChannel channel = FileChannel.open(onDisk, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(new byte[] {1, 2, 3, 4}), 1_999_000);
        }

        HttpResponse<String> small = get("/api/v1/checkpoints/" + id + "/shards/dense.safetensors", team.token());
        assertThat(small.statusCode()).isEqualTo(500);
        assertThat(body(small).get("type").asString()).isEqualTo("https://moeplatform.io/problems/corrupt-checkpoint");
        assertThat(body(small).get("shard").asString()).isEqualTo("dense.safetensors");

        HttpResponse<String> replaced = get("/api/v1/checkpoints/" + id + "/archive", team.token());
        assertThat(replaced.statusCode())
                .as("the archive's first shard is known corrupt up front")
                .isEqualTo(500);
        assertThat(body(replaced).get("type").asString()).endsWith("/corrupt-checkpoint");

        // Large: streamed, so the status is 200 already; the body must end short and fail.
        assertThatThrownBy(() -> bytesOrThrow(
                        "/api/v1/checkpoints/" + id + "/shards/layer01/expert03.safetensors", team.token()))
                .isInstanceOf(IOException.class);
        // With the small shard restored, the archive streams and is cut short at the large one.
        byte[] dense = new byte[1000];
        new java.util.Random(300).nextBytes(dense);
        store.put(prefix + "dense.safetensors", dense, "application/octet-stream");
        assertThatThrownBy(() -> bytesOrThrow("/api/v1/checkpoints/" + id + "/archive", team.token()))
                .isInstanceOf(IOException.class);
    }

    @Test
    void deleteRemovesObjectsThenRowsAndToleratesMissingObjects() {
        Team team = newTeam("ck");
        UUID job = CheckpointFixtures.job(jdbc, team.id());
        UUID id = CheckpointFixtures.checkpoint(store, jdbc, team.id(), job, 100, 1.0, 3000);
        String prefix = "teams/" + team.id() + "/jobs/" + job + "/checkpoints/step-100/";
        store.delete(prefix + "dense.safetensors"); // half-deleted already
        assertThat(send("DELETE", "/api/v1/checkpoints/" + id, team.token(), null)
                        .statusCode())
                .isEqualTo(204);
        assertThat(store.listKeys(prefix)).isEmpty();
        assertThat(jdbc.sql("SELECT count(*) FROM checkpoints WHERE id = ?")
                        .param(id)
                        .query(Long.class)
                        .single())
                .isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM checkpoint_shards WHERE checkpoint_id = ?")
                        .param(id)
                        .query(Long.class)
                        .single())
                .isZero();
        assertThat(send("DELETE", "/api/v1/checkpoints/" + id, team.token(), null)
                        .statusCode())
                .isEqualTo(404);
        assertThat(get("/api/v1/jobs/" + job + "/checkpoints", team.token()).body())
                .isEqualTo("[]");
    }

    @Test
    void retentionKeepsLastNAndBestKAndDeletesTheRest() {
        Team team = newTeam("ck");
        UUID job = CheckpointFixtures.job(jdbc, team.id());
        double[] losses = {3.0, 1.5, 2.0, 2.5, 2.8, 2.9};
        UUID[] ids = new UUID[losses.length];
        for (int i = 0; i < losses.length; i++) {
            ids[i] = CheckpointFixtures.checkpoint(store, jdbc, team.id(), job, 100L * (i + 1), losses[i], 100);
        }
        // an object of a doomed checkpoint already gone must not stop retention
        store.delete("teams/" + team.id() + "/jobs/" + job + "/checkpoints/step-100/dense.safetensors");

        String jobPrefix = "teams/" + team.id() + "/jobs/" + job + "/checkpoints/";
        CheckpointRetention retention = new CheckpointRetention(new CheckpointStore(store), jdbc);
        List<UUID> deleted = retention.apply(job, jobPrefix, 2, 2);
        // keep: last two (steps 500, 600) and best two (1.5 @200, 2.0 @300)
        assertThat(deleted).containsExactly(ids[0], ids[3]);
        assertThat(jdbc.sql("SELECT step FROM checkpoints WHERE job_id = ? ORDER BY step")
                        .param(job)
                        .query(Long.class)
                        .list())
                .containsExactly(200L, 300L, 500L, 600L);
        assertThat(store.listKeys(jobPrefix + "step-100/")).isEmpty();
        assertThat(store.listKeys(jobPrefix + "step-400/")).isEmpty();
        assertThat(store.listKeys(jobPrefix + "step-200/")).hasSize(3);
        assertThat(retention.apply(job, jobPrefix, 2, 2))
                .as("a second run has nothing to do")
                .isEmpty();
    }

    private HttpResponse<byte[]> bytes(String path, String token) throws Exception {
        return bytesOrThrow(path, token);
    }

    private HttpResponse<byte[]> bytesOrThrow(String path, String token) throws IOException, InterruptedException {
        return CLIENT.send(
                HttpRequest.newBuilder(uri(path))
                        .header("Authorization", "Bearer " + token)
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    /** Entries of a tar (ustar, with PAX path records) in order; a plain reference reader. */
    static Map<String, byte[]> untar(byte[] tar) {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        int pos = 0;
        String paxPath = null;
        while (pos + 512 <= tar.length && tar[pos] != 0) {
            String name = cString(tar, pos, 100);
            long size = Long.parseLong(cString(tar, pos + 124, 12).trim(), 8);
            byte type = tar[pos + 156];
            byte[] content = java.util.Arrays.copyOfRange(tar, pos + 512, pos + 512 + (int) size);
            pos += 512 + (int) ((size + 511) / 512 * 512);
            if (type == 'x') {
                String record = new String(content, StandardCharsets.UTF_8);
                paxPath = record.substring(record.indexOf("path=") + 5, record.length() - 1);
                continue;
            }
            entries.put(paxPath != null ? paxPath : name, content);
            paxPath = null;
        }
        assertThat(tar.length - pos).as("two zero blocks end the archive").isEqualTo(1024);
        return entries;
    }

    private static String cString(byte[] b, int offset, int length) {
        int end = offset;
        while (end < offset + length && b[end] != 0) {
            end++;
        }
        return new String(b, offset, end - offset, StandardCharsets.US_ASCII);
    }
}
