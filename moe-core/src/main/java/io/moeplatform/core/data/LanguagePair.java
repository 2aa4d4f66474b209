package io.moeplatform.core.data;

/**
 * A translation direction, e.g. {@code en-de} (source English, target German).
 *
 * @param src the source language tag
 * @param tgt the target language tag
 */
public record LanguagePair(String src, String tgt) implements Comparable<LanguagePair> {

    /** Parses {@code src>tgt} or, when neither tag has a hyphen, {@code src-tgt}. */
    public static LanguagePair parse(String s) {
        int gt = s.indexOf('>');
        if (gt > 0) {
            return new LanguagePair(s.substring(0, gt), s.substring(gt + 1));
        }
        String[] parts = s.split("-");
        if (parts.length != 2) {
            throw new IllegalArgumentException("language pair '" + s + "' is neither src>tgt nor xx-yy");
        }
        return new LanguagePair(parts[0], parts[1]);
    }

    @Override
    public int compareTo(LanguagePair o) {
        int c = src.compareTo(o.src);
        return c != 0 ? c : tgt.compareTo(o.tgt);
    }

    /** {@code en-de}; tags with a hyphen are joined with {@code >} ({@code en>pt-BR}). */
    @Override
    public String toString() {
        return src.indexOf('-') >= 0 || tgt.indexOf('-') >= 0 ? src + ">" + tgt : src + "-" + tgt;
    }
}
