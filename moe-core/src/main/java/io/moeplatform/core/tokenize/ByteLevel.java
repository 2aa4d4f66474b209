package io.moeplatform.core.tokenize;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GPT-2's byte-level pre-tokenization, as the Hugging Face {@code ByteLevel} pre-tokenizer and
 * decoder do it (with {@code add_prefix_space=false}, {@code use_regex=true}).
 *
 * <ol>
 *   <li>split text with GPT-2's pattern: English contractions, an optional space plus letters,
 *       an optional space plus digits, an optional space plus other symbols, runs of whitespace;
 *   <li>map every UTF-8 byte of a piece to one printable character: bytes {@code ! .. ~}, {@code ¡
 *       .. ¬} and {@code ® .. ÿ} map to themselves, the 68 others to U+0100 onwards in byte order
 *       (so a space becomes {@code Ġ}).
 * </ol>
 */
public final class ByteLevel {

    /** GPT-2's split pattern; {@code \s} etc. in Unicode mode, as Oniguruma reads it. */
    private static final Pattern SPLIT = Pattern.compile(
            "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+",
            Pattern.UNICODE_CHARACTER_CLASS);

    private static final char[] BYTE_TO_CHAR = new char[256];
    private static final int[] CHAR_TO_BYTE = new int[512];

    static {
        Arrays.fill(CHAR_TO_BYTE, -1);
        int next = 256;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE);
            char c = printable ? (char) b : (char) next++;
            BYTE_TO_CHAR[b] = c;
            CHAR_TO_BYTE[c] = b;
        }
    }

    private ByteLevel() {}

    /** The pieces of {@code text}, each as byte-level characters. */
    public static List<String> preTokenize(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = SPLIT.matcher(text);
        while (m.find()) {
            out.add(toByteChars(m.group()));
        }
        return out;
    }

    /** The byte-level characters of a string's UTF-8 bytes. */
    public static String toByteChars(String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        char[] out = new char[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            out[i] = BYTE_TO_CHAR[bytes[i] & 0xFF];
        }
        return new String(out);
    }

    /** The byte-level character of one byte. */
    public static char byteChar(int b) {
        return BYTE_TO_CHAR[b & 0xFF];
    }

    /**
     * Text back from byte-level characters; invalid UTF-8 becomes U+FFFD, as Rust's {@code
     * from_utf8_lossy} does.
     */
    public static String decode(CharSequence byteChars) {
        byte[] bytes = new byte[byteChars.length()];
        int n = 0;
        for (int i = 0; i < byteChars.length(); i++) {
            char c = byteChars.charAt(i);
            int b = c < CHAR_TO_BYTE.length ? CHAR_TO_BYTE[c] : -1;
            if (b < 0) {
                throw new IllegalArgumentException("character U+" + Integer.toHexString(c) + " is not byte-level");
            }
            bytes[n++] = (byte) b;
        }
        return new String(bytes, 0, n, StandardCharsets.UTF_8);
    }
}
