package io.moeplatform.core.eval;

import java.util.Arrays;

/**
 * A corpus (or sentence) BLEU result with the statistics it was computed from.
 *
 * <p>{@code score = bp · exp(Σ_{n=1..N} log p_n / N)} in [0, 100], where {@code p_n} are the
 * n-gram {@link #precisions() precisions} in percent and {@code bp = exp(1 - refLen / sysLen)}
 * when {@code sysLen < refLen}, else 1 (Papineni et al., 2002).
 *
 * @param score BLEU in [0, 100]
 * @param counts matched n-grams per order, clipped by the reference counts: {@code [N]}
 * @param totals hypothesis n-grams per order: {@code [N]}
 * @param precisions n-gram precisions in percent after smoothing: {@code [N]}
 * @param bp the brevity penalty
 * @param ratio {@code sysLen / refLen}, 0 when {@code refLen} is 0
 * @param sysLen hypothesis tokens in the corpus
 * @param refLen reference tokens in the corpus (per segment, the reference length closest to the
 *     hypothesis length, ties to the shorter)
 */
public record BleuScore(
        double score,
        long[] counts,
        long[] totals,
        double[] precisions,
        double bp,
        double ratio,
        long sysLen,
        long refLen) {

    /** The metric name, as sacreBLEU prints it. */
    public static final String NAME = "BLEU";

    public BleuScore {
        counts = counts.clone();
        totals = totals.clone();
        precisions = precisions.clone();
    }

    @Override
    public long[] counts() {
        return counts.clone();
    }

    @Override
    public long[] totals() {
        return totals.clone();
    }

    @Override
    public double[] precisions() {
        return precisions.clone();
    }

    /**
     * sacreBLEU's verbose part: {@code 71.4/45.5/28.6/17.6 (BP = 1.000 ratio = 1.000 hyp_len = 14
     * ref_len = 14)}.
     */
    public String verbose() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < precisions.length; i++) {
            if (i > 0) {
                sb.append('/');
            }
            sb.append(PythonText.fixed(precisions[i], 1));
        }
        return sb.append(" (BP = ")
                .append(PythonText.fixed(bp, 3))
                .append(" ratio = ")
                .append(PythonText.fixed(ratio, 3))
                .append(" hyp_len = ")
                .append(sysLen)
                .append(" ref_len = ")
                .append(refLen)
                .append(')')
                .toString();
    }

    /** sacreBLEU's {@code str(score)}: {@code BLEU = 34.28 71.4/45.5/28.6/17.6 (BP = …)}. */
    public String format() {
        return format(2);
    }

    /** As {@link #format()} with {@code width} decimals for the score (sacreBLEU's {@code -w}). */
    public String format(int width) {
        return NAME + " = " + PythonText.fixed(score, width) + " " + verbose();
    }

    /**
     * sacreBLEU's JSON object (keys {@code name, score, signature, verbose_score} and then one key
     * per signature field), on one line.
     */
    public String toJson(int width, String signature) {
        return ScoreJson.toJson(NAME, score, width, signature, verbose());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BleuScore b
                && Double.compare(score, b.score) == 0
                && Arrays.equals(counts, b.counts)
                && Arrays.equals(totals, b.totals)
                && Arrays.equals(precisions, b.precisions)
                && Double.compare(bp, b.bp) == 0
                && Double.compare(ratio, b.ratio) == 0
                && sysLen == b.sysLen
                && refLen == b.refLen;
    }

    @Override
    public int hashCode() {
        return Double.hashCode(score) * 31 + Arrays.hashCode(counts);
    }

    @Override
    public String toString() {
        return format();
    }
}
