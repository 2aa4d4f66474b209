package io.moeplatform.core.data;

import java.util.List;

/**
 * A training batch: pairs of similar length, padded to {@code [size, maxSourceLength]} and {@code
 * [size, maxTargetLength]}.
 *
 * @param examples the pairs; may mix language pairs (each source carries its language tag)
 */
public record Batch(List<TokenizedPair> examples) {

    public Batch {
        examples = List.copyOf(examples);
    }

    /** Number of pairs. */
    public int size() {
        return examples.size();
    }

    /** Longest source. */
    public int maxSourceLength() {
        return examples.stream().mapToInt(e -> e.source().length).max().orElse(0);
    }

    /** Longest target. */
    public int maxTargetLength() {
        return examples.stream().mapToInt(e -> e.target().length).max().orElse(0);
    }

    /** {@code size · max(maxSourceLength, maxTargetLength)}: what the token budget limits. */
    public long paddedTokens() {
        return (long) size() * Math.max(maxSourceLength(), maxTargetLength());
    }

    /** Real (unpadded) source plus target tokens. */
    public long realTokens() {
        return examples.stream()
                .mapToLong(e -> e.source().length + e.target().length)
                .sum();
    }
}
