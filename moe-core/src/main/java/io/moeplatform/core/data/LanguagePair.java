package io.moeplatform.core.data;

import java.util.regex.Pattern;

/**
 * A translation direction, e.g. {@code en>de} (source English, target German).
 *
 * <p>Its key, {@link #key()}, is the one string form of a language pair everywhere: dataset
 * statistics ({@code stats.languagePairs}), metric names ({@code bleu/en>pt-BR}), the CLI's BLEU
 * lines and the docs. It is the source tag, {@value #SEPARATOR}, the target tag: {@code en>de},
 * {@code en>pt-BR}, {@code zh-Hant>en}, {@code sr-Latn-RS>de}. The separator is {@code >} because a
 * BCP 47 tag consists of letters, digits and hyphens only, so {@code >} can never occur inside a
 * tag and every key splits one way. A hyphen cannot serve: {@code en-pt-BR} reads as {@code en} to
 * {@code pt-BR} or as {@code en-pt} to {@code BR}. {@code >} also needs no escaping in JSON, SQL,
 * TSV, URL paths or the metric-name segments the platform uses ({@code /} separates those).
 *
 * @param src the source language tag
 * @param tgt the target language tag
 */
public record LanguagePair(String src, String tgt) implements Comparable<LanguagePair> {

    /** Separates the source tag from the target tag in a {@link #key()}. */
    public static final String SEPARATOR = ">";

    /** A BCP 47 tag's shape: subtags of letters and digits joined by single hyphens. */
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9]+(-[A-Za-z0-9]+)*");

    /** Refuses tags that could not be told apart in a key: null, or not the shape of a tag. */
    public LanguagePair {
        requireTag(src, "source");
        requireTag(tgt, "target");
    }

    private static void requireTag(String tag, String side) {
        if (tag == null || !TAG.matcher(tag).matches()) {
            throw new IllegalArgumentException(side + " language tag " + (tag == null ? "null" : "'" + tag + "'")
                    + " is not a language tag (letters and digits, subtags joined by '-')");
        }
    }

    /**
     * Parses a {@link #key()}: {@code src>tgt}, exactly one {@code >}, a tag on each side.
     *
     * @throws IllegalArgumentException naming the key when it is not of that form, e.g. the
     *     hyphenated {@code en-de} written before the key had one format
     */
    public static LanguagePair parse(String key) {
        if (key == null) {
            throw new IllegalArgumentException("language pair key is null, expected src>tgt (e.g. en>pt-BR)");
        }
        int at = key.indexOf(SEPARATOR);
        if (at < 0 || key.indexOf(SEPARATOR, at + 1) >= 0) {
            throw malformed(key, "expected exactly one '" + SEPARATOR + "'");
        }
        String src = key.substring(0, at);
        String tgt = key.substring(at + 1);
        if (!TAG.matcher(src).matches()) {
            throw malformed(key, "the source '" + src + "' is not a language tag");
        }
        if (!TAG.matcher(tgt).matches()) {
            throw malformed(key, "the target '" + tgt + "' is not a language tag");
        }
        return new LanguagePair(src, tgt);
    }

    private static IllegalArgumentException malformed(String key, String why) {
        return new IllegalArgumentException("language pair key '" + key + "' is not src>tgt (e.g. en>pt-BR): " + why);
    }

    /** The key: {@code en>de}, {@code en>pt-BR}; {@link #parse} reads it back. */
    public String key() {
        return src + SEPARATOR + tgt;
    }

    @Override
    public int compareTo(LanguagePair o) {
        int c = src.compareTo(o.src);
        return c != 0 ? c : tgt.compareTo(o.tgt);
    }

    /** The {@link #key()}. */
    @Override
    public String toString() {
        return key();
    }
}
