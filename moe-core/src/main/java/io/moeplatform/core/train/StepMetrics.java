package io.moeplatform.core.train;

/**
 * What one optimiser step reports (returned, never logged as a side effect).
 *
 * @param step the 1-based step number just completed
 * @param learningRate the rate used
 * @param loss mean total objective over micro-batches
 * @param crossEntropy mean label-smoothed cross-entropy
 * @param auxLoss mean load-balancing loss summed over MoE layers (unweighted)
 * @param zLoss mean router z-loss summed over MoE layers (unweighted)
 * @param gradNorm global gradient norm before clipping
 * @param tokens non-padding target tokens in the step
 * @param tokensPerSecond tokens / wall time of the step (from the injected clock)
 * @param droppedFraction mean dropped-assignment fraction over MoE layers and micro-batches
 * @param expertLoad kept tokens per MoE layer per expert, summed over micro-batches, {@code
 *     [layers][experts]}
 */
public record StepMetrics(
        long step,
        double learningRate,
        double loss,
        double crossEntropy,
        double auxLoss,
        double zLoss,
        double gradNorm,
        int tokens,
        double tokensPerSecond,
        double droppedFraction,
        int[][] expertLoad) {}
