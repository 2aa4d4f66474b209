package io.moeplatform.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Additive attention masks: 0 where a query may attend, {@value #BLOCKED} where it may not,
 * added to the scores before the softmax.
 */
public final class AttentionMasks {

    /** The additive value of a blocked position (large but finite, so fully padded rows stay finite). */
    public static final double BLOCKED = -1e9;

    private AttentionMasks() {}

    /**
     * Blocks padding keys.
     *
     * @param manager where to create the mask
     * @param ids token ids {@code [B][L]}
     * @param padId the padding id
     * @param dataType the scores' type
     * @return the mask {@code [B, 1, 1, L]}
     */
    public static NDArray padding(NDManager manager, int[][] ids, int padId, DataType dataType) {
        int batch = ids.length;
        int length = ids[0].length;
        float[] mask = new float[batch * length];
        for (int b = 0; b < batch; b++) {
            for (int l = 0; l < length; l++) {
                mask[b * length + l] = ids[b][l] == padId ? (float) BLOCKED : 0f;
            }
        }
        return manager.create(mask, new Shape(batch, 1, 1, length)).toType(dataType, false);
    }

    /**
     * Blocks future positions: query i sees keys 0..i.
     *
     * @param manager where to create the mask
     * @param length the sequence length
     * @param dataType the scores' type
     * @return the mask {@code [1, 1, L, L]}
     */
    public static NDArray causal(NDManager manager, int length, DataType dataType) {
        float[] mask = new float[length * length];
        for (int i = 0; i < length; i++) {
            for (int j = i + 1; j < length; j++) {
                mask[i * length + j] = (float) BLOCKED;
            }
        }
        return manager.create(mask, new Shape(1, 1, length, length)).toType(dataType, false);
    }
}
