package io.moeplatform.core.eval;

/**
 * How BLEU treats an n-gram order with no match, after Chen and Cherry (2014), "A Systematic
 * Comparison of Smoothing Techniques for Sentence-Level BLEU", WMT.
 *
 * <ul>
 *   <li>{@link #NONE}: a zero precision makes the score 0.
 *   <li>{@link #FLOOR} (method 1): a zero count becomes {@code value} (default 0.1).
 *   <li>{@link #ADD_K} (method 2, after Lin and Och 2004): adds {@code value} (default 1) to the
 *       matches and the totals of orders n &gt; 1.
 *   <li>{@link #EXP} (method 3, NIST/mteval-v13a, sacreBLEU's default): the k-th order with no
 *       match gets precision {@code 1 / (2^k · total)}.
 * </ul>
 */
public enum BleuSmoothing {
    NONE("none", Double.NaN),
    FLOOR("floor", 0.1),
    ADD_K("add-k", 1.0),
    EXP("exp", Double.NaN);

    private final String signatureName;
    private final double defaultValue;

    BleuSmoothing(String signatureName, double defaultValue) {
        this.signatureName = signatureName;
        this.defaultValue = defaultValue;
    }

    /** The default smoothing value, or NaN for methods that take none. */
    public double defaultValue() {
        return defaultValue;
    }

    /** Whether the method takes a value. */
    public boolean takesValue() {
        return !Double.isNaN(defaultValue);
    }

    /** sacreBLEU's name, as in the signature ({@code smooth:exp}, {@code smooth:floor[0.10]}). */
    public String signatureName() {
        return signatureName;
    }
}
