package io.moeplatform.store;

/**
 * A storage operation failed. The message is one line naming the endpoint, the bucket, the key
 * and what failed, e.g. {@code "S3 endpoint http://127.0.0.1:9 unreachable: Connection
 * refused"}; the underlying client exception, if any, is the cause.
 */
public class ObjectStoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message one line naming endpoint, bucket, key and what failed
     */
    public ObjectStoreException(String message) {
        super(message);
    }

    /**
     * @param message one line naming endpoint, bucket, key and what failed
     * @param cause the client or I/O exception behind it
     */
    public ObjectStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
