package io.moeplatform.core.data;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads a byte stream line by line and decodes each line as strict UTF-8, so a malformed byte
 * sequence is reported with its exact line number (a {@code Reader} reads ahead and cannot say
 * where the bad bytes were).
 *
 * <p>Lines end at {@code \n}; a {@code \r} before it is dropped. A UTF-8 byte order mark at the
 * very start is skipped. Not thread-safe.
 */
public final class Utf8LineReader implements Closeable {

    /** One line: its 1-based number, and its text or the reason it could not be decoded. */
    public record Line(long number, String text, String error) {

        /** Whether the line decoded. */
        public boolean ok() {
            return error == null;
        }
    }

    private final InputStream in;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private final ByteArrayOutputStream buf = new ByteArrayOutputStream(256);
    private final byte[] chunk = new byte[1 << 16];
    private int pos;
    private int limit;
    private long number;
    private boolean eof;

    /** Wraps a stream; closing this reader closes it. */
    public Utf8LineReader(InputStream in) {
        this.in = in;
    }

    /** The next line, or {@code null} at the end of the stream. */
    public Line next() throws IOException {
        if (eof) {
            return null;
        }
        buf.reset();
        boolean any = false;
        while (true) {
            if (pos == limit) {
                limit = in.read(chunk, 0, chunk.length);
                pos = 0;
                if (limit <= 0) {
                    limit = 0;
                    eof = true;
                    if (!any) {
                        return null;
                    }
                    break;
                }
            }
            any = true;
            int nl = pos;
            while (nl < limit && chunk[nl] != '\n') {
                nl++;
            }
            buf.write(chunk, pos, nl - pos);
            if (nl < limit) {
                pos = nl + 1;
                break;
            }
            pos = limit;
        }
        number++;
        byte[] bytes = buf.toByteArray();
        int len = bytes.length;
        if (len > 0 && bytes[len - 1] == '\r') {
            len--;
        }
        int start = 0;
        if (number == 1
                && len >= 3
                && (bytes[0] & 0xFF) == 0xEF
                && (bytes[1] & 0xFF) == 0xBB
                && (bytes[2] & 0xFF) == 0xBF) {
            start = 3;
        }
        try {
            String text = decoder.reset()
                    .decode(ByteBuffer.wrap(bytes, start, len - start))
                    .toString();
            return new Line(number, text, null);
        } catch (CharacterCodingException e) {
            return new Line(number, null, "not valid UTF-8: " + describe(bytes, start, len));
        }
    }

    /** Names the first malformed byte position (1-based byte column) of a line. */
    static String describe(byte[] bytes, int start, int end) {
        int i = start;
        while (i < end) {
            int b = bytes[i] & 0xFF;
            int n = b < 0x80
                    ? 1
                    : (b >= 0xC2 && b < 0xE0) ? 2 : (b >= 0xE0 && b < 0xF0) ? 3 : (b >= 0xF0 && b < 0xF5) ? 4 : -1;
            if (n < 0 || i + n > end) {
                return String.format("byte 0x%02X at column %d", b, i - start + 1);
            }
            CharsetDecoder d = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT);
            try {
                d.decode(ByteBuffer.wrap(bytes, i, n));
            } catch (CharacterCodingException e) {
                return String.format("byte 0x%02X at column %d", b, i - start + 1);
            }
            i += n;
        }
        return "malformed sequence";
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
