package io.moeplatform.core.data;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.Charset;

/** A minimal .mo writer for tests (no hash table), after the GNU gettext manual's layout. */
final class MoWriter {

    private MoWriter() {}

    static byte[] write(boolean littleEndian, String[] originals, String[] translations, Charset cs) {
        int n = originals.length;
        byte[][] o = new byte[n][];
        byte[][] t = new byte[n][];
        for (int i = 0; i < n; i++) {
            o[i] = originals[i].getBytes(cs);
            t[i] = translations[i].getBytes(cs);
        }
        int origTable = 28;
        int transTable = origTable + 8 * n;
        int data = transTable + 8 * n;
        ByteBuffer header =
                ByteBuffer.allocate(data).order(littleEndian ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        header.putInt(0x950412de)
                .putInt(0)
                .putInt(n)
                .putInt(origTable)
                .putInt(transTable)
                .putInt(0)
                .putInt(0);
        ByteArrayOutputStream strings = new ByteArrayOutputStream();
        int off = data;
        for (int i = 0; i < n; i++) {
            header.putInt(origTable + 8 * i, o[i].length).putInt(origTable + 8 * i + 4, off);
            strings.writeBytes(o[i]);
            strings.write(0);
            off += o[i].length + 1;
        }
        for (int i = 0; i < n; i++) {
            header.putInt(transTable + 8 * i, t[i].length).putInt(transTable + 8 * i + 4, off);
            strings.writeBytes(t[i]);
            strings.write(0);
            off += t[i].length + 1;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(header.array());
        out.writeBytes(strings.toByteArray());
        return out.toByteArray();
    }
}
