package io.moeplatform.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.moeplatform.core.moe.MoeOutput;
import io.moeplatform.core.moe.StackedExperts;
import io.moeplatform.core.tensor.Parameters;
import io.moeplatform.core.tensor.SeededRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * A decoder-only MoE language model (GPT-style) from the same {@link TransformerBlock}s as {@link
 * MoeTransformer}, without cross-attention:
 *
 * <pre>
 *   h      = LN(Blocks(embed(input)))   causal + padding masks   [B, L, d]
 *   logits = h · Eᵀ                                              [B, L, V]
 *   loss   = LSCE(logits, target) + α Σ aux + β Σ z
 * </pre>
 *
 * <p>Uses {@code config.decoderLayers()} blocks; {@code config.encoderLayers()} must be 0.
 * Parameter names: {@code embedding.*}, {@code decoder.i.*}, {@code decoder.norm.*}.
 */
public final class DecoderOnlyLm implements SequenceModel<LmBatch> {

    private final TransformerConfig config;
    private final Parameters parameters;
    private final TokenEmbedding embedding;
    private final List<TransformerBlock> blocks = new ArrayList<>();
    private final LayerNorm norm;
    private final List<String> moePrefixes = new ArrayList<>();

    /**
     * Builds the model with weights drawn from {@code config.initSeed()}.
     *
     * @param config the configuration, with {@code encoderLayers == 0}
     * @param manager the parent manager of the parameters
     */
    public DecoderOnlyLm(TransformerConfig config, NDManager manager) {
        if (config.encoderLayers() != 0) {
            throw new IllegalArgumentException(
                    "encoderLayers (" + config.encoderLayers() + ") must be 0 for a decoder-only model");
        }
        this.config = config;
        this.parameters = new Parameters(manager, config.dataType());
        SeededRandom random = new SeededRandom(config.initSeed());
        this.embedding = new TokenEmbedding(config, parameters, random);
        for (int i = 0; i < config.decoderLayers(); i++) {
            if (config.isMoeLayer(i)) {
                moePrefixes.add("decoder." + i + ".moe");
            }
            blocks.add(new TransformerBlock(config, parameters, "decoder." + i, false, config.isMoeLayer(i), random));
        }
        this.norm = new LayerNorm(parameters, "decoder.norm", config.modelDim());
    }

    @Override
    public TransformerConfig config() {
        return config;
    }

    @Override
    public Parameters parameters() {
        return parameters;
    }

    @Override
    public List<String> moeLayerPrefixes() {
        return List.copyOf(moePrefixes);
    }

    @Override
    public List<StackedExperts> expertStacks() {
        return blocks.stream()
                .filter(TransformerBlock::isMoe)
                .map(TransformerBlock::experts)
                .toList();
    }

    /**
     * Next-token logits for every position.
     *
     * @param input {@code [B][L]}, padded with padId
     * @param training training mode for the gates
     * @param random routing noise / RTS generator
     * @return logits {@code [B, L, V]} and the MoE outputs
     */
    public ModelOutput forward(int[][] input, boolean training, SeededRandom random) {
        NDArray x = embedding.embed(input, 0); // [B, L, d]
        NDArray mask = AttentionMasks.causal(x.getManager(), input[0].length, config.dataType())
                .add(AttentionMasks.padding(x.getManager(), input, config.padId(), config.dataType())); // [B,1,L,L]
        List<MoeOutput> moe = new ArrayList<>();
        x = StackRunner.run(
                blocks, x, mask, null, null, StackRunner.active(input, config.padId()), training, random, moe);
        return new ModelOutput(embedding.logits(norm.forward(x)), moe);
    }

    @Override
    public ModelLoss loss(LmBatch batch, boolean training, SeededRandom random) {
        ModelOutput out = forward(batch.input(), training, random);
        NDArray crossEntropy = LabelSmoothedCrossEntropy.compute(
                out.logits(), batch.target(), config.padId(), config.labelSmoothing());
        return ModelLoss.of(
                config,
                crossEntropy,
                LabelSmoothedCrossEntropy.countTokens(batch.target(), config.padId()),
                out.moeOutputs());
    }

    @Override
    public void close() {
        parameters.close();
    }
}
