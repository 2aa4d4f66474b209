package io.moeplatform.platform.checkpoint;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A minimal POSIX tar (ustar) writer for regular files, with a PAX extended header for names
 * longer than ustar's 100 bytes. Sizes are known before the content, so the archive's length is
 * known up front ({@link #entryLength}, {@link #END_LENGTH}) and can be sent as Content-Length:
 * a client then notices an archive cut short.
 */
final class TarWriter {

    static final int BLOCK = 512;

    /** Two zero blocks end an archive. */
    static final int END_LENGTH = 2 * BLOCK;

    private TarWriter() {}

    /** Bytes the entry takes in the archive: its header(s) and its content padded to blocks. */
    static long entryLength(String name, long size) {
        return header(name, size).length + padded(size);
    }

    static long padded(long size) {
        return (size + BLOCK - 1) / BLOCK * BLOCK;
    }

    /** The header block(s) of a regular file of {@code size} bytes. */
    static byte[] header(String name, long size) {
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        if (nameBytes.length <= 100) {
            return ustar(nameBytes, size, (byte) '0');
        }
        // PAX: a record "<len> path=<name>\n" whose length counts its own digits.
        String body = " path=" + name + "\n";
        int bodyLength = body.getBytes(StandardCharsets.UTF_8).length;
        int length = bodyLength + String.valueOf(bodyLength).length();
        if (String.valueOf(length).length() != String.valueOf(bodyLength).length()) {
            length++;
        }
        byte[] record = (length + body).getBytes(StandardCharsets.UTF_8);
        byte[] pax = ustar("PaxHeader".getBytes(StandardCharsets.US_ASCII), record.length, (byte) 'x');
        byte[] shortName = Arrays.copyOfRange(nameBytes, nameBytes.length - 100, nameBytes.length);
        byte[] file = ustar(shortName, size, (byte) '0');
        byte[] out = new byte[pax.length + (int) padded(record.length) + file.length];
        System.arraycopy(pax, 0, out, 0, pax.length);
        System.arraycopy(record, 0, out, pax.length, record.length);
        System.arraycopy(file, 0, out, pax.length + (int) padded(record.length), file.length);
        return out;
    }

    private static byte[] ustar(byte[] name, long size, byte type) {
        byte[] h = new byte[BLOCK];
        System.arraycopy(name, 0, h, 0, Math.min(100, name.length));
        octal(h, 100, 8, 0644);
        octal(h, 108, 8, 0);
        octal(h, 116, 8, 0);
        octal(h, 124, 12, size);
        octal(h, 136, 12, System.currentTimeMillis() / 1000);
        Arrays.fill(h, 148, 156, (byte) ' ');
        h[156] = type;
        System.arraycopy("ustar\0".getBytes(StandardCharsets.US_ASCII), 0, h, 257, 6);
        h[263] = '0';
        h[264] = '0';
        long sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        octal(h, 148, 7, sum);
        return h;
    }

    private static void octal(byte[] h, int offset, int length, long value) {
        String s = Long.toOctalString(value);
        if (s.length() > length - 1) {
            throw new IllegalArgumentException("value " + value + " does not fit a tar header field of " + length);
        }
        s = "0".repeat(length - 1 - s.length()) + s;
        System.arraycopy(s.getBytes(StandardCharsets.US_ASCII), 0, h, offset, length - 1);
        h[offset + length - 1] = 0;
    }

    /** Pads an entry of {@code size} bytes to its block boundary. */
    static void pad(OutputStream out, long size) throws IOException {
        out.write(new byte[(int) (padded(size) - size)]);
    }

    static void end(OutputStream out) throws IOException {
        out.write(new byte[END_LENGTH]);
    }
}
