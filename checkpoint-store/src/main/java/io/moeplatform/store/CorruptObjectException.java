package io.moeplatform.store;

/**
 * The bytes read back do not have the SHA-256 (or length) recorded when they were written: the
 * object was altered or damaged after the write. Thrown instead of returning the data, never
 * after silently returning it.
 */
public class CorruptObjectException extends ObjectStoreException {
    private static final long serialVersionUID = 1L;

    private final String key;
    private final String expectedSha256;
    private final String actualSha256;

    /**
     * @param message one line naming endpoint, bucket, key and both digests
     * @param key the corrupted object's key
     * @param expectedSha256 hex SHA-256 recorded at write time (or in a manifest)
     * @param actualSha256 hex SHA-256 of the bytes actually read
     */
    public CorruptObjectException(String message, String key, String expectedSha256, String actualSha256) {
        super(message);
        this.key = key;
        this.expectedSha256 = expectedSha256;
        this.actualSha256 = actualSha256;
    }

    /** The corrupted object's key. */
    public String key() {
        return key;
    }

    /** Hex SHA-256 recorded at write time (or in a manifest). */
    public String expectedSha256() {
        return expectedSha256;
    }

    /** Hex SHA-256 of the bytes actually read. */
    public String actualSha256() {
        return actualSha256;
    }
}
