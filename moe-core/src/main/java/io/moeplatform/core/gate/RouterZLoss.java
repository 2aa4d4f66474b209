package io.moeplatform.core.gate;

import ai.djl.ndarray.NDArray;
import io.moeplatform.core.tensor.ScalarOps;

/**
 * The router z-loss of ST-MoE (Zoph et al. 2022, "ST-MoE: Designing Stable and Transferable
 * Sparse Expert Models", arXiv:2202.08906, eq. 5):
 *
 * <pre>  z = (1/T) · Σ_t (log Σ_e exp(logits_{t,e}))² </pre>
 *
 * which keeps router logits small and the softmax numerically stable. The log-sum-exp is
 * computed with the row maximum subtracted (the maximum carries no gradient of its own: the
 * identity {@code lse(x) = m + lse(x - m)} holds for any m). Only active tokens count.
 */
public final class RouterZLoss {

    private RouterZLoss() {}

    /**
     * Computes the loss.
     *
     * @param logits router logits {@code [tokens, E]}
     * @param activeMask 1 for tokens that count, {@code [tokens, 1]}; null when all count
     * @param activeTokens number of active tokens, ≥ 1
     * @return the scalar loss
     */
    public static NDArray compute(NDArray logits, NDArray activeMask, int activeTokens) {
        NDArray max = logits.max(new int[] {1}, true).stopGradient(); // [T, 1]
        NDArray logSumExp = logits.sub(max).exp().sum(new int[] {1}, true).log().add(max); // [T, 1]
        NDArray squared = logSumExp.square();
        return ScalarOps.div((activeMask == null ? squared : squared.mul(activeMask)).sum(), activeTokens);
    }
}
