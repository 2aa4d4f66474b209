package io.moeplatform.core.eval;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * The few Python string operations that sacreBLEU's results depend on, reproduced exactly.
 *
 * <p>sacreBLEU splits on Python's notion of whitespace ({@code str.split()} without argument, which
 * includes e.g. U+00A0 and U+3000 but not U+200B), and formats numbers with {@code f"{x:.2f}"},
 * which rounds the exact binary value half-to-even. Java's {@code String.format} rounds the
 * shortest decimal representation half-up instead, so {@code 0.125} and {@code 2.675} would print
 * differently; {@link #fixed(double, int)} matches Python.
 */
public final class PythonText {

    private PythonText() {}

    /** Whether Python's {@code str.isspace()} is true for this code point. */
    public static boolean isSpace(int cp) {
        return switch (cp) {
            case '\t',
                    '\n',
                    0x0B,
                    '\f',
                    '\r',
                    0x1C,
                    0x1D,
                    0x1E,
                    0x1F,
                    ' ',
                    0x85,
                    0xA0,
                    0x1680,
                    0x2028,
                    0x2029,
                    0x202F,
                    0x205F,
                    0x3000 -> true;
            default -> cp >= 0x2000 && cp <= 0x200A;
        };
    }

    /** Python's {@code s.split()}: runs of whitespace separate; no empty items. */
    public static List<String> split(String s) {
        List<String> out = new ArrayList<>();
        int start = -1;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            if (isSpace(cp)) {
                if (start >= 0) {
                    out.add(s.substring(start, i));
                    start = -1;
                }
            } else if (start < 0) {
                start = i;
            }
            i += Character.charCount(cp);
        }
        if (start >= 0) {
            out.add(s.substring(start));
        }
        return out;
    }

    /** Python's {@code s.rstrip()}. */
    public static String rstrip(String s) {
        int end = s.length();
        while (end > 0) {
            int cp = s.codePointBefore(end);
            if (!isSpace(cp)) {
                break;
            }
            end -= Character.charCount(cp);
        }
        return s.substring(0, end);
    }

    /** Python's {@code "".join(s.split())}: the text with all whitespace removed. */
    public static String removeSpaces(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        s.codePoints().filter(cp -> !isSpace(cp)).forEach(sb::appendCodePoint);
        return sb.toString();
    }

    /** Python's {@code f"{x:.{digits}f}"} for finite {@code x}. */
    public static String fixed(double x, int digits) {
        if (!Double.isFinite(x)) {
            return Double.isNaN(x) ? "nan" : (x > 0 ? "inf" : "-inf");
        }
        String s = new BigDecimal(x).setScale(digits, RoundingMode.HALF_EVEN).toPlainString();
        // Python keeps the sign of a negative value that rounds to zero ("-0.00"); BigDecimal drops it.
        if (x < 0 && !s.startsWith("-")) {
            s = "-" + s;
        }
        return s;
    }
}
