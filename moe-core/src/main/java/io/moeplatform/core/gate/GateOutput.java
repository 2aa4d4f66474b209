package io.moeplatform.core.gate;

import ai.djl.ndarray.NDArray;

/**
 * Everything one routing call produces. Returned, never kept in global state (unlike
 * MegaBlocks' module-level loss list), so layers and trainers sum losses explicitly.
 *
 * <p>Assignments are indexed {@code a = token · k + r} for the r-th choice (r = 0 first) of a
 * token; a dropped or inactive (padding) assignment has {@code expertIndex[a] == -1}.
 *
 * @param combineWeights gate value of every assignment, {@code [tokens, k]}, zero where dropped;
 *     for k ≥ 2 renormalised over the kept choices of each token (GShard). Differentiable
 *     w.r.t. the router weights.
 * @param expertIndex expert of every assignment, {@code [tokens · k]}, -1 if dropped
 * @param slotIndex slot within the expert's buffer, {@code [tokens · k]}, -1 if dropped
 * @param capacity slots per expert in this call, C
 * @param expertCounts kept assignments per expert, {@code [experts]}, each ≤ capacity
 * @param firstChoiceCounts active tokens whose first choice is each expert, {@code [experts]}
 * @param droppedFraction dropped assignments / routed assignments (active tokens · k)
 * @param droppedTokenFraction active tokens that lost every choice / active tokens
 * @param loadBalancingLoss {@code E · Σ_e f_e · P_e}, a scalar NDArray (see {@link
 *     LoadBalancingLoss})
 * @param zLoss {@code mean_t(logsumexp(logits_t)²)}, a scalar NDArray (see {@link RouterZLoss})
 * @param probabilities router softmax, {@code [tokens, experts]}
 */
public record GateOutput(
        NDArray combineWeights,
        int[] expertIndex,
        int[] slotIndex,
        int capacity,
        int[] expertCounts,
        int[] firstChoiceCounts,
        double droppedFraction,
        double droppedTokenFraction,
        NDArray loadBalancingLoss,
        NDArray zLoss,
        NDArray probabilities) {

    /** @return number of experts E */
    public int experts() {
        return expertCounts.length;
    }

    /** @return choices per token k */
    public int topK() {
        return Math.toIntExact(combineWeights.getShape().get(1));
    }

    /** @return number of tokens routed (padding included) */
    public int tokens() {
        return Math.toIntExact(combineWeights.getShape().get(0));
    }
}
