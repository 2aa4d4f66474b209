package io.moeplatform.core.gate;

import java.util.Objects;

/**
 * Configuration of a {@link TopKGate}. Immutable; build with {@link #builder()}, which validates
 * in {@link Builder#build()} and names the field and value at fault.
 *
 * @param experts number of experts E (required, ≥ 1)
 * @param topK choices per token k, 1 ≤ k ≤ E (default 1: Switch; 2: GShard)
 * @param trainCapacityFactor capacity factor while training (default 1.25, Switch's choice);
 *     higher drops fewer tokens at more padding cost
 * @param evalCapacityFactor capacity factor in evaluation (default 2.0: fewer drops at
 *     inference, as in GShard/DeepSpeed {@code eval_capacity_factor})
 * @param minCapacity floor on the capacity per expert (default 4, DeepSpeed's {@code
 *     min_capacity}), which protects tiny batches
 * @param dropless if true the capacity is the largest expert load and nothing is dropped
 *     (default false)
 * @param dropPolicy which tokens an overflowing expert keeps (default {@link
 *     DropPolicy#POSITION})
 * @param noisePolicy routing noise while training (default {@link NoisePolicy#NONE})
 * @param jitterEpsilon ε of {@link NoisePolicy#JITTER}, 0 ≤ ε < 1 (default 0.01, Switch)
 */
public record GateConfig(
        int experts,
        int topK,
        double trainCapacityFactor,
        double evalCapacityFactor,
        int minCapacity,
        boolean dropless,
        DropPolicy dropPolicy,
        NoisePolicy noisePolicy,
        double jitterEpsilon) {

    /** Validates the record (the builder calls this too). */
    public GateConfig {
        Objects.requireNonNull(dropPolicy, "dropPolicy");
        Objects.requireNonNull(noisePolicy, "noisePolicy");
        if (experts < 1) {
            throw new IllegalArgumentException("experts (" + experts + ") must be >= 1");
        }
        if (topK < 1) {
            throw new IllegalArgumentException("topK (" + topK + ") must be >= 1");
        }
        if (topK > experts) {
            throw new IllegalArgumentException("topK (" + topK + ") > experts (" + experts + ")");
        }
        if (!(trainCapacityFactor > 0)) {
            throw new IllegalArgumentException("trainCapacityFactor (" + trainCapacityFactor + ") must be > 0");
        }
        if (!(evalCapacityFactor > 0)) {
            throw new IllegalArgumentException("evalCapacityFactor (" + evalCapacityFactor + ") must be > 0");
        }
        if (minCapacity < 0) {
            throw new IllegalArgumentException("minCapacity (" + minCapacity + ") must be >= 0");
        }
        if (!(jitterEpsilon >= 0 && jitterEpsilon < 1)) {
            throw new IllegalArgumentException("jitterEpsilon (" + jitterEpsilon + ") must be in [0, 1)");
        }
    }

    /** @return a builder with the documented defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder initialised from this configuration */
    public Builder toBuilder() {
        return new Builder()
                .setExperts(experts)
                .optTopK(topK)
                .optTrainCapacityFactor(trainCapacityFactor)
                .optEvalCapacityFactor(evalCapacityFactor)
                .optMinCapacity(minCapacity)
                .optDropless(dropless)
                .optDropPolicy(dropPolicy)
                .optNoisePolicy(noisePolicy)
                .optJitterEpsilon(jitterEpsilon);
    }

    /**
     * The capacity factor for a mode.
     *
     * @param training true while training
     * @return the training or evaluation factor
     */
    public double capacityFactor(boolean training) {
        return training ? trainCapacityFactor : evalCapacityFactor;
    }

    /** Builder of {@link GateConfig}: {@code setX} for required, {@code optX} for optional. */
    public static final class Builder {
        private int experts = -1;
        private int topK = 1;
        private double trainCapacityFactor = 1.25;
        private double evalCapacityFactor = 2.0;
        private int minCapacity = 4;
        private boolean dropless;
        private DropPolicy dropPolicy = DropPolicy.POSITION;
        private NoisePolicy noisePolicy = NoisePolicy.NONE;
        private double jitterEpsilon = 0.01;

        private Builder() {}

        /** @param experts number of experts (required) @return this */
        public Builder setExperts(int experts) {
            this.experts = experts;
            return this;
        }

        /** @param topK choices per token @return this */
        public Builder optTopK(int topK) {
            this.topK = topK;
            return this;
        }

        /** @param factor training capacity factor @return this */
        public Builder optTrainCapacityFactor(double factor) {
            this.trainCapacityFactor = factor;
            return this;
        }

        /** @param factor evaluation capacity factor @return this */
        public Builder optEvalCapacityFactor(double factor) {
            this.evalCapacityFactor = factor;
            return this;
        }

        /** @param minCapacity capacity floor @return this */
        public Builder optMinCapacity(int minCapacity) {
            this.minCapacity = minCapacity;
            return this;
        }

        /** @param dropless whether nothing is ever dropped @return this */
        public Builder optDropless(boolean dropless) {
            this.dropless = dropless;
            return this;
        }

        /** @param policy overflow policy @return this */
        public Builder optDropPolicy(DropPolicy policy) {
            this.dropPolicy = policy;
            return this;
        }

        /** @param policy routing noise @return this */
        public Builder optNoisePolicy(NoisePolicy policy) {
            this.noisePolicy = policy;
            return this;
        }

        /** @param epsilon jitter ε @return this */
        public Builder optJitterEpsilon(double epsilon) {
            this.jitterEpsilon = epsilon;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @return the configuration
         * @throws IllegalArgumentException naming the field and value at fault
         */
        public GateConfig build() {
            if (experts == -1) {
                throw new IllegalArgumentException("experts is required (setExperts)");
            }
            return new GateConfig(
                    experts,
                    topK,
                    trainCapacityFactor,
                    evalCapacityFactor,
                    minCapacity,
                    dropless,
                    dropPolicy,
                    noisePolicy,
                    jitterEpsilon);
        }
    }
}
