package io.moeplatform.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import io.moeplatform.core.tensor.ScalarOps;

/**
 * Label-smoothed cross-entropy (Szegedy et al. 2016, "Rethinking the Inception Architecture",
 * §7), averaged over non-padding target tokens:
 *
 * <pre>  loss_t = (1 - ε) · (-log p_t[y_t]) + ε · mean_v(-log p_t[v]) </pre>
 *
 * <p>Logits {@code [B, L, V]}, targets {@code [B][L]}.
 */
public final class LabelSmoothedCrossEntropy {

    private LabelSmoothedCrossEntropy() {}

    /**
     * Computes the mean loss over non-padding targets.
     *
     * @param logits {@code [B, L, V]}
     * @param targets {@code [B][L]}
     * @param padId padding id (ignored)
     * @param epsilon smoothing ε in [0, 1)
     * @return the scalar loss
     */
    public static NDArray compute(NDArray logits, int[][] targets, int padId, double epsilon) {
        int batch = targets.length;
        int length = targets[0].length;
        long[] ids = new long[batch * length];
        float[] mask = new float[batch * length];
        int count = 0;
        for (int b = 0; b < batch; b++) {
            for (int l = 0; l < length; l++) {
                boolean real = targets[b][l] != padId;
                ids[b * length + l] = real ? targets[b][l] : 0;
                mask[b * length + l] = real ? 1f : 0f;
                count += real ? 1 : 0;
            }
        }
        var manager = logits.getManager();
        NDArray logProbabilities = logits.logSoftmax(2); // [B, L, V]
        NDArray index = manager.create(ids, new Shape(batch, length, 1));
        NDArray nll = logProbabilities.gather(index, 2).neg().squeeze(2); // [B, L]
        NDArray smooth = logProbabilities.mean(new int[] {2}).neg(); // [B, L]
        NDArray perToken = ScalarOps.mul(nll, 1 - epsilon).add(ScalarOps.mul(smooth, epsilon)); // [B, L]
        NDArray weights = manager.create(mask, new Shape(batch, length)).toType(logits.getDataType(), false);
        return ScalarOps.div(perToken.mul(weights).sum(), Math.max(count, 1));
    }

    /**
     * Counts non-padding targets.
     *
     * @param targets {@code [B][L]}
     * @param padId padding id
     * @return the count
     */
    public static int countTokens(int[][] targets, int padId) {
        int count = 0;
        for (int[] row : targets) {
            for (int id : row) {
                count += id != padId ? 1 : 0;
            }
        }
        return count;
    }
}
