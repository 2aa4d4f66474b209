package io.moeplatform.store;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.Properties;
import java.util.concurrent.TimeoutException;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An S3 server inside this JVM (S3Proxy over a local directory) for the default single-process
 * setup and for tests. Buckets are subdirectories of {@code dataDir}, objects are files, and
 * their metadata (including {@code x-amz-meta-sha256}) are the files' extended attributes; so
 * data survives a restart on the same directory.
 *
 * <p>Requests must be signed with the given credentials (AWS signature v2 or v4); others are
 * rejected with {@code InvalidAccessKeyId} or {@code SignatureDoesNotMatch}.
 *
 * <p>S3Proxy logs every request at DEBUG: set the loggers {@code org.gaul} (which includes its
 * shaded Jetty) and {@code org.eclipse.jetty} to WARN in the application's logging
 * configuration, or it runs much slower (checkpoint-store/README.md).
 */
public final class EmbeddedS3Server implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedS3Server.class);
    // How long close() lets in-flight requests finish; S3Proxy's default is 30 s.
    private static final long STOP_TIMEOUT_MS = 2_000;

    private final S3Proxy proxy;
    private final String endpoint;
    private final Path dataDir;

    private EmbeddedS3Server(S3Proxy proxy, String endpoint, Path dataDir) {
        this.proxy = proxy;
        this.endpoint = endpoint;
        this.dataDir = dataDir;
    }

    /**
     * Starts a server storing its data under {@code dataDir} (created if missing).
     *
     * @param host interface to listen on, e.g. {@code 127.0.0.1}
     * @param port TCP port, 0 for a free one (see {@link #endpoint()})
     * @param accessKey the only access key accepted
     * @param secretKey its secret
     * @throws ObjectStoreException if the directory is unusable (e.g. no extended-attribute
     *     support, which would silently drop every object's SHA-256) or the port is taken
     */
    public static EmbeddedS3Server start(Path dataDir, String host, int port, String accessKey, String secretKey) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " outside [0, 65535]");
        }
        Path dir = dataDir.toAbsolutePath();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new ObjectStoreException("Cannot create S3 data directory " + dir + ": " + e, e);
        }
        requireExtendedAttributes(dir);

        Properties properties = new Properties();
        properties.setProperty("jclouds.filesystem.basedir", dir.toString());
        BlobStore blobStore = BlobStores.create("filesystem", properties);
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(blobStore)
                .endpoint(URI.create("http://" + host + ":" + port))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
                .stopTimeout(STOP_TIMEOUT_MS)
                .build();
        try {
            proxy.start();
        } catch (Exception e) {
            throw new ObjectStoreException(
                    "Cannot start embedded S3 server on " + host + ":" + port + " for " + dir + ": " + e, e);
        }
        String endpoint = "http://" + host + ":" + proxy.getPort();
        log.info("Embedded S3 server at {} storing under {}", endpoint, dir);
        return new EmbeddedS3Server(proxy, endpoint, dir);
    }

    /**
     * The filesystem store keeps user metadata in extended attributes and ignores a filesystem
     * without them; every get would then fail for want of a SHA-256. Better to refuse at start.
     */
    private static void requireExtendedAttributes(Path dir) {
        Path probe = dir.resolve(".xattr-probe");
        try {
            Files.deleteIfExists(probe);
            Files.createFile(probe);
            UserDefinedFileAttributeView view = Files.getFileAttributeView(probe, UserDefinedFileAttributeView.class);
            if (view == null) {
                throw new ObjectStoreException(
                        "S3 data directory " + dir + " is on a filesystem without extended attributes;"
                                + " object metadata (sha256) would be lost");
            }
            view.write("probe", ByteBuffer.wrap("1".getBytes(StandardCharsets.US_ASCII)));
        } catch (IOException | UnsupportedOperationException e) {
            throw new ObjectStoreException(
                    "S3 data directory " + dir + " does not support user extended attributes (" + e
                            + "); object metadata (sha256) would be lost",
                    e);
        } finally {
            try {
                Files.deleteIfExists(probe);
            } catch (IOException ignored) {
                // a leftover probe file is harmless: it is not inside a bucket directory
            }
        }
    }

    /** Base URL of the server, e.g. {@code http://127.0.0.1:43121}. */
    public String endpoint() {
        return endpoint;
    }

    /** Directory holding the buckets. */
    public Path dataDir() {
        return dataDir;
    }

    /** Stops the server, letting in-flight requests finish for up to two seconds. */
    @Override
    public void close() {
        try {
            proxy.stop();
        } catch (TimeoutException e) {
            // Jetty stops anyway once the graceful period is over; it only reports that requests or
            // kept-alive client connections were cut off.
            log.warn("Embedded S3 server at {} cut off open requests after {} ms", endpoint, STOP_TIMEOUT_MS);
        } catch (Exception e) {
            throw new ObjectStoreException("Cannot stop embedded S3 server at " + endpoint + ": " + e, e);
        }
    }
}
