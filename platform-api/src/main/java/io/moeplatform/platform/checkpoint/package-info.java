/**
 * Checkpoints as the API serves them. Training workers write a checkpoint's objects with {@link
 * io.moeplatform.store.checkpoint.CheckpointStore} (shards, then {@code manifest.json} last) and
 * then its {@code checkpoints} and {@code checkpoint_shards} rows; this package lists them per job,
 * shows manifests, streams shards and whole-checkpoint archives through the store's verifying
 * streams, deletes them (objects first, rows after) and applies retention ({@link
 * io.moeplatform.worker.checkpoint.CheckpointRetention}). A checkpoint belongs to the team of its
 * job; for another team it does not exist.
 */
package io.moeplatform.platform.checkpoint;
