package io.moeplatform.store.checkpoint;

/**
 * One stored shard of a checkpoint.
 *
 * @param name name inside the checkpoint, e.g. {@code layer03/expert07.safetensors}
 * @param key full object key ({@code prefix + name})
 * @param size bytes
 * @param sha256 lower-case hex SHA-256 of the content
 */
public record ShardInfo(String name, String key, long size, String sha256) {}
