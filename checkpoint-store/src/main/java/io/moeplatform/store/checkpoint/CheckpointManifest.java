package io.moeplatform.store.checkpoint;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The committed description of a checkpoint, stored as {@code <prefix>manifest.json} after all
 * its shards (see {@link ManifestJson} for the format).
 *
 * @param formatVersion version of the manifest format, {@link #FORMAT_VERSION} when written
 * @param prefix key prefix of the checkpoint, ending in {@code /}
 * @param step training step the checkpoint was taken at
 * @param shards the shards, in the order they were written
 * @param metadata free-form string pairs (model config hash, seed, ...)
 * @param createdAt when the manifest was committed
 */
public record CheckpointManifest(
        int formatVersion,
        String prefix,
        long step,
        List<ShardInfo> shards,
        Map<String, String> metadata,
        Instant createdAt) {

    /** Manifest format version this code writes and reads. */
    public static final int FORMAT_VERSION = 1;

    /** Object name of the manifest inside a checkpoint prefix. */
    public static final String FILE_NAME = "manifest.json";

    /** Copies the collections so a manifest cannot change after it is built. */
    public CheckpointManifest {
        shards = List.copyOf(shards);
        metadata = Map.copyOf(metadata);
    }

    /** Key of this checkpoint's manifest object. */
    public String manifestKey() {
        return prefix + FILE_NAME;
    }

    /** Total bytes of all shards. */
    public long totalSize() {
        return shards.stream().mapToLong(ShardInfo::size).sum();
    }
}
