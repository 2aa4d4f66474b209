package io.moeplatform.store.checkpoint;

import io.moeplatform.store.ObjectStore;
import io.moeplatform.store.StoredObject;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A checkpoint being written: shards first, then {@link #commit} writes the manifest, which is
 * what makes the checkpoint exist. Not thread-safe: one writer per upload. Obtain one from
 * {@link CheckpointStore#begin}.
 */
public final class CheckpointUpload {
    private static final Logger log = LoggerFactory.getLogger(CheckpointUpload.class);
    private static final String SHARD_CONTENT_TYPE = "application/octet-stream";

    private final ObjectStore store;
    private final String prefix;
    private final long step;
    private final Clock clock;
    private final Map<String, ShardInfo> shards = new LinkedHashMap<>();
    private boolean finished;

    CheckpointUpload(ObjectStore store, String prefix, long step, Clock clock) {
        this.store = store;
        this.prefix = prefix;
        this.step = step;
        this.clock = clock;
    }

    /**
     * Stores one shard from a stream.
     *
     * @param name shard name, unique in this checkpoint, e.g. {@code layer03/expert07.safetensors}
     * @param size bytes, or -1 when unknown
     */
    public ShardInfo putShard(String name, InputStream in, long size) {
        String key = keyFor(name);
        return record(name, store.put(key, in, size, SHARD_CONTENT_TYPE));
    }

    /** Stores one shard from a file (hashed before the upload, so no server-side copy). */
    public ShardInfo putShard(String name, Path file) {
        String key = keyFor(name);
        return record(name, store.put(key, file, SHARD_CONTENT_TYPE));
    }

    /**
     * Writes {@code manifest.json} listing the shards written so far, making the checkpoint
     * visible. Nothing may be added afterwards.
     *
     * @param metadata free-form pairs stored in the manifest
     */
    public CheckpointManifest commit(Map<String, String> metadata) {
        requireOpen();
        CheckpointManifest manifest = new CheckpointManifest(
                CheckpointManifest.FORMAT_VERSION,
                prefix,
                step,
                new ArrayList<>(shards.values()),
                metadata == null ? Map.of() : metadata,
                clock.instant());
        store.put(manifest.manifestKey(), ManifestJson.write(manifest), "application/json");
        finished = true;
        log.info(
                "Committed checkpoint {} (step {}, {} shards, {} bytes)",
                prefix,
                step,
                shards.size(),
                manifest.totalSize());
        return manifest;
    }

    /** Deletes the shards written so far, best effort (failures are logged); no manifest is written. */
    public void abort() {
        if (finished) {
            return;
        }
        finished = true;
        for (ShardInfo shard : List.copyOf(shards.values())) {
            try {
                store.delete(shard.key());
            } catch (RuntimeException e) {
                log.warn("Abort of checkpoint {} left shard {}: {}", prefix, shard.key(), e.getMessage());
            }
        }
    }

    /** Shards written so far, in order. */
    public List<ShardInfo> shards() {
        return List.copyOf(shards.values());
    }

    private String keyFor(String name) {
        requireOpen();
        if (name == null
                || name.isEmpty()
                || name.startsWith("/")
                || name.endsWith("/")
                || name.equals(CheckpointManifest.FILE_NAME)
                || List.of(name.split("/")).contains("..")) {
            throw new IllegalArgumentException("shard name '" + name + "' for checkpoint " + prefix
                    + " must be a relative path without '..', not '" + CheckpointManifest.FILE_NAME + "'");
        }
        if (shards.containsKey(name)) {
            throw new IllegalArgumentException("shard '" + name + "' already written to checkpoint " + prefix);
        }
        return prefix + name;
    }

    private ShardInfo record(String name, StoredObject stored) {
        ShardInfo shard = new ShardInfo(name, stored.key(), stored.size(), stored.sha256());
        shards.put(name, shard);
        return shard;
    }

    private void requireOpen() {
        if (finished) {
            throw new IllegalStateException("checkpoint upload " + prefix + " is already committed or aborted");
        }
    }
}
