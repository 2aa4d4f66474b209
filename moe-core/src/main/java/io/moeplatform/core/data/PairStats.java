package io.moeplatform.core.data;

/**
 * Statistics of one language pair in a corpus.
 *
 * @param pairs sentence pairs (duplicates included)
 * @param sourceChars Unicode code points on the source side
 * @param targetChars code points on the target side
 * @param sourceWords whitespace-separated words on the source side
 * @param targetWords whitespace-separated words on the target side
 * @param duplicates pairs whose (source, target) text appeared before in the same language pair
 */
public record PairStats(
        long pairs, long sourceChars, long targetChars, long sourceWords, long targetWords, long duplicates) {

    /** The sum of two statistics. */
    public PairStats plus(PairStats o) {
        return new PairStats(
                pairs + o.pairs,
                sourceChars + o.sourceChars,
                targetChars + o.targetChars,
                sourceWords + o.sourceWords,
                targetWords + o.targetWords,
                duplicates + o.duplicates);
    }
}
