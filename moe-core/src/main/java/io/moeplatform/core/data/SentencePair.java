package io.moeplatform.core.data;

/**
 * One translation pair read from a corpus.
 *
 * @param srcLang the source language as a normalized BCP 47 tag ({@code en}, {@code pt-BR})
 * @param tgtLang the target language, likewise
 * @param src the source sentence
 * @param tgt its translation
 * @param line where it came from: the 1-based line in the file (for {@code .mo}, the 1-based entry
 *     index)
 */
public record SentencePair(String srcLang, String tgtLang, String src, String tgt, long line) {

    /** The pair's language direction. */
    public LanguagePair languages() {
        return new LanguagePair(srcLang, tgtLang);
    }
}
