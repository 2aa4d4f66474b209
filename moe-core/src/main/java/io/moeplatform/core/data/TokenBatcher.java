package io.moeplatform.core.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * Groups tokenized pairs into batches by token count, as fairseq's {@code --max-tokens} does
 * (Ott et al., 2019, "fairseq: A Fast, Extensible Toolkit for Sequence Modeling").
 *
 * <ol>
 *   <li>order the pairs by length ({@link TokenizedPair#maxLength()}, then target and source
 *       length), ties broken by a seeded shuffle, so each batch holds similar lengths and little
 *       padding;
 *   <li>cut the ordered list greedily: a batch grows while {@code size · longest ≤ maxTokens}
 *       (and {@code size ≤ maxSentences}); a pair longer than {@code maxTokens} on its own cannot
 *       fit any batch and is left out and counted ({@link Result#skipped()});
 *   <li>shuffle the batches with the seed, so training does not see lengths in order.
 * </ol>
 *
 * Deterministic: the same input and seed give the same batches.
 */
public final class TokenBatcher {

    private final int maxTokens;
    private final int maxSentences;

    /**
     * @param maxTokens padded tokens per batch ({@code size · longest}), e.g. 4096
     * @param maxSentences pairs per batch, at most; {@code Integer.MAX_VALUE} for no limit
     */
    public TokenBatcher(int maxTokens, int maxSentences) {
        if (maxTokens < 1) {
            throw new IllegalArgumentException("maxTokens (" + maxTokens + ") must be >= 1");
        }
        if (maxSentences < 1) {
            throw new IllegalArgumentException("maxSentences (" + maxSentences + ") must be >= 1");
        }
        this.maxTokens = maxTokens;
        this.maxSentences = maxSentences;
    }

    /**
     * The batches and how many pairs were too long.
     *
     * @param batches in training order
     * @param skipped pairs longer than {@code maxTokens}
     */
    public record Result(List<Batch> batches, long skipped) {}

    /** Batches {@code pairs} (one epoch, e.g. from {@link TemperatureSampler#resample}). */
    public Result batch(List<TokenizedPair> pairs, long seed) {
        Random random = new Random(seed);
        List<TokenizedPair> order = new ArrayList<>(pairs);
        Collections.shuffle(order, random); // random tie-break for the stable sort below
        order.sort(Comparator.comparingInt(TokenizedPair::maxLength)
                .thenComparingInt(p -> p.target().length)
                .thenComparingInt(p -> p.source().length));
        List<Batch> batches = new ArrayList<>();
        List<TokenizedPair> current = new ArrayList<>();
        int longest = 0;
        long skipped = 0;
        for (TokenizedPair p : order) {
            int len = p.maxLength();
            if (len > maxTokens) {
                skipped++;
                continue;
            }
            int newLongest = Math.max(longest, len);
            if (!current.isEmpty()
                    && ((long) (current.size() + 1) * newLongest > maxTokens || current.size() + 1 > maxSentences)) {
                batches.add(new Batch(current));
                current = new ArrayList<>();
                newLongest = len;
            }
            current.add(p);
            longest = newLongest;
        }
        if (!current.isEmpty()) {
            batches.add(new Batch(current));
        }
        Collections.shuffle(batches, random);
        return new Result(batches, skipped);
    }
}
