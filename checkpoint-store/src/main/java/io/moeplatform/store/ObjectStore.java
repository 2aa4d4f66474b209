package io.moeplatform.store;

import io.minio.BucketExistsArgs;
import io.minio.CopyObjectArgs;
import io.minio.Directive;
import io.minio.GetObjectArgs;
import io.minio.GetObjectResponse;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.ObjectWriteResponse;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.SourceObject;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.errors.ErrorResponseException;
import io.minio.messages.Item;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Objects in one bucket of an S3-compatible server, each stored with the SHA-256 of its content
 * and verified whenever it is read back. Thread-safe; one instance per bucket is enough.
 *
 * <h2>How the SHA-256 gets into the metadata</h2>
 *
 * S3 takes user metadata with the first request of an upload, but a stream's digest is only
 * known after its last byte. So:
 *
 * <ul>
 *   <li>{@code byte[]}: hashed first, then uploaded with the digest in one request.
 *   <li>{@link Path}: hashed in a first pass over the file (local disk is cheaper than a second
 *       server-side copy), then uploaded with the digest; the upload is hashed again and an
 *       object whose file changed between the two passes is deleted and reported.
 *   <li>{@link InputStream}: the first part (up to {@link #partSize()}) is read into memory; a
 *       stream that ends within it is stored like a {@code byte[]}. A longer stream is uploaded
 *       (multipart) while being hashed, then copied onto itself on the server with the digest
 *       as new metadata (REPLACE directive, conditional on the ETag just written, so a
 *       concurrent writer's bytes never get our digest). Until that copy finishes the object
 *       has no {@code sha256} metadata, and {@link #get(String)} refuses such an object: a put
 *       that died half-way is never read as good data.
 * </ul>
 *
 * <p>Memory: at most about two parts per streaming put (our first-part buffer and the MinIO
 * client's part buffer); the whole object is never held in heap.
 *
 * <p>Errors are {@link ObjectStoreException}s whose one-line message names the endpoint, the
 * bucket, the key and the server's error code.
 */
public final class ObjectStore implements AutoCloseable {

    /** Default multipart part size: 8 MiB. */
    public static final long DEFAULT_PART_SIZE = 8L * 1024 * 1024;

    /** Smallest part size S3 accepts (except for the last part): 5 MiB. */
    public static final long MIN_PART_SIZE = 5L * 1024 * 1024;

    /** User-metadata name of the content digest; on the wire {@code x-amz-meta-sha256}. */
    public static final String SHA256_METADATA = "sha256";

    private static final String SHA256_HEADER = "x-amz-meta-" + SHA256_METADATA;
    private static final String DEFAULT_CONTENT_TYPE = "application/octet-stream";
    private static final Set<String> CREDENTIAL_ERRORS = Set.of(
            "InvalidAccessKeyId",
            "SignatureDoesNotMatch",
            "AccessDenied",
            "InvalidToken",
            "ExpiredToken",
            "AuthorizationHeaderMalformed",
            "RequestTimeTooSkewed");
    private static final Logger log = LoggerFactory.getLogger(ObjectStore.class);

    private final S3Settings settings;
    private final MinioClient client;
    private final long partSize;

    private ObjectStore(S3Settings settings, MinioClient client, long partSize) {
        this.settings = settings;
        this.client = client;
        this.partSize = partSize;
    }

    /**
     * Connects with the {@linkplain #DEFAULT_PART_SIZE default part size}; see {@link
     * #connect(S3Settings, long)}.
     */
    public static ObjectStore connect(S3Settings settings) {
        return connect(settings, DEFAULT_PART_SIZE);
    }

    /**
     * Connects, checks that the endpoint answers and accepts the credentials, and creates the
     * bucket if it is missing.
     *
     * @param settings where and as whom
     * @param partSize multipart part size in bytes, at least {@link #MIN_PART_SIZE}; larger parts
     *     mean fewer requests but more heap per concurrent upload
     * @throws ObjectStoreException with a one-line message such as {@code "S3 endpoint
     *     http://127.0.0.1:9 unreachable: Connection refused"} or {@code "S3 credentials rejected
     *     by http://127.0.0.1:9000: InvalidAccessKeyId"}
     */
    public static ObjectStore connect(S3Settings settings, long partSize) {
        if (partSize < MIN_PART_SIZE || partSize > 5L * 1024 * 1024 * 1024) {
            throw new IllegalArgumentException("partSize " + partSize + " outside S3's range [5 MiB, 5 GiB]");
        }
        MinioClient client = MinioClient.builder()
                .endpoint(settings.endpoint())
                .region(settings.region())
                .credentials(settings.accessKey(), settings.secretKey())
                .build();
        // Fail fast on a dead endpoint; generous read/write for multi-GiB parts on slow links.
        client.setTimeout(TimeUnit.SECONDS.toMillis(10), TimeUnit.MINUTES.toMillis(5), TimeUnit.MINUTES.toMillis(5));
        ObjectStore store = new ObjectStore(settings, client, partSize);
        try {
            store.ensureBucket();
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        return store;
    }

    private void ensureBucket() {
        // A GET (list) rather than HEAD bucket: HEAD error responses have no body, so the server's
        // precise code (InvalidAccessKeyId vs SignatureDoesNotMatch) would be lost. Credentials are
        // checked before bucket existence, so NoSuchBucket also proves the credentials are good.
        try {
            for (Result<Item> r : client.listObjects(ListObjectsArgs.builder()
                    .bucket(settings.bucket())
                    .maxKeys(1)
                    .build())) {
                r.get();
                break;
            }
            return;
        } catch (Exception e) {
            if (!"NoSuchBucket".equals(errorCode(e))) {
                throw connectFailure(e);
            }
        }
        try {
            client.makeBucket(MakeBucketArgs.builder()
                    .bucket(settings.bucket())
                    .region(settings.region())
                    .build());
            log.info("Created bucket {} on {}", settings.bucket(), settings.endpoint());
        } catch (Exception e) {
            String code = errorCode(e);
            // Another process may have created it in between: that is what we wanted.
            if (!"BucketAlreadyOwnedByYou".equals(code) && !"BucketAlreadyExists".equals(code)) {
                throw connectFailure(e);
            }
        }
    }

    private ObjectStoreException connectFailure(Exception e) {
        String code = errorCode(e);
        if (code != null && CREDENTIAL_ERRORS.contains(code)) {
            return new ObjectStoreException("S3 credentials rejected by " + settings.endpoint() + ": " + code, e);
        }
        Throwable network = networkCause(e);
        if (network != null) {
            return new ObjectStoreException(
                    "S3 endpoint " + settings.endpoint() + " unreachable: " + describe(network), e);
        }
        return new ObjectStoreException(
                "S3 bucket " + settings.bucket() + " on " + settings.endpoint() + " not usable: " + reason(e), e);
    }

    /** The settings this store was connected with. */
    public S3Settings settings() {
        return settings;
    }

    /** Multipart part size in bytes. */
    public long partSize() {
        return partSize;
    }

    // ---------------------------------------------------------------------------------------- put

    /**
     * Stores a stream under {@code key}, replacing any object there. See the class comment for
     * how the SHA-256 is recorded. The stream is read to its end (or to {@code size}) but not
     * closed.
     *
     * @param size content length, or -1 when unknown
     * @param contentType MIME type, {@code null} for {@code application/octet-stream}
     * @return what was stored, with the SHA-256 of the bytes read
     */
    public StoredObject put(String key, InputStream in, long size, String contentType) {
        requireKey(key);
        if (size < -1) {
            throw new IllegalArgumentException("size " + size + " for " + describeKey(key) + " < -1");
        }
        try {
            if (size >= 0 && size <= partSize) {
                byte[] bytes = in.readNBytes((int) size);
                if (bytes.length != size) {
                    throw new ObjectStoreException("Cannot put " + describeKey(key) + ": stream ended after "
                            + bytes.length + " of " + size + " bytes");
                }
                return put(key, bytes, contentType);
            }
            if (size == -1) {
                byte[] head = in.readNBytes((int) partSize);
                int next = head.length < partSize ? -1 : in.read();
                if (next == -1) {
                    return put(key, head, contentType);
                }
                InputStream rest = new SequenceInputStream(
                        new ByteArrayInputStream(head),
                        new SequenceInputStream(new ByteArrayInputStream(new byte[] {(byte) next}), in));
                return putThenStampDigest(key, rest, -1, contentType);
            }
            return putThenStampDigest(key, in, size, contentType);
        } catch (IOException e) {
            throw failure("put", key, e);
        }
    }

    /** Stores {@code bytes} under {@code key} with their SHA-256, in one request (or multipart). */
    public StoredObject put(String key, byte[] bytes, String contentType) {
        requireKey(key);
        String sha256 = Sha256.of(bytes);
        ObjectWriteResponse written = upload(key, new ByteArrayInputStream(bytes), bytes.length, contentType, sha256);
        return new StoredObject(key, bytes.length, sha256, instant(written));
    }

    /**
     * Stores a file under {@code key}: hashes it first, then uploads it with the digest. A file
     * that changes during the upload is detected, the object deleted and the put reported.
     */
    public StoredObject put(String key, Path file, String contentType) {
        requireKey(key);
        try {
            long size = Files.size(file);
            String sha256 = Sha256.of(file);
            MessageDigest uploaded = Sha256.newDigest();
            ObjectWriteResponse written;
            try (InputStream in = new DigestingInputStream(Files.newInputStream(file), uploaded)) {
                written = upload(key, in, size, contentType, sha256);
            }
            String actual = Sha256.hex(uploaded);
            if (!actual.equals(sha256)) {
                delete(key);
                throw new ObjectStoreException("Cannot put " + file + " as " + describeKey(key)
                        + ": the file changed while it was uploaded (sha256 " + sha256 + " before, "
                        + actual + " during); object deleted");
            }
            return new StoredObject(key, size, sha256, instant(written));
        } catch (IOException e) {
            throw new ObjectStoreException("Cannot put " + file + " as " + describeKey(key) + ": " + describe(e), e);
        }
    }

    private StoredObject putThenStampDigest(String key, InputStream in, long size, String contentType) {
        MessageDigest digest = Sha256.newDigest();
        CountingDigestInputStream counting = new CountingDigestInputStream(in, digest);
        ObjectWriteResponse written = upload(key, counting, size, contentType, null);
        String sha256 = Sha256.hex(digest);
        String etag = quote(written.etag());
        // Copy in place: same bytes, new metadata. matchETag makes the copy fail if another writer
        // replaced the object since our upload, rather than stamping our digest on their bytes.
        try {
            ObjectWriteResponse stamped = client.copyObject(CopyObjectArgs.builder()
                    .bucket(settings.bucket())
                    .object(key)
                    .source(
                            // Size and ETag given, so the client skips its own HEAD (whose If-Match
                            // S3Proxy compares quoted against MinIO's unquoted value).
                            new SourceObject(
                                    SourceObject.builder()
                                            .bucket(settings.bucket())
                                            .object(key)
                                            .matchETag(etag)
                                            .build(),
                                    counting.count(),
                                    etag))
                    .metadataDirective(Directive.REPLACE)
                    .headers(Map.of("Content-Type", contentTypeOrDefault(contentType)))
                    .userMetadata(Map.of(SHA256_METADATA, sha256))
                    .build());
            return new StoredObject(key, counting.count(), sha256, instant(stamped));
        } catch (Exception e) {
            throw failure("record sha256 " + sha256 + " (copy in place) of", key, e);
        }
    }

    private ObjectWriteResponse upload(String key, InputStream in, long size, String contentType, String sha256) {
        try {
            PutObjectArgs.Builder args = PutObjectArgs.builder().bucket(settings.bucket()).object(key).stream(
                            in, size, partSize)
                    .contentType(contentTypeOrDefault(contentType));
            if (sha256 != null) {
                args.userMetadata(Map.of(SHA256_METADATA, sha256));
            }
            return client.putObject(args.build());
        } catch (Exception e) {
            throw failure("put", key, e);
        }
    }

    // ---------------------------------------------------------------------------------------- get

    /**
     * Opens the object for streaming. The stream checks the SHA-256 recorded at write time while
     * it is read and throws {@link CorruptObjectException} at the end, instead of signalling EOF,
     * if the bytes do not match. The caller must close it.
     *
     * @throws ObjectNotFoundException if there is no such key
     * @throws ObjectStoreException if the object has no recorded SHA-256 (written by another tool,
     *     or a streaming put that did not finish)
     */
    public InputStream get(String key) {
        return open(key, null);
    }

    /**
     * Like {@link #get(String)}, but the content must have {@code expectedSha256} (e.g. from a
     * checkpoint manifest), not merely the digest in the object's own metadata: an object replaced
     * with self-consistent but different bytes is reported too.
     */
    public InputStream get(String key, String expectedSha256) {
        if (!Sha256.isValid(expectedSha256)) {
            throw new IllegalArgumentException("expected sha256 '" + expectedSha256 + "' for " + describeKey(key)
                    + " is not 64 lower-case hex digits");
        }
        return open(key, expectedSha256);
    }

    /** Reads the whole object into memory, verified before it is returned. */
    public byte[] getBytes(String key) {
        try (InputStream in = get(key)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw failure("read", key, e);
        }
    }

    /**
     * Downloads the object to {@code target} (replacing it), verified. The bytes go to a temporary
     * file next to the target, moved into place only after the SHA-256 matched; on any failure the
     * temporary file is deleted, so a corrupted or partial download never appears at {@code
     * target}.
     */
    public void download(String key, Path target) {
        downloadVerified(key, target, null);
    }

    /** Like {@link #download(String, Path)}, checking the content against {@code expectedSha256}. */
    public void download(String key, Path target, String expectedSha256) {
        if (!Sha256.isValid(expectedSha256)) {
            throw new IllegalArgumentException("expected sha256 '" + expectedSha256 + "' for " + describeKey(key)
                    + " is not 64 lower-case hex digits");
        }
        downloadVerified(key, target, expectedSha256);
    }

    private void downloadVerified(String key, Path target, String expectedSha256) {
        Path absolute = target.toAbsolutePath();
        Path temp = null;
        try {
            Files.createDirectories(absolute.getParent());
            temp = Files.createTempFile(absolute.getParent(), "." + absolute.getFileName(), ".part");
            try (InputStream in = open(key, expectedSha256);
                    OutputStream out = Files.newOutputStream(temp)) {
                in.transferTo(out);
            }
            try {
                Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
            temp = null;
        } catch (IOException e) {
            throw new ObjectStoreException(
                    "Cannot download " + describeKey(key) + " to " + absolute + ": " + describe(e), e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException e) {
                    log.warn("Could not delete partial download {}: {}", temp, e.toString());
                }
            }
        }
    }

    private InputStream open(String key, String expectedSha256) {
        requireKey(key);
        GetObjectResponse response;
        try {
            response = client.getObject(GetObjectArgs.builder()
                    .bucket(settings.bucket())
                    .object(key)
                    .build());
        } catch (Exception e) {
            throw failure("get", key, e);
        }
        // Digest and length come from the same response as the bytes: no race with a writer.
        String recorded = response.headers().get(SHA256_HEADER);
        String lengthHeader = response.headers().get("Content-Length");
        long size = lengthHeader == null ? -1 : Long.parseLong(lengthHeader);
        if (!Sha256.isValid(recorded)) {
            closeQuietly(response);
            throw new ObjectStoreException(
                    "Cannot get " + describeKey(key) + ": no valid " + SHA256_HEADER + " metadata (found " + recorded
                            + "); written by another tool, or its streaming put did not finish");
        }
        String expected = expectedSha256 == null ? recorded : expectedSha256;
        if (!recorded.equals(expected)) {
            // The object was replaced since the expectation was recorded; no need to read it.
            closeQuietly(response);
            throw new CorruptObjectException(
                    describeKey(key) + " is not the expected object: sha256 " + expected + " expected, object records "
                            + recorded,
                    key,
                    expected,
                    recorded);
        }
        return new VerifyingInputStream(
                response,
                expected,
                size,
                (actual, actualSize) -> new CorruptObjectException(
                        describeKey(key) + " is corrupted: sha256 " + expected + " expected, " + actual + " read ("
                                + actualSize + " bytes read, " + size + " expected)",
                        key,
                        expected,
                        actual));
    }

    // --------------------------------------------------------------------------- stat/list/delete

    /** Metadata of the object, or empty if there is no such key. */
    public Optional<StoredObject> stat(String key) {
        requireKey(key);
        try {
            StatObjectResponse s = client.statObject(StatObjectArgs.builder()
                    .bucket(settings.bucket())
                    .object(key)
                    .build());
            String sha256 = s.userMetadata().getFirst(SHA256_METADATA);
            return Optional.of(new StoredObject(
                    key,
                    s.size(),
                    sha256,
                    s.lastModified() == null ? null : s.lastModified().toInstant()));
        } catch (Exception e) {
            if (isNotFound(e)) {
                return Optional.empty();
            }
            throw failure("stat", key, e);
        }
    }

    /**
     * Every object whose key starts with {@code prefix}, recursively, in key order. Costs one HEAD
     * per object to read its SHA-256 (S3 listings carry no user metadata); use {@link
     * #listKeys(String)} when only keys are needed.
     */
    public List<StoredObject> list(String prefix) {
        List<StoredObject> objects = new ArrayList<>();
        for (String key : listKeys(prefix)) {
            // An object deleted between listing and HEAD is simply no longer there.
            stat(key).ifPresent(objects::add);
        }
        return objects;
    }

    /** Keys starting with {@code prefix}, recursively, in key order; one request per 1000 keys. */
    public List<String> listKeys(String prefix) {
        List<String> keys = new ArrayList<>();
        try {
            for (Result<Item> r : client.listObjects(ListObjectsArgs.builder()
                    .bucket(settings.bucket())
                    .prefix(prefix == null ? "" : prefix)
                    .recursive(true)
                    .build())) {
                Item item = r.get();
                if (!item.isDir()) {
                    keys.add(item.objectName());
                }
            }
        } catch (Exception e) {
            throw failure("list", prefix + "*", e);
        }
        return keys;
    }

    /** Deletes the object; a missing key is not an error. */
    public void delete(String key) {
        requireKey(key);
        try {
            client.removeObject(RemoveObjectArgs.builder()
                    .bucket(settings.bucket())
                    .object(key)
                    .build());
        } catch (Exception e) {
            if (!isNotFound(e)) {
                throw failure("delete", key, e);
            }
        }
    }

    /** Deletes every object whose key starts with {@code prefix}, which must not be empty. */
    public void deletePrefix(String prefix) {
        // An empty prefix would empty the bucket: never what a caller building prefixes meant.
        requireKey(prefix);
        for (String key : listKeys(prefix)) {
            delete(key);
        }
    }

    /** Cheap health check: the bucket exists and the credentials work. */
    public void ping() {
        boolean exists;
        try {
            exists = client.bucketExists(
                    BucketExistsArgs.builder().bucket(settings.bucket()).build());
        } catch (Exception e) {
            throw connectFailure(e);
        }
        if (!exists) {
            throw new ObjectStoreException(
                    "S3 bucket " + settings.bucket() + " on " + settings.endpoint() + " does not exist");
        }
    }

    /** Releases the HTTP client's connections and threads. */
    @Override
    public void close() {
        try {
            client.close();
        } catch (Exception e) {
            log.debug("Closing the MinIO client for {} failed", settings.endpoint(), e);
        }
    }

    // ------------------------------------------------------------------------------------ helpers

    private String describeKey(String key) {
        return "s3://" + settings.bucket() + "/" + key + " on " + settings.endpoint();
    }

    private ObjectStoreException failure(String action, String key, Exception e) {
        if (isNotFound(e) && "NoSuchKey".equals(errorCode(e))) {
            return new ObjectNotFoundException("No object " + describeKey(key), key);
        }
        Throwable network = networkCause(e);
        if (network != null) {
            return new ObjectStoreException(
                    "Cannot " + action + " " + describeKey(key) + ": S3 endpoint unreachable: " + describe(network), e);
        }
        return new ObjectStoreException("Cannot " + action + " " + describeKey(key) + ": " + reason(e), e);
    }

    private static String reason(Throwable e) {
        ErrorResponseException error = find(e, ErrorResponseException.class);
        if (error != null && error.errorResponse() != null) {
            String message = error.errorResponse().message();
            return error.errorResponse().code()
                    + (message == null || message.isBlank() ? "" : " (" + oneLine(message) + ")");
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return describe(root);
    }

    private static String describe(Throwable t) {
        String message = t.getMessage();
        if (t instanceof UnknownHostException) {
            return "unknown host " + message;
        }
        if (message == null || message.isBlank()) {
            return t.getClass().getSimpleName();
        }
        return oneLine(message);
    }

    private static String oneLine(String s) {
        return s.replaceAll("\\s*\\R\\s*", " ").strip();
    }

    private static Throwable networkCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException
                    || t instanceof NoRouteToHostException
                    || t instanceof UnknownHostException
                    || t instanceof SocketTimeoutException
                    || t instanceof InterruptedIOException
                    || t instanceof SSLException) {
                return t;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    private static String errorCode(Throwable e) {
        ErrorResponseException error = find(e, ErrorResponseException.class);
        return error == null || error.errorResponse() == null
                ? null
                : error.errorResponse().code();
    }

    private static boolean isNotFound(Throwable e) {
        String code = errorCode(e);
        return "NoSuchKey".equals(code) || "NoSuchObject".equals(code) || "ResourceNotFound".equals(code);
    }

    private static <T extends Throwable> T find(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    /** An entity tag as HTTP conditions want it (RFC 9110): quoted. Uploads return either form. */
    private static String quote(String etag) {
        return etag.startsWith("\"") ? etag : "\"" + etag + "\"";
    }

    private static Instant instant(ObjectWriteResponse response) {
        return response.lastModified() == null
                ? Instant.now()
                : response.lastModified().toInstant();
    }

    private static String contentTypeOrDefault(String contentType) {
        return contentType == null || contentType.isBlank() ? DEFAULT_CONTENT_TYPE : contentType;
    }

    private static void requireKey(String key) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("object key must not be empty (was: " + key + ")");
        }
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // the request failed already; the close error adds nothing
        }
    }

    /** Hashes what passes through. */
    private static class DigestingInputStream extends FilterInputStream {
        private final MessageDigest digest;
        private long count;

        DigestingInputStream(InputStream in, MessageDigest digest) {
            super(in);
            this.digest = digest;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b != -1) {
                digest.update((byte) b);
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            if (n > 0) {
                digest.update(buffer, offset, n);
                count += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            // FilterInputStream.skip would call in.skip and the skipped bytes would miss the digest.
            return Sha256.skipByReading(this, n);
        }

        @Override
        public boolean markSupported() {
            return false;
        }

        long count() {
            return count;
        }
    }

    /** A {@link DigestingInputStream} that does not close the caller's stream. */
    private static final class CountingDigestInputStream extends DigestingInputStream {
        CountingDigestInputStream(InputStream in, MessageDigest digest) {
            super(in, digest);
        }

        @Override
        public void close() {
            // The caller owns the stream it passed to put.
        }
    }
}
