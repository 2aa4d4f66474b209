package io.moeplatform.store;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/**
 * Passes bytes through while hashing them, and at the end of the stream compares the SHA-256
 * and the length with the expected ones. On a mismatch it throws instead of returning -1, so a
 * reader that consumes the stream to its end can never mistake corrupted data for good data.
 *
 * <p>A reader that closes the stream before its end gets no verdict: it did not read the whole
 * object. {@code skip} reads and hashes the skipped bytes, and mark/reset is not supported,
 * because either would otherwise let bytes bypass the digest.
 */
final class VerifyingInputStream extends FilterInputStream {

    /** Builds the exception for a mismatch; called at most once. */
    @FunctionalInterface
    interface MismatchReporter {
        CorruptObjectException mismatch(String actualSha256, long actualSize);
    }

    private final MessageDigest digest = Sha256.newDigest();
    private final String expectedSha256;
    private final long expectedSize;
    private final MismatchReporter reporter;
    private long count;
    private boolean verified;
    private CorruptObjectException failure;

    /**
     * @param in the raw content
     * @param expectedSha256 lower-case hex SHA-256 the content must have
     * @param expectedSize length the content must have, or -1 when unknown
     * @param reporter builds the exception thrown on a mismatch
     */
    VerifyingInputStream(InputStream in, String expectedSha256, long expectedSize, MismatchReporter reporter) {
        super(in);
        this.expectedSha256 = expectedSha256;
        this.expectedSize = expectedSize;
        this.reporter = reporter;
    }

    @Override
    public int read() throws IOException {
        if (verified) {
            return -1;
        }
        int b = in.read();
        if (b == -1) {
            verifyAtEnd();
            return -1;
        }
        digest.update((byte) b);
        count++;
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (verified) {
            return -1;
        }
        int n = in.read(buffer, offset, length);
        if (n == -1) {
            verifyAtEnd();
            return -1;
        }
        digest.update(buffer, offset, n);
        count += n;
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        // Skipped bytes must still be hashed, so read them instead of delegating to in.skip.
        return Sha256.skipByReading(this, n);
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    @Override
    public synchronized void mark(int readlimit) {
        // not supported: a reset would feed bytes to the digest twice
    }

    @Override
    public synchronized void reset() throws IOException {
        throw new IOException("mark/reset not supported by a verifying stream");
    }

    private void verifyAtEnd() {
        if (failure != null) {
            throw failure;
        }
        String actual = Sha256.hex(digest);
        if (!actual.equals(expectedSha256) || (expectedSize >= 0 && count != expectedSize)) {
            failure = reporter.mismatch(actual, count);
            throw failure;
        }
        verified = true;
    }
}
