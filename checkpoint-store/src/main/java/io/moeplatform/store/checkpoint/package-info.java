/**
 * Checkpoints on top of {@link io.moeplatform.store.ObjectStore}: one object per shard under a
 * checkpoint prefix, each with its SHA-256, and a {@code manifest.json} written last. A
 * checkpoint without a manifest does not exist; a checkpoint is trusted only after its shards
 * have been re-read and verified against the manifest.
 */
package io.moeplatform.store.checkpoint;
