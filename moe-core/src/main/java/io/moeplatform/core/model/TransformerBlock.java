package io.moeplatform.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import io.moeplatform.core.moe.DenseFfn;
import io.moeplatform.core.moe.MoeLayer;
import io.moeplatform.core.moe.MoeOutput;
import io.moeplatform.core.moe.StackedExperts;
import io.moeplatform.core.tensor.Parameters;
import io.moeplatform.core.tensor.SeededRandom;

/**
 * One pre-LayerNorm transformer block (Xiong et al. 2020, "On Layer Normalization in the
 * Transformer Architecture", arXiv:2002.04745):
 *
 * <pre>
 *   x = x + SelfAttention(LN(x), mask)                 x: [B, L, d]
 *   x = x + CrossAttention(LN(x), memory, memoryMask)  (decoder blocks of the encoder-decoder)
 *   x = x + FFN(LN(x))                                 FFN = dense, or MoE on [B·L, d]
 * </pre>
 *
 * <p>Parameters under {@code prefix}: {@code selfNorm}, {@code self}, {@code crossNorm}, {@code
 * cross}, {@code ffnNorm}, and {@code ffn} (dense) or {@code moe} (see {@link MoeLayer}).
 */
public final class TransformerBlock {

    private final LayerNorm selfNorm;
    private final MultiHeadAttention selfAttention;
    private final LayerNorm crossNorm;
    private final MultiHeadAttention crossAttention;
    private final LayerNorm ffnNorm;
    private final DenseFfn dense;
    private final MoeLayer moe;

    /**
     * Registers the block's parameters.
     *
     * @param config the model configuration
     * @param parameters the registry
     * @param prefix the name prefix, e.g. {@code decoder.1}
     * @param withCrossAttention true for encoder-decoder decoder blocks
     * @param withMoe true for an MoE FFN
     * @param random the initialisation generator
     */
    public TransformerBlock(
            TransformerConfig config,
            Parameters parameters,
            String prefix,
            boolean withCrossAttention,
            boolean withMoe,
            SeededRandom random) {
        int d = config.modelDim();
        this.selfNorm = new LayerNorm(parameters, prefix + ".selfNorm", d);
        this.selfAttention = new MultiHeadAttention(parameters, prefix + ".self", d, config.heads(), random);
        this.crossNorm = withCrossAttention ? new LayerNorm(parameters, prefix + ".crossNorm", d) : null;
        this.crossAttention = withCrossAttention
                ? new MultiHeadAttention(parameters, prefix + ".cross", d, config.heads(), random)
                : null;
        this.ffnNorm = new LayerNorm(parameters, prefix + ".ffnNorm", d);
        this.dense = withMoe ? null : new DenseFfn(parameters, prefix + ".ffn", d, config.ffnHidden(), random);
        this.moe = withMoe ? new MoeLayer(config.moeLayerConfig(), parameters, prefix + ".moe", random) : null;
    }

    /**
     * Runs the block for ONE new position of an incremental decoder, appending its self-attention
     * keys and values to the cache. Equals {@link #forward} on the full prefix at the last
     * position when routing drops nothing (capacity is computed over the B tokens of the step).
     *
     * @param x the new position {@code [B, 1, d]}
     * @param cache this block's cache (cross keys/values already set if the block has
     *     cross-attention)
     * @param memoryMask additive mask over memory keys {@code [B, 1, 1, Ls]}, or null
     * @param random generator for RTS (evaluation mode)
     * @return the output {@code [B, 1, d]}
     */
    public NDArray forwardStep(NDArray x, LayerCache cache, NDArray memoryMask, SeededRandom random) {
        NDArray normed = selfNorm.forward(x);
        var fresh = selfAttention.keysAndValues(normed); // each [B, H, 1, d/H]
        NDArray keys =
                cache.selfKeys() == null ? fresh.get(0) : cache.selfKeys().concat(fresh.get(0), 2); // [B, H, t, d/H]
        NDArray values =
                cache.selfValues() == null ? fresh.get(1) : cache.selfValues().concat(fresh.get(1), 2);
        NDArray noMask = x.getManager().zeros(new Shape(1), x.getDataType());
        x = x.add(selfAttention.attend(normed, keys, values, noMask));
        cache.replaceSelf(keys, values);
        if (crossAttention != null) {
            x = x.add(crossAttention.attend(crossNorm.forward(x), cache.crossKeys(), cache.crossValues(), memoryMask));
        }
        NDArray h = ffnNorm.forward(x);
        if (moe == null) {
            return x.add(dense.forward(h));
        }
        Shape shape = x.getShape();
        MoeOutput routed = moe.forward(h.reshape(shape.get(0), shape.get(2)), null, false, random); // [B, d]
        return x.add(routed.output().reshape(shape)); // [B, 1, d]
    }

    /**
     * Projects the encoder memory for this block's cross-attention (once per decode).
     *
     * @param memory {@code [B, Ls, d]}
     * @param cache the cache to fill
     */
    public void cacheMemory(NDArray memory, LayerCache cache) {
        if (crossAttention != null) {
            var kv = crossAttention.keysAndValues(memory);
            cache.setCross(kv.get(0), kv.get(1));
        }
    }

    /** @return true if the FFN is a Mixture of Experts */
    public boolean isMoe() {
        return moe != null;
    }

    /** @return the MoE FFN's experts; the block must be an MoE block ({@link #isMoe()}) */
    public StackedExperts experts() {
        if (moe == null) {
            throw new IllegalStateException("a dense block has no experts");
        }
        return moe.experts();
    }

    /**
     * Runs the block.
     *
     * @param x input {@code [B, L, d]}
     * @param selfMask additive self-attention mask, broadcastable to {@code [B, H, L, L]}
     * @param memory encoder output {@code [B, Ls, d]}, or null without cross-attention
     * @param memoryMask additive mask over memory keys {@code [B, 1, 1, Ls]}, or null
     * @param active {@code [B · L]} false for padding tokens (not routed to experts)
     * @param training training mode for the gate
     * @param random generator for routing noise and RTS
     * @return the output and the MoE routing, if any
     */
    public BlockOutput forward(
            NDArray x,
            NDArray selfMask,
            NDArray memory,
            NDArray memoryMask,
            boolean[] active,
            boolean training,
            SeededRandom random) {
        NDArray normed = selfNorm.forward(x);
        x = x.add(selfAttention.forward(normed, normed, selfMask));
        if (crossAttention != null) {
            x = x.add(crossAttention.forward(crossNorm.forward(x), memory, memoryMask));
        }
        NDArray h = ffnNorm.forward(x);
        if (moe == null) {
            return new BlockOutput(x.add(dense.forward(h)), null);
        }
        Shape shape = x.getShape();
        MoeOutput routed = moe.forward(
                h.reshape(shape.get(0) * shape.get(1), shape.get(2)), active, training, random); // [B · L, d]
        return new BlockOutput(x.add(routed.output().reshape(shape)), routed); // [B, L, d]
    }
}
