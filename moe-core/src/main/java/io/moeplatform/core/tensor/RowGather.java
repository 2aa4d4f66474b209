package io.moeplatform.core.tensor;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Row gather {@code out[i] = table[rows[i]]} with a deterministic backward on CPU.
 *
 * <p>Why not {@code table.get(indexArray)}: PyTorch's advanced indexing differentiates through
 * {@code index_put_(accumulate=true)}, whose CPU kernel adds float32 values with parallel atomic
 * adds, so gradients differed in the last bits between two runs of the same seed (measured: the
 * gradient norm of step 2 of the same training run differed from one JVM to the next). {@code
 * torch.gather} along axis 0 differentiates through {@code scatter_add_}, which on CPU gives each
 * output column to one thread and adds in index order: bit-reproducible, which exact resume needs.
 */
public final class RowGather {

    private RowGather() {}

    /**
     * Gathers rows.
     *
     * @param table {@code [N, d]}
     * @param rows row indices in {@code [0, N)}, {@code [M]}
     * @return {@code [M, d]}
     */
    public static NDArray gather(NDArray table, long[] rows) {
        long width = table.getShape().get(1);
        NDArray index = table.getManager()
                .create(rows, new Shape(rows.length, 1))
                .broadcast(new Shape(rows.length, width)); // [M, d]
        return table.gather(index, 0); // [M, d]
    }
}
