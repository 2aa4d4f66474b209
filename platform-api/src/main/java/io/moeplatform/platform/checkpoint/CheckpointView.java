package io.moeplatform.platform.checkpoint;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A checkpoint as listings show it.
 *
 * @param id the checkpoint's id
 * @param jobId the job that wrote it
 * @param step the training step it was taken at
 * @param valLoss validation loss at that step, if measured
 * @param sizeBytes bytes over all shards
 * @param parentId the checkpoint it derives from (a pruned checkpoint's source), if any
 * @param createdAt when it was committed
 */
public record CheckpointView(
        UUID id, UUID jobId, long step, Double valLoss, long sizeBytes, UUID parentId, Instant createdAt) {

    /**
     * A checkpoint with its manifest.
     *
     * @param formatVersion the manifest's format version
     * @param shards every shard: name, size and SHA-256
     * @param metadata the manifest's metadata (model config hash, seed, …)
     */
    public record Detail(
            UUID id,
            UUID jobId,
            long step,
            Double valLoss,
            long sizeBytes,
            UUID parentId,
            Instant createdAt,
            int formatVersion,
            List<Shard> shards,
            Map<String, String> metadata) {}

    /** One shard of a manifest. */
    public record Shard(String name, long sizeBytes, String sha256) {}
}
