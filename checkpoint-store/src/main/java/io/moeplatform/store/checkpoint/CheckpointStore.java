package io.moeplatform.store.checkpoint;

import io.moeplatform.store.CorruptObjectException;
import io.moeplatform.store.ObjectNotFoundException;
import io.moeplatform.store.ObjectStore;
import io.moeplatform.store.ObjectStoreException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checkpoints in an {@link ObjectStore}. A checkpoint is a key prefix (e.g. {@code
 * teams/t1/jobs/j1/checkpoints/step-000100/}) holding one object per shard and, written last,
 * {@code manifest.json} listing every shard with its size and SHA-256. Without the manifest the
 * checkpoint does not exist, so a writer that dies half-way leaves nothing a reader would
 * trust.
 *
 * <p>Writing: {@link #begin} → {@link CheckpointUpload#putShard} … → {@link
 * CheckpointUpload#commit}. Resuming: {@link #latestValid} → {@link #downloadAll} or {@link
 * #openShard}. Every read verifies against the manifest's SHA-256, not only against the
 * object's own metadata, so a shard replaced by other bytes is caught too.
 */
public final class CheckpointStore {
    private static final Logger log = LoggerFactory.getLogger(CheckpointStore.class);
    private static final String MANIFEST_SUFFIX = "/" + CheckpointManifest.FILE_NAME;

    private final ObjectStore store;
    private final Clock clock;

    /** Checkpoints in {@code store}, timestamped by the system clock. */
    public CheckpointStore(ObjectStore store) {
        this(store, Clock.systemUTC());
    }

    /** Checkpoints in {@code store}, with {@code createdAt} taken from {@code clock}. */
    public CheckpointStore(ObjectStore store, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Starts writing a checkpoint.
     *
     * @param prefix key prefix of the checkpoint, ending in {@code /}
     * @param step the training step
     * @throws IllegalStateException if a committed checkpoint already exists at {@code prefix}
     *     (overwriting shards under a live manifest would corrupt it)
     */
    public CheckpointUpload begin(String prefix, long step) {
        if (prefix == null || prefix.isEmpty() || !prefix.endsWith("/") || prefix.startsWith("/")) {
            throw new IllegalArgumentException(
                    "checkpoint prefix '" + prefix + "' must be non-empty, end with '/' and not start with '/'");
        }
        if (step < 0) {
            throw new IllegalArgumentException("checkpoint step " + step + " < 0 for " + prefix);
        }
        if (store.stat(prefix + CheckpointManifest.FILE_NAME).isPresent()) {
            throw new IllegalStateException("checkpoint " + prefix + " is already committed in bucket "
                    + store.settings().bucket() + "; delete it first or use another prefix");
        }
        return new CheckpointUpload(store, prefix, step, clock);
    }

    /**
     * Committed checkpoints under {@code jobPrefix} (at any depth), sorted by step. Only those whose
     * manifest exists and parses; an unreadable manifest is logged and left out. Shards are not
     * verified here: see {@link #latestValid}.
     */
    public List<CheckpointManifest> list(String jobPrefix) {
        List<CheckpointManifest> manifests = new ArrayList<>();
        for (String key : store.listKeys(jobPrefix)) {
            if (!key.endsWith(MANIFEST_SUFFIX)) {
                continue;
            }
            try {
                CheckpointManifest m = ManifestJson.read(store.getBytes(key), describe(key));
                if (!key.equals(m.manifestKey())) {
                    // A manifest copied from elsewhere points at another checkpoint's shards.
                    log.warn("Ignoring {}: it describes prefix {}", describe(key), m.prefix());
                    continue;
                }
                manifests.add(m);
            } catch (ObjectNotFoundException e) {
                // deleted between listing and reading: no longer a checkpoint
            } catch (IllegalArgumentException | CorruptObjectException e) {
                log.warn("Ignoring unreadable checkpoint manifest: {}", e.getMessage());
            }
        }
        manifests.sort(Comparator.comparingLong(CheckpointManifest::step).thenComparing(CheckpointManifest::createdAt));
        return manifests;
    }

    /**
     * The newest checkpoint under {@code jobPrefix} whose shards all exist and re-read with the
     * manifest's sizes and SHA-256. A newer checkpoint that fails is skipped with a warning saying
     * why, and the next older one is tried. Reads every byte of the checkpoints it checks.
     */
    public Optional<CheckpointManifest> latestValid(String jobPrefix) {
        List<CheckpointManifest> all = list(jobPrefix);
        for (int i = all.size() - 1; i >= 0; i--) {
            CheckpointManifest m = all.get(i);
            Optional<String> problem = verify(m);
            if (problem.isEmpty()) {
                return Optional.of(m);
            }
            log.warn("Skipping checkpoint {} (step {}): {}", m.prefix(), m.step(), problem.get());
        }
        return Optional.empty();
    }

    /** Why the checkpoint is not intact, or empty if every shard verifies. */
    private Optional<String> verify(CheckpointManifest m) {
        byte[] buffer = new byte[256 * 1024];
        for (ShardInfo shard : m.shards()) {
            long read = 0;
            try (InputStream in = store.get(shard.key(), shard.sha256())) {
                for (int n; (n = in.read(buffer)) != -1; ) {
                    read += n;
                }
            } catch (ObjectNotFoundException e) {
                return Optional.of("shard " + shard.name() + " is missing (" + shard.key() + ")");
            } catch (ObjectStoreException e) {
                return Optional.of("shard " + shard.name() + ": " + e.getMessage());
            } catch (IOException e) {
                return Optional.of("shard " + shard.name() + " unreadable: " + e);
            }
            if (read != shard.size()) {
                return Optional.of("shard " + shard.name() + " has " + read + " bytes, manifest says " + shard.size());
            }
        }
        return Optional.empty();
    }

    /**
     * Opens one shard; the stream throws {@link CorruptObjectException} at its end if the content
     * does not have the manifest's SHA-256.
     */
    public InputStream openShard(CheckpointManifest m, String shardName) {
        ShardInfo shard = shard(m, shardName);
        return store.get(shard.key(), shard.sha256());
    }

    /**
     * Downloads every shard to {@code dir/<shard name>}, each verified against the manifest; a
     * shard that fails leaves no file behind and stops the download with the exception.
     */
    public void downloadAll(CheckpointManifest m, Path dir) {
        Path root = dir.toAbsolutePath().normalize();
        for (ShardInfo shard : m.shards()) {
            Path target = root.resolve(shard.name()).normalize();
            if (!target.startsWith(root)) {
                throw new ObjectStoreException("shard name '" + shard.name() + "' in " + describe(m.manifestKey())
                        + " escapes the target directory " + root);
            }
            store.download(shard.key(), target, shard.sha256());
        }
    }

    /**
     * Deletes the checkpoint: the manifest first, so it stops existing before any shard goes, then
     * the shards. Objects already missing are fine, so a delete interrupted half-way can simply be
     * repeated.
     */
    public void delete(CheckpointManifest m) {
        store.delete(m.manifestKey());
        for (ShardInfo shard : m.shards()) {
            store.delete(shard.key());
        }
        log.info(
                "Deleted checkpoint {} (step {}, {} shards)",
                m.prefix(),
                m.step(),
                m.shards().size());
    }

    private ShardInfo shard(CheckpointManifest m, String shardName) {
        return m.shards().stream()
                .filter(s -> s.name().equals(shardName))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "checkpoint " + m.prefix() + " (step " + m.step() + ") has no shard '" + shardName + "'"));
    }

    private String describe(String key) {
        return "s3://" + store.settings().bucket() + "/" + key;
    }
}
