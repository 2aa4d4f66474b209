package io.moeplatform.core.data;

/**
 * A sentence pair after tokenization, ready for batching.
 *
 * @param languages the language pair
 * @param source source ids, e.g. {@code <2de> … </s>}: {@code [srcLen]}
 * @param target target ids, e.g. {@code <s> … </s>}: {@code [tgtLen]}
 */
public record TokenizedPair(LanguagePair languages, int[] source, int[] target) {

    /** The longer side's length, which sets the padded size of a batch. */
    public int maxLength() {
        return Math.max(source.length, target.length);
    }
}
