package io.moeplatform.platform.checkpoint;

import io.moeplatform.platform.checkpoint.CheckpointRepository.Row;
import io.moeplatform.store.ObjectStore;
import io.moeplatform.store.checkpoint.CheckpointManifest;
import io.moeplatform.store.checkpoint.CheckpointStore;
import io.moeplatform.store.checkpoint.ShardInfo;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * A checkpoint's objects, reached from its row: its committed manifest, and deletion (objects
 * first, then rows) that tolerates objects already gone, so that an interrupted delete can be
 * repeated.
 */
@Component
class CheckpointObjects {

    private final ObjectStore store;
    private final CheckpointStore checkpoints;
    private final CheckpointRepository rows;

    CheckpointObjects(ObjectStore store, CheckpointRepository rows) {
        this.store = store;
        this.checkpoints = new CheckpointStore(store);
        this.rows = rows;
    }

    CheckpointStore store() {
        return checkpoints;
    }

    ObjectStore objects() {
        return store;
    }

    /**
     * The committed manifest of the row's checkpoint, read (and verified) from the object store;
     * empty if it is gone or unreadable.
     */
    Optional<CheckpointManifest> manifest(Row row) {
        return checkpoints.list(row.prefix()).stream()
                .filter(m -> m.manifestKey().equals(row.manifestKey()))
                .findFirst();
    }

    /**
     * Deletes the checkpoint's objects (manifest first, then every shard known from the manifest or
     * the rows; missing ones are fine), then its rows.
     */
    void delete(Row row) {
        Map<String, ShardInfo> shards = new LinkedHashMap<>();
        Optional<CheckpointManifest> manifest = manifest(row);
        manifest.ifPresent(m -> m.shards().forEach(s -> shards.put(s.key(), s)));
        rows.shards(row.id()).forEach(s -> shards.putIfAbsent(s.key(), s));
        CheckpointManifest all = new CheckpointManifest(
                CheckpointManifest.FORMAT_VERSION,
                row.prefix(),
                row.step(),
                List.copyOf(shards.values()),
                Map.of(),
                row.createdAt() == null ? Instant.now() : row.createdAt());
        if (!all.manifestKey().equals(row.manifestKey())) {
            store.delete(row.manifestKey());
        }
        checkpoints.delete(all);
        rows.delete(row.id());
    }
}
