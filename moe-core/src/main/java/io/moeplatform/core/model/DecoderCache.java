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

    void advance() {
        length++;
    }

    @Override
    public void close() {
        manager.close();
    }
}
