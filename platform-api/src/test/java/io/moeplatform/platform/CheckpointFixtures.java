package io.moeplatform.platform;

import io.moeplatform.store.ObjectStore;
import io.moeplatform.store.checkpoint.CheckpointManifest;
import io.moeplatform.store.checkpoint.CheckpointStore;
import io.moeplatform.store.checkpoint.CheckpointUpload;
import io.moeplatform.store.checkpoint.ShardInfo;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Writes checkpoints the way a training worker does: objects through {@link CheckpointStore}
 * (manifest last), then the rows.
 */
public final class CheckpointFixtures {

    private CheckpointFixtures() {}

    /** A committed checkpoint with a small dense shard and an expert shard of {@code expertBytes}. */
    public static UUID checkpoint(
            ObjectStore store, JdbcClient jdbc, UUID teamId, UUID jobId, long step, Double valLoss, int expertBytes) {
        String prefix = "teams/" + teamId + "/jobs/" + jobId + "/checkpoints/step-" + step + "/";
        CheckpointUpload up = new CheckpointStore(store).begin(prefix, step);
        Random random = new Random(step);
        byte[] dense = new byte[1000];
        random.nextBytes(dense);
        byte[] expert = new byte[expertBytes];
        random.nextBytes(expert);
        up.putShard("dense.safetensors", new java.io.ByteArrayInputStream(dense), dense.length);
        up.putShard("layer01/expert03.safetensors", new java.io.ByteArrayInputStream(expert), expert.length);
        CheckpointManifest m = up.commit(Map.of("configSha256", "abc", "seed", "42"));
        UUID id = jdbc.sql("INSERT INTO checkpoints (job_id, step, prefix, manifest_key, size_bytes, val_loss)"
                        + " VALUES (?, ?, ?, ?, ?, ?) RETURNING id")
                .params(jobId, step, prefix, m.manifestKey(), m.totalSize(), valLoss)
                .query(UUID.class)
                .single();
        for (ShardInfo s : m.shards()) {
            jdbc.sql(
                            "INSERT INTO checkpoint_shards (checkpoint_id, name, object_key, size_bytes, sha256) VALUES (?, ?, ?, ?, ?)")
                    .params(id, s.name(), s.key(), s.size(), s.sha256())
                    .update();
        }
        return id;
    }

    /** A job row of the team in state SUCCEEDED, as a finished training leaves it. */
    public static UUID job(JdbcClient jdbc, UUID teamId) {
        return jdbc.sql(
                        "INSERT INTO jobs (team_id, name, spec, state, total_steps) VALUES (?, 'trained', '{}'::jsonb, 'SUCCEEDED', 100) RETURNING id")
                .param(teamId)
                .query(UUID.class)
                .single();
    }
}
