package io.moeplatform.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import io.moeplatform.core.tensor.Parameters;
import io.moeplatform.core.tensor.RowGather;
import io.moeplatform.core.tensor.ScalarOps;
import io.moeplatform.core.tensor.SeededRandom;

/**
 * The token embedding shared by source, target and output projection (three-way weight tying,
 * Press and Wolf 2017, arXiv:1608.05859; Vaswani et al. 2017 §3.4):
 *
 * <pre>
 *   embed(ids)  = E[ids] · sqrt(d) + PE[0..L)     ids: [B, L] -> [B, L, d];  E: [V, d]
 *   logits(h)   = h · Eᵀ                           h: [B, L, d] -> [B, L, V]
 * </pre>
 *
 * <p>Parameters {@code embedding.tokens} {@code [V, d]} ~ N(0, 1/d), and with learned positions
 * {@code embedding.positions} {@code [maxLength, d]} ~ N(0, 0.02²).
 */
public final class TokenEmbedding {

    private final TransformerConfig config;
    private final NDArray table;
    private final NDArray learnedPositions;

    /**
     * Registers the parameters.
     *
     * @param config the model configuration
     * @param parameters the registry
     * @param random the initialisation generator
     */
    public TokenEmbedding(TransformerConfig config, Parameters parameters, SeededRandom random) {
        this.config = config;
        int d = config.modelDim();
        this.table = parameters.normal("embedding.tokens", new Shape(config.vocabSize(), d), 1 / Math.sqrt(d), random);
        this.learnedPositions = config.positionEncoding() == PositionEncoding.LEARNED
                ? parameters.normal("embedding.positions", new Shape(config.maxLength(), d), 0.02, random)
                : null;
    }

    /**
     * Embeds token ids.
     *
     * @param ids {@code [B][L]}, rectangular
     * @param offset position of the first column (0 unless decoding incrementally)
     * @return {@code [B, L, d]}
     */
    public NDArray embed(int[][] ids, int offset) {
        int batch = ids.length;
        int length = ids[0].length;
        if (offset + length > config.maxLength()) {
            throw new IllegalArgumentException(
                    "sequence length (" + (offset + length) + ") > maxLength (" + config.maxLength() + ")");
        }
        long[] flat = new long[batch * length];
        for (int b = 0; b < batch; b++) {
            for (int l = 0; l < length; l++) {
                flat[b * length + l] = ids[b][l];
            }
        }
        int d = config.modelDim();
        NDArray tokens = RowGather.gather(table, flat).reshape(batch, length, d); // [B, L, d]
        return ScalarOps.mul(tokens, Math.sqrt(d)).add(positions(offset, length)); // [B, L, d] + [L, d]
    }

    /**
     * Output logits with the tied table.
     *
     * @param hidden {@code [B, L, d]}
     * @return {@code [B, L, V]}
     */
    public NDArray logits(NDArray hidden) {
        return hidden.matMul(table.transpose()); // [B, L, d] x [d, V]
    }

    private NDArray positions(int offset, int length) {
        if (learnedPositions != null) {
            return learnedPositions.get(offset + ":" + (offset + length)); // [L, d]
        }
        int d = config.modelDim();
        float[] values = new float[length * d];
        for (int p = 0; p < length; p++) {
            for (int i = 0; i < d / 2; i++) {
                double angle = (offset + p) / Math.pow(10000, 2.0 * i / d);
                values[p * d + 2 * i] = (float) Math.sin(angle);
                values[p * d + 2 * i + 1] = (float) Math.cos(angle);
            }
        }
        return table.getManager().create(values, new Shape(length, d)).toType(config.dataType(), false); // [L, d]
    }
}
