package io.moeplatform.core.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;

/**
 * Parses {@link CorpusFormat#MO}, a compiled gettext catalog (GNU gettext manual, "The Format of
 * GNU MO Files").
 *
 * <p>Layout: magic {@code 0x950412de} in the file's byte order (either order is accepted), format
 * revision (major 0 or 1), string count N, offsets of the original and translation tables, each N
 * entries of (length, offset). An original is {@code [msgctxt \x04] msgid [\0 msgid_plural]}; a
 * translation holds the plural forms separated by {@code \0}, of which the first is taken. Strings
 * are decoded with the header's charset, strictly. Problem "lines" are 1-based entry indices.
 */
final class MoParser {

    private static final int MAGIC = 0x950412de;

    private MoParser() {}

    static void parse(InputStream in, PairChecker checker, CorpusReaderOptions options) throws IOException {
        byte[] data = in.readAllBytes();
        ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        if (data.length < 20) {
            checker.problem(0, null, "not a .mo file: " + data.length + " bytes, the header needs 20");
            return;
        }
        int magic = b.getInt(0);
        if (magic != MAGIC) {
            b.order(ByteOrder.BIG_ENDIAN);
            if (b.getInt(0) != MAGIC) {
                checker.problem(0, null, String.format("not a .mo file: magic 0x%08x", magic));
                return;
            }
        }
        int revision = b.getInt(4);
        if ((revision >>> 16) > 1) {
            checker.problem(0, null, "unsupported .mo format revision " + (revision >>> 16));
            return;
        }
        long n = Integer.toUnsignedLong(b.getInt(8));
        long origTable = Integer.toUnsignedLong(b.getInt(12));
        long transTable = Integer.toUnsignedLong(b.getInt(16));
        if (origTable + 8 * n > data.length || transTable + 8 * n > data.length) {
            checker.problem(
                    0, null, "truncated .mo file: tables of " + n + " strings exceed " + data.length + " bytes");
            return;
        }
        // 1. find the header (empty msgid) and its charset; 2. decode and check every entry
        Charset charset = StandardCharsets.UTF_8;
        GettextHeader header = GettextHeader.NONE;
        for (int i = 0; i < n; i++) {
            byte[] orig = string(b, data, origTable, i);
            if (orig != null && orig.length == 0) {
                byte[] t = string(b, data, transTable, i);
                header = GettextHeader.parse(new String(t == null ? new byte[0] : t, StandardCharsets.ISO_8859_1));
                break;
            }
        }
        String cs = header.charset();
        if (cs != null && !cs.equalsIgnoreCase("CHARSET")) {
            try {
                charset = Charset.forName(cs);
            } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
                checker.problem(0, null, "unknown charset " + cs + " in the header");
                return;
            }
        }
        String tgtLang =
                options.gettextTargetLanguage() != null ? options.gettextTargetLanguage() : header.bcp47Language();
        boolean reportedNoLanguage = false;
        for (int i = 0; i < n; i++) {
            long entry = i + 1L;
            byte[] orig = string(b, data, origTable, i);
            byte[] trans = string(b, data, transTable, i);
            if (orig == null || trans == null) {
                checker.problem(entry, orig == null ? "msgid" : "msgstr", "string outside the file");
                continue;
            }
            if (orig.length == 0) {
                checker.skip(); // header
                continue;
            }
            String original = decode(orig, charset, entry, "msgid", checker);
            String translation = decode(trans, charset, entry, "msgstr", checker);
            if (original == null || translation == null) {
                continue;
            }
            int eot = original.indexOf('\u0004');
            String msgid = eot >= 0 ? original.substring(eot + 1) : original;
            int nul = msgid.indexOf('\0');
            if (nul >= 0) {
                msgid = msgid.substring(0, nul);
            }
            nul = translation.indexOf('\0');
            String msgstr = nul >= 0 ? translation.substring(0, nul) : translation;
            if (msgstr.isEmpty()) {
                checker.skip();
                continue;
            }
            if (tgtLang == null) {
                if (!reportedNoLanguage) {
                    checker.problem(0, "tgt_lang", "no Language: header; give the target language in the options");
                    reportedNoLanguage = true;
                }
                continue;
            }
            checker.pair(entry, options.gettextSourceLanguage(), tgtLang, msgid, msgstr);
        }
    }

    /** The bytes of string i of a table, or null when it points outside the file. */
    private static byte[] string(ByteBuffer b, byte[] data, long table, int i) {
        long len = Integer.toUnsignedLong(b.getInt((int) (table + 8L * i)));
        long off = Integer.toUnsignedLong(b.getInt((int) (table + 8L * i + 4)));
        if (off + len > data.length) {
            return null;
        }
        byte[] s = new byte[(int) len];
        System.arraycopy(data, (int) off, s, 0, (int) len);
        return s;
    }

    private static String decode(byte[] bytes, Charset charset, long entry, String field, PairChecker checker) {
        try {
            return charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            checker.problem(entry, field, "not valid " + charset.name() + " (" + e.getMessage() + ")");
            return null;
        }
    }
}
