package io.moeplatform.store;

/** The key does not exist in the bucket (S3 {@code NoSuchKey}). */
public class ObjectNotFoundException extends ObjectStoreException {
    private static final long serialVersionUID = 1L;

    private final String key;

    /**
     * @param message one line naming endpoint, bucket and key
     * @param key the missing key
     */
    public ObjectNotFoundException(String message, String key) {
        super(message);
        this.key = key;
    }

    /** The missing key. */
    public String key() {
        return key;
    }
}
