package io.moeplatform.core.train;

/**
 * Linear warm-up then inverse-square-root decay (Vaswani et al. 2017, §5.3, with the peak made
 * explicit):
 *
 * <pre>  lr(s) = peak · min(s / warmup, sqrt(warmup / s))     s = 1, 2, … </pre>
 *
 * <p>Continuous at {@code s = warmup}, where it equals {@code peak}.
 *
 * @param peak the peak learning rate
 * @param warmupSteps the warm-up length, ≥ 1
 */
public record LearningRateSchedule(double peak, int warmupSteps) {

    /**
     * The learning rate of a step.
     *
     * @param step the 1-based step number
     * @return the rate
     */
    public double at(long step) {
        if (step < 1) {
            throw new IllegalArgumentException("step (" + step + ") must be >= 1");
        }
        return peak * Math.min((double) step / warmupSteps, Math.sqrt((double) warmupSteps / step));
    }
}
