package io.moeplatform.store;

import java.time.Instant;

/**
 * What is stored under a key.
 *
 * @param key the object key inside the bucket
 * @param size content length in bytes
 * @param sha256 lower-case hex SHA-256 of the content as recorded at write time (user metadata
 *     {@code x-amz-meta-sha256}); {@code null} only for an object written without {@link
 *     ObjectStore}, or whose streaming put did not finish (see {@link ObjectStore#put(String,
 *     java.io.InputStream, long, String)})
 * @param lastModified last modification time reported by the server
 */
public record StoredObject(String key, long size, String sha256, Instant lastModified) {}
