package io.moeplatform.platform.checkpoint;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Copies a verifying stream to a response without ever sending all of a corrupted object: the
 * last chunk read is held back until the stream has reached its end, which is when the store's
 * stream checks the SHA-256 (and throws on a mismatch). A corrupted object therefore reaches the
 * client at least one chunk short of its Content-Length, and the connection is closed: no client
 * can take it for a complete download.
 */
final class VerifiedCopy {

    private static final int CHUNK = 256 * 1024;

    private VerifiedCopy() {}

    /** @return bytes copied; throws (with the held-back chunk unsent) when verification fails */
    static long copy(InputStream in, OutputStream out) throws IOException {
        byte[] held = new byte[CHUNK];
        byte[] next = new byte[CHUNK];
        int heldLength = 0;
        long total = 0;
        for (int n; (n = in.readNBytes(next, 0, CHUNK)) > 0; ) {
            if (heldLength > 0) {
                out.write(held, 0, heldLength);
            }
            byte[] swap = held;
            held = next;
            next = swap;
            heldLength = n;
            total += n;
            if (n < CHUNK) {
                // readNBytes returned short: the next read reaches the end and verifies.
                if (in.read() != -1) {
                    throw new IOException("stream grew while being read");
                }
                break;
            }
        }
        if (heldLength > 0) {
            out.write(held, 0, heldLength);
        }
        return total;
    }
}
