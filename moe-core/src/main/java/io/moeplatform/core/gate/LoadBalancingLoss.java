package io.moeplatform.core.gate;

import ai.djl.ndarray.NDArray;

/**
 * The auxiliary load-balancing loss of Switch Transformer (Fedus et al. 2021, eq. 4–6), the
 * top-1 form GShard and DeepSpeed use for any k:
 *
 * <pre>  loss = E · Σ_e f_e · P_e </pre>
 *
 * where {@code f_e} is the fraction of tokens whose FIRST choice is expert e (a constant: argmax
 * has no gradient) and {@code P_e} the mean router probability of e (differentiable). It is 1
 * for a uniform router and for perfect balance, and grows to E when one expert takes everything.
 * Only active (non-padding) tokens count.
 */
public final class LoadBalancingLoss {

    private LoadBalancingLoss() {}

    /**
     * Computes the loss.
     *
     * @param probabilities router softmax {@code [tokens, E]}
     * @param activeMask 1 for tokens that count, 0 for padding, {@code [tokens, 1]}; null when all count
     * @param firstChoiceCounts active tokens whose first choice is each expert, {@code [E]}
     * @param activeTokens number of active tokens, ≥ 1
     * @return the scalar loss
     */
    public static NDArray compute(
            NDArray probabilities, NDArray activeMask, int[] firstChoiceCounts, int activeTokens) {
        int experts = firstChoiceCounts.length;
        // E · Σ_e f_e · P_e = Σ_e (E · count_e / A²) · Σ_t mask_t · p_te: the constants fold into one
        // host-side vector, leaving a mask multiply (only with padding), a column sum and a dot product.
        double[] weight = new double[experts];
        for (int e = 0; e < experts; e++) {
            weight[e] = (double) experts * firstChoiceCounts[e] / ((double) activeTokens * activeTokens);
        }
        NDArray w = probabilities.getManager().create(weight).toType(probabilities.getDataType(), false);
        NDArray masked = activeMask == null ? probabilities : probabilities.mul(activeMask);
        return masked.sum(new int[] {0}).mul(w).sum();
    }
}
