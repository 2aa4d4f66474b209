package io.moeplatform.core.moe;

import io.moeplatform.core.gate.GateConfig;
import java.util.Objects;

/**
 * Configuration of a {@link MoeLayer}. Immutable; build with {@link #builder()}, which validates
 * and names the field and values at fault.
 *
 * @param modelDim d, the token width (required)
 * @param expertHidden h, each expert's hidden width (required)
 * @param gate the gate configuration (required); {@code gate.experts()} is E
 * @param residual dense FFN beside the experts (default {@link ResidualMode#NONE})
 * @param residualHidden hidden width of the residual FFN (default: {@code expertHidden})
 * @param expertsPrototyping if true, the E experts are split into {@code gate.topK()} groups
 *     (prototypes) and each group routes top-1 among its own experts; the group outputs are
 *     summed (M6-T, Yang et al. 2021, "M6-T: Exploring Sparse Expert Models and Beyond",
 *     arXiv:2105.15082, §3 "expert prototyping"): k top-1 instead of one top-k. Default false.
 * @param computeStrategy batched or per-expert expert matmuls (default {@link
 *     ExpertComputeStrategy#BATCHED})
 * @param expertsPerTensor how many experts one stored block of expert weights holds (see {@link
 *     StackedExperts}); 0, the default, for {@link StackedExperts#automaticExpertsPerTensor}
 */
public record MoeLayerConfig(
        int modelDim,
        int expertHidden,
        GateConfig gate,
        ResidualMode residual,
        int residualHidden,
        boolean expertsPrototyping,
        ExpertComputeStrategy computeStrategy,
        int expertsPerTensor) {

    /** Validates the record. */
    public MoeLayerConfig {
        Objects.requireNonNull(gate, "gate");
        Objects.requireNonNull(residual, "residual");
        Objects.requireNonNull(computeStrategy, "computeStrategy");
        if (modelDim < 1) {
            throw new IllegalArgumentException("modelDim (" + modelDim + ") must be >= 1");
        }
        if (expertHidden < 1) {
            throw new IllegalArgumentException("expertHidden (" + expertHidden + ") must be >= 1");
        }
        if (residual != ResidualMode.NONE && residualHidden < 1) {
            throw new IllegalArgumentException("residualHidden (" + residualHidden + ") must be >= 1");
        }
        if (expertsPerTensor < 0) {
            throw new IllegalArgumentException(
                    "expertsPerTensor (" + expertsPerTensor + ") must be >= 0 (0: automatic)");
        }
        if (expertsPrototyping && gate.experts() % gate.topK() != 0) {
            throw new IllegalArgumentException("experts (" + gate.experts() + ") not divisible by topK (" + gate.topK()
                    + ") for expertsPrototyping");
        }
    }

    /** @return number of experts E */
    public int experts() {
        return gate.experts();
    }

    /** @return experts per stored block: {@code expertsPerTensor}, or the automatic size when it is 0 */
    public int resolvedExpertsPerTensor() {
        return expertsPerTensor > 0
                ? expertsPerTensor
                : StackedExperts.automaticExpertsPerTensor(gate.experts(), modelDim, expertHidden);
    }

    /** @return number of prototype groups: topK with experts prototyping, else 1 */
    public int groups() {
        return expertsPrototyping ? gate.topK() : 1;
    }

    /** @return a builder with the documented defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** Builder of {@link MoeLayerConfig}. */
    public static final class Builder {
        private int modelDim = -1;
        private int expertHidden = -1;
        private GateConfig gate;
        private ResidualMode residual = ResidualMode.NONE;
        private int residualHidden = -1;
        private boolean expertsPrototyping;
        private ExpertComputeStrategy computeStrategy = ExpertComputeStrategy.BATCHED;
        private int expertsPerTensor;

        private Builder() {}

        /** @param modelDim d (required) @return this */
        public Builder setModelDim(int modelDim) {
            this.modelDim = modelDim;
            return this;
        }

        /** @param expertHidden h (required) @return this */
        public Builder setExpertHidden(int expertHidden) {
            this.expertHidden = expertHidden;
            return this;
        }

        /** @param gate the gate (required) @return this */
        public Builder setGate(GateConfig gate) {
            this.gate = gate;
            return this;
        }

        /** @param residual residual mode @return this */
        public Builder optResidual(ResidualMode residual) {
            this.residual = residual;
            return this;
        }

        /** @param residualHidden residual FFN width @return this */
        public Builder optResidualHidden(int residualHidden) {
            this.residualHidden = residualHidden;
            return this;
        }

        /** @param expertsPrototyping k groups of top-1 @return this */
        public Builder optExpertsPrototyping(boolean expertsPrototyping) {
            this.expertsPrototyping = expertsPrototyping;
            return this;
        }

        /** @param strategy expert compute strategy @return this */
        public Builder optComputeStrategy(ExpertComputeStrategy strategy) {
            this.computeStrategy = strategy;
            return this;
        }

        /** @param expertsPerTensor experts per stored block, 0 for automatic @return this */
        public Builder optExpertsPerTensor(int expertsPerTensor) {
            this.expertsPerTensor = expertsPerTensor;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @return the configuration
         */
        public MoeLayerConfig build() {
            if (gate == null) {
                throw new IllegalArgumentException("gate is required (setGate)");
            }
            return new MoeLayerConfig(
                    modelDim,
                    expertHidden,
                    gate,
                    residual,
                    residualHidden == -1 ? expertHidden : residualHidden,
                    expertsPrototyping,
                    computeStrategy,
                    expertsPerTensor);
        }
    }
}
