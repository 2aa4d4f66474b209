package io.moeplatform.core.decode;

/**
 * The GNMT length penalty (Wu et al. 2016, "Google's Neural Machine Translation System", §7,
 * arXiv:1609.08144):
 *
 * <pre>
 *   lp(|y|) = ((5 + |y|) / (5 + 1))^α
 *   score(y) = log P(y | x) / lp(|y|)
 * </pre>
 *
 * <p>{@code |y|} counts the generated tokens including the end-of-sequence token when the
 * hypothesis has one. α = 0 ranks by the plain log-probability, which favours short outputs
 * because every token adds a negative term; larger α favour longer ones (GNMT tuned α in [0.6,
 * 0.7]; fairseq's {@code |y|^α} is the other common choice, not used here). The penalty is
 * non-decreasing in {@code |y|} for α ≥ 0, which {@link BeamSearch}'s early stop relies on.
 */
public final class LengthPenalty {

    private LengthPenalty() {}

    /**
     * The penalty.
     *
     * @param length {@code |y|}, at least 1
     * @param alpha α, at least 0
     * @return {@code ((5 + length) / 6)^alpha}
     */
    public static double of(int length, double alpha) {
        return Math.pow((5.0 + length) / 6.0, alpha);
    }

    /**
     * The length-penalised score.
     *
     * @param logProbability {@code log P(y | x)}, the sum over the generated tokens
     * @param length {@code |y|}
     * @param alpha α
     * @return {@code logProbability / lp(length)}
     */
    public static double score(double logProbability, int length, double alpha) {
        return logProbability / of(length, alpha);
    }
}
