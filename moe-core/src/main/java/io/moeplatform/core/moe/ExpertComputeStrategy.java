package io.moeplatform.core.moe;

/**
 * How {@link StackedExperts} runs the expert FFNs over the padded {@code [E, C, d]} buffer.
 * Both give the same result; they differ in speed. Measured with {@code benchmarks/bench
 * moe-layer} (see {@code docs/benchmarks.md}) on the 2-core CPU build machine, BATCHED was
 * faster than or tied with PER_EXPERT in every configuration (T = 2048, d = 256, h = 1024,
 * E = 8 to 64); an earlier claim here that the batched backward was 1.5× slower did not
 * reproduce. BATCHED is the default; PER_EXPERT is kept for comparison.
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
