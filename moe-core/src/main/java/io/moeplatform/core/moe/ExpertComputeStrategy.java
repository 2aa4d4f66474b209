package io.moeplatform.core.moe;

/**
 * How {@link StackedExperts} runs the expert FFNs over the padded {@code [E, C, d]} buffer.
 * Both give the same result; they differ in speed. Measured on the 2-core CPU build machine,
 * DJL's batched matmul backward was about 1.5× slower than per-expert matmuls, so the choice is
 * left to a benchmark ({@code benchmarks} module) rather than fixed here.
 */
public enum ExpertComputeStrategy {
    /** One batched matmul over all experts: {@code [E, C, d] × [E, d, h]}. */
    BATCHED,
    /** A loop of E plain matmuls {@code [C, d] × [d, h]}, results stacked. */
    PER_EXPERT
}
