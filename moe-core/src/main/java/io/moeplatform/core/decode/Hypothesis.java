package io.moeplatform.core.decode;

import java.util.Arrays;

/**
 * One decoded output of a sentence.
 *
 * @param tokens the generated ids, without the language tag and without the end-of-sequence id
 * @param logProbability {@code log P(y | x)}: the sum of the model's log-probabilities of the
 *     tokens and, when {@code endedWithEos}, of the end-of-sequence id
 * @param score the length-penalised score the search ranks by ({@link LengthPenalty#score})
 * @param endedWithEos false when the search reached its maximum length before the model chose
 *     the end-of-sequence id
 */
public record Hypothesis(int[] tokens, double logProbability, double score, boolean endedWithEos) {

    /** Copies {@code tokens}. */
    public Hypothesis {
        tokens = tokens.clone();
    }

    /** @return {@code |y|} of the length penalty: the tokens, plus one for the end-of-sequence id */
    public int penaltyLength() {
        return tokens.length + (endedWithEos ? 1 : 0);
    }

    @Override
    public int[] tokens() {
        return tokens.clone();
    }

    @Override
    public String toString() {
        return "Hypothesis" + Arrays.toString(tokens) + (endedWithEos ? "+eos" : "") + " logP=" + logProbability
                + " score=" + score;
    }
}
