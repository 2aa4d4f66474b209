package io.moeplatform.core.model;

import ai.djl.ndarray.types.DataType;
import io.moeplatform.core.gate.GateConfig;
import io.moeplatform.core.moe.ExpertComputeStrategy;
import io.moeplatform.core.moe.MoeLayerConfig;
import io.moeplatform.core.moe.ResidualMode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Configuration of a {@link MoeTransformer} or {@link DecoderOnlyLm}. Immutable; build with
 * {@link #builder()}, which validates and names the field and values at fault.
 *
 * @param vocabSize shared source/target vocabulary size V, language tags included (required)
 * @param modelDim d (default 64)
 * @param heads attention heads H, dividing d (default 4)
 * @param ffnHidden hidden width of dense FFN layers (default 4·d)
 * @param expertHidden hidden width of each expert (default ffnHidden)
 * @param encoderLayers encoder blocks (default 2; must be 0 for {@link DecoderOnlyLm})
 * @param decoderLayers decoder blocks (default 2)
 * @param moeEvery block i (0-based, per stack) has an MoE FFN iff {@code moeEvery > 0 && (i + 1) %
 *     moeEvery == 0}; default 2 = every other layer (GShard); 1 = every layer; 0 = dense model
 * @param maxLength the longest sequence (rows of the learned position table; default 128)
 * @param positionEncoding sinusoidal or learned (default {@link PositionEncoding#SINUSOIDAL})
 * @param padId the padding token id (default 0)
 * @param labelSmoothing ε of the label-smoothed cross-entropy (default 0.1, Szegedy et al. 2016)
 * @param auxLossWeight α, weight of the load-balancing loss summed over MoE layers (default 0.01,
 *     Switch)
 * @param zLossWeight β, weight of the router z-loss summed over MoE layers (default 0.001, ST-MoE)
 * @param gate the gate of every MoE layer (default 4 experts, top-2)
 * @param residual Residual-MoE mode of every MoE layer (default NONE)
 * @param expertsPrototyping experts prototyping in every MoE layer (default false)
 * @param computeStrategy expert compute strategy (default BATCHED)
 * @param dataType FLOAT32 (default) or FLOAT64
 * @param initSeed seed of the weight initialisation (default 42)
 */
public record TransformerConfig(
        int vocabSize,
        int modelDim,
        int heads,
        int ffnHidden,
        int expertHidden,
        int encoderLayers,
        int decoderLayers,
        int moeEvery,
        int maxLength,
        PositionEncoding positionEncoding,
        int padId,
        double labelSmoothing,
        double auxLossWeight,
        double zLossWeight,
        GateConfig gate,
        ResidualMode residual,
        boolean expertsPrototyping,
        ExpertComputeStrategy computeStrategy,
        DataType dataType,
        long initSeed) {

    /** Validates the record. */
    public TransformerConfig {
        Objects.requireNonNull(positionEncoding, "positionEncoding");
        Objects.requireNonNull(gate, "gate");
        Objects.requireNonNull(residual, "residual");
        Objects.requireNonNull(computeStrategy, "computeStrategy");
        Objects.requireNonNull(dataType, "dataType");
        require(vocabSize >= 2, "vocabSize (" + vocabSize + ") must be >= 2");
        require(modelDim >= 1, "modelDim (" + modelDim + ") must be >= 1");
        require(heads >= 1, "heads (" + heads + ") must be >= 1");
        require(modelDim % heads == 0, "modelDim (" + modelDim + ") not divisible by heads (" + heads + ")");
        require(
                positionEncoding != PositionEncoding.SINUSOIDAL || modelDim % 2 == 0,
                "modelDim (" + modelDim + ") must be even for SINUSOIDAL positions");
        require(ffnHidden >= 1, "ffnHidden (" + ffnHidden + ") must be >= 1");
        require(expertHidden >= 1, "expertHidden (" + expertHidden + ") must be >= 1");
        require(encoderLayers >= 0, "encoderLayers (" + encoderLayers + ") must be >= 0");
        require(decoderLayers >= 1, "decoderLayers (" + decoderLayers + ") must be >= 1");
        require(moeEvery >= 0, "moeEvery (" + moeEvery + ") must be >= 0");
        require(maxLength >= 1, "maxLength (" + maxLength + ") must be >= 1");
        require(padId >= 0 && padId < vocabSize, "padId (" + padId + ") outside vocabulary [0, " + vocabSize + ")");
        require(labelSmoothing >= 0 && labelSmoothing < 1, "labelSmoothing (" + labelSmoothing + ") must be in [0, 1)");
        require(auxLossWeight >= 0, "auxLossWeight (" + auxLossWeight + ") must be >= 0");
        require(zLossWeight >= 0, "zLossWeight (" + zLossWeight + ") must be >= 0");
        require(
                dataType == DataType.FLOAT32 || dataType == DataType.FLOAT64,
                "dataType (" + dataType + ") must be FLOAT32 or FLOAT64");
        require(
                !expertsPrototyping || gate.experts() % gate.topK() == 0,
                "experts (" + gate.experts() + ") not divisible by topK (" + gate.topK() + ") for expertsPrototyping");
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    /**
     * Whether block {@code index} of a stack has an MoE FFN.
     *
     * @param index 0-based block index within the encoder or decoder
     * @return true for an MoE block
     */
    public boolean isMoeLayer(int index) {
        return moeEvery > 0 && (index + 1) % moeEvery == 0;
    }

    /** @return the configuration of every MoE layer */
    public MoeLayerConfig moeLayerConfig() {
        return MoeLayerConfig.builder()
                .setModelDim(modelDim)
                .setExpertHidden(expertHidden)
                .setGate(gate)
                .optResidual(residual)
                .optResidualHidden(ffnHidden)
                .optExpertsPrototyping(expertsPrototyping)
                .optComputeStrategy(computeStrategy)
                .build();
    }

    /**
     * The fields that define parameter shapes (and so whether a checkpoint fits), by name.
     *
     * @return an ordered map from field name to value
     */
    public Map<String, Object> shapeDefiningFields() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("vocabSize", vocabSize);
        fields.put("modelDim", modelDim);
        fields.put("heads", heads);
        fields.put("ffnHidden", ffnHidden);
        fields.put("expertHidden", expertHidden);
        fields.put("encoderLayers", encoderLayers);
        fields.put("decoderLayers", decoderLayers);
        fields.put("moeEvery", moeEvery);
        fields.put("maxLength", maxLength);
        fields.put("positionEncoding", positionEncoding);
        fields.put("experts", gate.experts());
        fields.put("residual", residual);
        fields.put("expertsPrototyping", expertsPrototyping);
        fields.put("dataType", dataType);
        return fields;
    }

    /** @return a builder with the documented defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder initialised from this configuration */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.vocabSize = vocabSize;
        b.modelDim = modelDim;
        b.heads = heads;
        b.ffnHidden = ffnHidden;
        b.expertHidden = expertHidden;
        b.encoderLayers = encoderLayers;
        b.decoderLayers = decoderLayers;
        b.moeEvery = moeEvery;
        b.maxLength = maxLength;
        b.positionEncoding = positionEncoding;
        b.padId = padId;
        b.labelSmoothing = labelSmoothing;
        b.auxLossWeight = auxLossWeight;
        b.zLossWeight = zLossWeight;
        b.gate = gate;
        b.residual = residual;
        b.expertsPrototyping = expertsPrototyping;
        b.computeStrategy = computeStrategy;
        b.dataType = dataType;
        b.initSeed = initSeed;
        return b;
    }

    /** Builder of {@link TransformerConfig}: {@code setX} required, {@code optX} optional. */
    public static final class Builder {
        private int vocabSize = -1;
        private int modelDim = 64;
        private int heads = 4;
        private int ffnHidden = -1;
        private int expertHidden = -1;
        private int encoderLayers = 2;
        private int decoderLayers = 2;
        private int moeEvery = 2;
        private int maxLength = 128;
        private PositionEncoding positionEncoding = PositionEncoding.SINUSOIDAL;
        private int padId;
        private double labelSmoothing = 0.1;
        private double auxLossWeight = 0.01;
        private double zLossWeight = 0.001;
        private GateConfig gate;
        private ResidualMode residual = ResidualMode.NONE;
        private boolean expertsPrototyping;
        private ExpertComputeStrategy computeStrategy = ExpertComputeStrategy.BATCHED;
        private DataType dataType = DataType.FLOAT32;
        private long initSeed = 42;

        private Builder() {}

        /** @param v vocabulary size (required) @return this */
        public Builder setVocabSize(int v) {
            this.vocabSize = v;
            return this;
        }

        /** @param d model width @return this */
        public Builder optModelDim(int d) {
            this.modelDim = d;
            return this;
        }

        /** @param h attention heads @return this */
        public Builder optHeads(int h) {
            this.heads = h;
            return this;
        }

        /** @param hidden dense FFN width @return this */
        public Builder optFfnHidden(int hidden) {
            this.ffnHidden = hidden;
            return this;
        }

        /** @param hidden expert FFN width @return this */
        public Builder optExpertHidden(int hidden) {
            this.expertHidden = hidden;
            return this;
        }

        /** @param layers encoder blocks @return this */
        public Builder optEncoderLayers(int layers) {
            this.encoderLayers = layers;
            return this;
        }

        /** @param layers decoder blocks @return this */
        public Builder optDecoderLayers(int layers) {
            this.decoderLayers = layers;
            return this;
        }

        /** @param every MoE period @return this */
        public Builder optMoeEvery(int every) {
            this.moeEvery = every;
            return this;
        }

        /** @param length longest sequence @return this */
        public Builder optMaxLength(int length) {
            this.maxLength = length;
            return this;
        }

        /** @param encoding position encoding @return this */
        public Builder optPositionEncoding(PositionEncoding encoding) {
            this.positionEncoding = encoding;
            return this;
        }

        /** @param id padding id @return this */
        public Builder optPadId(int id) {
            this.padId = id;
            return this;
        }

        /** @param epsilon label smoothing @return this */
        public Builder optLabelSmoothing(double epsilon) {
            this.labelSmoothing = epsilon;
            return this;
        }

        /** @param alpha balance loss weight @return this */
        public Builder optAuxLossWeight(double alpha) {
            this.auxLossWeight = alpha;
            return this;
        }

        /** @param beta z-loss weight @return this */
        public Builder optZLossWeight(double beta) {
            this.zLossWeight = beta;
            return this;
        }

        /** @param gate gate of every MoE layer @return this */
        public Builder optGate(GateConfig gate) {
            this.gate = gate;
            return this;
        }

        /** @param residual Residual-MoE mode @return this */
        public Builder optResidual(ResidualMode residual) {
            this.residual = residual;
            return this;
        }

        /** @param prototyping experts prototyping @return this */
        public Builder optExpertsPrototyping(boolean prototyping) {
            this.expertsPrototyping = prototyping;
            return this;
        }

        /** @param strategy expert compute strategy @return this */
        public Builder optComputeStrategy(ExpertComputeStrategy strategy) {
            this.computeStrategy = strategy;
            return this;
        }

        /** @param type FLOAT32 or FLOAT64 @return this */
        public Builder optDataType(DataType type) {
            this.dataType = type;
            return this;
        }

        /** @param seed initialisation seed @return this */
        public Builder optInitSeed(long seed) {
            this.initSeed = seed;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @return the configuration
         * @throws IllegalArgumentException naming the field and values at fault
         */
        public TransformerConfig build() {
            if (vocabSize == -1) {
                throw new IllegalArgumentException("vocabSize is required (setVocabSize)");
            }
            int ffn = ffnHidden == -1 ? 4 * modelDim : ffnHidden;
            GateConfig g = gate != null
                    ? gate
                    : GateConfig.builder().setExperts(4).optTopK(2).build();
            return new TransformerConfig(
                    vocabSize,
                    modelDim,
                    heads,
                    ffn,
                    expertHidden == -1 ? ffn : expertHidden,
                    encoderLayers,
                    decoderLayers,
                    moeEvery,
                    maxLength,
                    positionEncoding,
                    padId,
                    labelSmoothing,
                    auxLossWeight,
                    zLossWeight,
                    g,
                    residual,
                    expertsPrototyping,
                    computeStrategy,
                    dataType,
                    initSeed);
        }
    }
}
