package io.moeplatform.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import io.moeplatform.core.tensor.Parameters;
import io.moeplatform.core.tensor.ScalarOps;
import io.moeplatform.core.tensor.SeededRandom;

/**
 * Multi-head scaled dot-product attention (Vaswani et al. 2017, §3.2):
 *
 * <pre>
 *   Q = x W_q, K = m W_k, V = m W_v          x: [B, Lq, d], m: [B, Lk, d]; each split into H heads [B, H, L, d/H]
 *   A = softmax(Q Kᵀ / sqrt(d/H) + mask)     [B, H, Lq, Lk]
 *   y = concat_h(A V) W_o                    [B, Lq, d]
 * </pre>
 *
 * <p>The key/value projection ({@link #keysAndValues}) is separate from {@link #attend} so an
 * incremental decoder can project the encoder memory once and append one step's self-attention
 * keys and values to a cache. Parameters {@code prefix.wq/wk/wv/wo}, {@code [d, d]}, no biases.
 */
public final class MultiHeadAttention {

    private final int heads;
    private final NDArray wq;
    private final NDArray wk;
    private final NDArray wv;
    private final NDArray wo;

    /**
     * Registers the projections.
     *
     * @param parameters the registry
     * @param prefix the name prefix
     * @param modelDim d
     * @param heads H, dividing d
     * @param random the initialisation generator
     */
    public MultiHeadAttention(Parameters parameters, String prefix, int modelDim, int heads, SeededRandom random) {
        this.heads = heads;
        double std = 1 / Math.sqrt(modelDim);
        Shape square = new Shape(modelDim, modelDim);
        this.wq = parameters.normal(prefix + ".wq", square, std, random);
        this.wk = parameters.normal(prefix + ".wk", square, std, random);
        this.wv = parameters.normal(prefix + ".wv", square, std, random);
        this.wo = parameters.normal(prefix + ".wo", square, std, random);
    }

    /**
     * Full attention of {@code query} over {@code memory}.
     *
     * @param query {@code [B, Lq, d]}
     * @param memory {@code [B, Lk, d]} (the query itself for self-attention)
     * @param mask additive mask broadcastable to {@code [B, H, Lq, Lk]}
     * @return {@code [B, Lq, d]}
     */
    public NDArray forward(NDArray query, NDArray memory, NDArray mask) {
        NDList keysAndValues = keysAndValues(memory);
        return attend(query, keysAndValues.get(0), keysAndValues.get(1), mask);
    }

    /**
     * Projects keys and values (cacheable).
     *
     * @param memory {@code [B, Lk, d]}
     * @return keys and values, each {@code [B, H, Lk, d/H]}
     */
    public NDList keysAndValues(NDArray memory) {
        return new NDList(splitHeads(memory.matMul(wk)), splitHeads(memory.matMul(wv)));
    }

    /**
     * Attends with given keys and values.
     *
     * @param query {@code [B, Lq, d]}
     * @param keys {@code [B, H, Lk, d/H]}
     * @param values {@code [B, H, Lk, d/H]}
     * @param mask additive mask broadcastable to {@code [B, H, Lq, Lk]}
     * @return {@code [B, Lq, d]}
     */
    public NDArray attend(NDArray query, NDArray keys, NDArray values, NDArray mask) {
        NDArray q = splitHeads(query.matMul(wq)); // [B, H, Lq, d/H]
        double scale = 1 / Math.sqrt(q.getShape().get(3));
        NDArray scores =
                ScalarOps.mul(q.matMul(keys.transpose(0, 1, 3, 2)), scale).add(mask); // [B, H, Lq, Lk]
        NDArray context = scores.softmax(3).matMul(values); // [B, H, Lq, d/H]
        Shape shape = query.getShape();
        return context.transpose(0, 2, 1, 3)
                .reshape(shape.get(0), shape.get(1), shape.get(2)) // [B, Lq, d]
                .matMul(wo);
    }

    private NDArray splitHeads(NDArray x) {
        Shape shape = x.getShape();
        return x.reshape(shape.get(0), shape.get(1), heads, shape.get(2) / heads) // [B, L, H, d/H]
                .transpose(0, 2, 1, 3); // [B, H, L, d/H]
    }
}
