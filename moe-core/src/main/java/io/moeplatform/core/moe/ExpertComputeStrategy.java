package io.moeplatform.core.moe;

/**
 * How {@link StackedExperts} runs the expert FFNs over the padded {@code [E, C, d]} buffer.
 * Both give the same result; they differ in speed. In {@code benchmarks/bench moe-layer} the
 * per-expert loop falls behind the batched matmuls as E grows (docs/benchmarks.md), so BATCHED is
 * the default; PER_EXPERT is kept for comparison.
 */
public enum ExpertComputeStrategy {
    /**
     * Batched matmuls {@code [n, C, d] × [n, d, h]}: one per stored block of experts, or per chunk
     * of a block when the block's activations would exceed {@link
     * io.moeplatform.core.tensor.AllocationBound#MAX_ELEMENTS}.
     */
    BATCHED,
    /** A loop of E plain matmuls {@code [C, d] × [d, h]} over one {@code split} per tensor, results concatenated. */
    PER_EXPERT
}
