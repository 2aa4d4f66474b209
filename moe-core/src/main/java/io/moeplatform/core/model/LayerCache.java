package io.moeplatform.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.moeplatform.core.tensor.RowGather;

/**
 * The key/value cache of one decoder block for incremental decoding: self-attention keys and
 * values of every position decoded so far ({@code [B, H, t, d/H]}, growing by one position per
 * step) and the cross-attention projection of the encoder memory ({@code [B, H, Ls, d/H]},
 * computed once).
 */
public final class LayerCache {

    private final NDManager owner;
    private NDArray selfKeys;
    private NDArray selfValues;
    private NDArray crossKeys;
    private NDArray crossValues;

    /**
     * Creates an empty cache whose arrays live in {@code owner}.
     *
     * @param owner the manager that keeps cached arrays between steps
     */
    LayerCache(NDManager owner) {
        this.owner = owner;
    }

    /** @return cached self-attention keys {@code [B, H, t, d/H]}, or null before the first step */
    public NDArray selfKeys() {
        return selfKeys;
    }

    /** @return cached self-attention values {@code [B, H, t, d/H]}, or null before the first step */
    public NDArray selfValues() {
        return selfValues;
    }

    /** @return projected memory keys {@code [B, H, Ls, d/H]}, or null */
    public NDArray crossKeys() {
        return crossKeys;
    }

    /** @return projected memory values {@code [B, H, Ls, d/H]}, or null */
    public NDArray crossValues() {
        return crossValues;
    }

    void setCross(NDArray keys, NDArray values) {
        keys.attach(owner);
        values.attach(owner);
        this.crossKeys = keys;
        this.crossValues = values;
    }

    /**
     * Replaces the self-attention cache with longer arrays, moving them to {@code owner} so they
     * outlive the step's scratch manager, and freeing the previous ones.
     */
    void replaceSelf(NDArray keys, NDArray values) {
        keys.attach(owner);
        values.attach(owner);
        if (selfKeys != null) {
            selfKeys.close();
            selfValues.close();
        }
        this.selfKeys = keys;
        this.selfValues = values;
    }

    /**
     * Replaces the self-attention cache by its rows {@code rows} (row i continues the prefix of row
     * {@code rows[i]}). Lend the cache to a scratch manager first, so the intermediates die with it.
     */
    void reorderSelf(long[] rows) {
        if (selfKeys != null) {
            replaceSelf(gatherRows(selfKeys, rows), gatherRows(selfValues, rows));
        }
    }

    private static NDArray gatherRows(NDArray array, long[] rows) {
        Shape shape = array.getShape(); // [N, H, t, d/H]
        NDArray flat = array.reshape(shape.get(0), -1); // [N, H·t·d/H]
        return RowGather.gather(flat, rows).reshape(new Shape(rows.length, shape.get(1), shape.get(2), shape.get(3)));
    }

    /**
     * Lends the cached arrays to a step's scratch manager, so arrays derived from them in the
     * step (results attach to the receiver's manager) are freed with the step; they return to
     * the owner when the scratch manager closes.
     */
    void lendTo(NDManager scratch) {
        for (NDArray array : new NDArray[] {selfKeys, selfValues, crossKeys, crossValues}) {
            if (array != null) {
                array.tempAttach(scratch);
            }
        }
    }
}
