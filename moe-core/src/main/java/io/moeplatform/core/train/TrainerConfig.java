package io.moeplatform.core.train;

/**
 * Optimiser and loop settings. Immutable; build with {@link #builder()}, which validates.
 *
 * @param peakLearningRate learning rate reached at the end of warm-up (default 1e-3)
 * @param warmupSteps linear warm-up length; inverse-sqrt decay afterwards (default 100)
 * @param beta1 AdamW first-moment decay (default 0.9)
 * @param beta2 AdamW second-moment decay (default 0.98, Vaswani et al.)
 * @param epsilon AdamW denominator term (default 1e-9)
 * @param weightDecay decoupled weight decay λ (default 0.01); not applied to biases, LayerNorm
 *     parameters or embeddings
 * @param maxGradNorm clip the global gradient norm to this (default 1.0; 0 disables)
 * @param seed seed of the training generator (routing noise, RTS) (default 1234)
 */
public record TrainerConfig(
        double peakLearningRate,
        int warmupSteps,
        double beta1,
        double beta2,
        double epsilon,
        double weightDecay,
        double maxGradNorm,
        long seed) {

    /** Validates the record. */
    public TrainerConfig {
        if (!(peakLearningRate > 0)) {
            throw new IllegalArgumentException("peakLearningRate (" + peakLearningRate + ") must be > 0");
        }
        if (warmupSteps < 1) {
            throw new IllegalArgumentException("warmupSteps (" + warmupSteps + ") must be >= 1");
        }
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException("beta1 (" + beta1 + ") and beta2 (" + beta2 + ") must be in [0, 1)");
        }
        if (!(epsilon > 0)) {
            throw new IllegalArgumentException("epsilon (" + epsilon + ") must be > 0");
        }
        if (weightDecay < 0) {
            throw new IllegalArgumentException("weightDecay (" + weightDecay + ") must be >= 0");
        }
        if (maxGradNorm < 0) {
            throw new IllegalArgumentException("maxGradNorm (" + maxGradNorm + ") must be >= 0");
        }
    }

    /** @return a builder with the documented defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** Builder of {@link TrainerConfig}. */
    public static final class Builder {
        private double peakLearningRate = 1e-3;
        private int warmupSteps = 100;
        private double beta1 = 0.9;
        private double beta2 = 0.98;
        private double epsilon = 1e-9;
        private double weightDecay = 0.01;
        private double maxGradNorm = 1.0;
        private long seed = 1234;

        private Builder() {}

        /** @param lr peak learning rate @return this */
        public Builder optPeakLearningRate(double lr) {
            this.peakLearningRate = lr;
            return this;
        }

        /** @param steps warm-up steps @return this */
        public Builder optWarmupSteps(int steps) {
            this.warmupSteps = steps;
            return this;
        }

        /** @param beta1 first-moment decay @param beta2 second-moment decay @return this */
        public Builder optBetas(double beta1, double beta2) {
            this.beta1 = beta1;
            this.beta2 = beta2;
            return this;
        }

        /** @param epsilon denominator term @return this */
        public Builder optEpsilon(double epsilon) {
            this.epsilon = epsilon;
            return this;
        }

        /** @param decay decoupled weight decay @return this */
        public Builder optWeightDecay(double decay) {
            this.weightDecay = decay;
            return this;
        }

        /** @param norm clipping threshold, 0 = off @return this */
        public Builder optMaxGradNorm(double norm) {
            this.maxGradNorm = norm;
            return this;
        }

        /** @param seed training generator seed @return this */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /** @return the validated configuration */
        public TrainerConfig build() {
            return new TrainerConfig(
                    peakLearningRate, warmupSteps, beta1, beta2, epsilon, weightDecay, maxGradNorm, seed);
        }
    }
}
