package io.moeplatform.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;

/**
 * The state of incremental decoding for one batch: one {@link LayerCache} per decoder block, the
 * source padding mask and the number of positions decoded. Owns a manager that holds the cached
 * arrays; close it when decoding ends.
 */
public final class DecoderCache implements AutoCloseable {

    private final NDManager manager;
    private final List<LayerCache> layers;
    private final NDArray memoryMask;
    private int length;

    DecoderCache(NDManager manager, List<LayerCache> layers, NDArray memoryMask) {
        this.manager = manager;
        this.layers = layers;
        this.memoryMask = memoryMask;
    }

    /** @return the manager that owns the cached arrays */
    public NDManager manager() {
        return manager;
    }

    /** @return per-block caches, in decoder order */
    public List<LayerCache> layers() {
        return layers;
    }

    /** @return the source padding mask {@code [B, 1, 1, Ls]} */
    public NDArray memoryMask() {
        return memoryMask;
    }

    /** @return the number of positions decoded so far */
    public int length() {
        return length;
    }

    /**
     * Reorders the rows of every block's self-attention cache: afterwards row {@code i} holds the
     * keys and values of the prefix that row {@code rows[i]} held (beam search, after each beam
     * chose its parent; a row may be copied several times). The cross-attention memory and its
     * mask are not touched, so {@code rows[i]} must decode the same source as row {@code i}.
     *
     * @param rows the source row of each row, {@code [B]}, values in {@code [0, B)}
     */
    public void reorder(long[] rows) {
        NDArray sample = layers.isEmpty() ? null : layers.getFirst().selfKeys();
        if (sample != null && rows.length != sample.getShape().get(0)) {
            throw new IllegalArgumentException("reorder needs one source row per cached row ("
                    + sample.getShape().get(0) + "), got " + rows.length);
        }
        try (NDManager scratch = manager.newSubManager()) {
            for (LayerCache layer : layers) {
                layer.lendTo(scratch); // the reshaped views and the old arrays die with scratch
                layer.reorderSelf(rows);
            }
        }
    }

    void advance() {
        length++;
    }

    @Override
    public void close() {
        manager.close();
    }
}
