package io.moeplatform.core.moe;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import io.moeplatform.core.gate.GateOutput;
import io.moeplatform.core.tensor.RowGather;

/**
 * Index-based dispatch and combine between token order {@code [T, d]} and the padded
 * expert-major buffer {@code [E, C, d]}.
 *
 * <p>Instead of GShard's dense one-hot einsum ({@code O(T · E · C · d)}), both directions are
 * row gathers by precomputed indices ({@code O((E · C + T · k) · d)}), as Tutel and MegaBlocks
 * do:
 *
 * <pre>
 *   dispatch: buffer[e, c] = x[source(e, c)]            (a zero row for empty slots)
 *   combine:  y[t] = Σ_r w(t, r) · out[e(t, r), c(t, r)]   (a zero row for dropped choices)
 * </pre>
 *
 * <p>The combine is written as a gather of each token's k expert rows followed by a weighted
 * sum; its gradient w.r.t. the expert outputs is exactly the gate-weighted scatter-add
 * (autograd emits a {@code scatter_add}), and no atomic adds are involved, so the result is
 * bit-reproducible on CPU (see {@link RowGather}).
 */
public final class TokenDispatcher {

    private TokenDispatcher() {}

    /**
     * Groups tokens by expert into the padded buffer.
     *
     * @param tokens token vectors {@code [T, d]}
     * @param routing the gate's assignment of tokens to (expert, slot)
     * @return the buffer {@code [E, C, d]}; empty slots hold zeros
     */
    public static NDArray dispatch(NDArray tokens, GateOutput routing) {
        int numTokens = Math.toIntExact(tokens.getShape().get(0));
        long modelDim = tokens.getShape().get(1);
        int experts = routing.experts();
        int capacity = routing.capacity();
        int k = routing.topK();
        long[] source = new long[experts * capacity];
        java.util.Arrays.fill(source, numTokens); // the appended zero row
        for (int a = 0; a < routing.expertIndex().length; a++) {
            int e = routing.expertIndex()[a];
            if (e >= 0) {
                source[e * capacity + routing.slotIndex()[a]] = a / k;
            }
        }
        NDArray padded = NDArrays.concat(new NDList(tokens,
                tokens.getManager().zeros(new Shape(1, modelDim), tokens.getDataType()))); // [T + 1, d]
        NDArray rows = RowGather.gather(padded, source); // [E · C, d]
        return rows.reshape(experts, capacity, modelDim); // [E, C, d]
    }

    /**
     * Brings expert outputs back to token order, weighted by the gate.
     *
     * @param expertOutputs {@code [E, C, d]}
     * @param routing the same routing that produced the buffer
     * @return the combined output {@code [T, d]}; a token whose choices were all dropped gets 0
     */
    public static NDArray combine(NDArray expertOutputs, GateOutput routing) {
        int experts = routing.experts();
        int capacity = routing.capacity();
        int k = routing.topK();
        int numTokens = routing.tokens();
        long modelDim = expertOutputs.getShape().get(2);
        long[] source = new long[numTokens * k];
        for (int a = 0; a < source.length; a++) {
            int e = routing.expertIndex()[a];
            source[a] = e >= 0 ? (long) e * capacity + routing.slotIndex()[a] : (long) experts * capacity;
        }
        NDArray flat = expertOutputs.reshape(experts * (long) capacity, modelDim); // [E · C, d]
        NDArray padded = NDArrays.concat(new NDList(flat,
                flat.getManager().zeros(new Shape(1, modelDim), flat.getDataType()))); // [E · C + 1, d]
        NDArray chosen = RowGather.gather(padded, source).reshape(numTokens, k, modelDim); // [T, k, d]
        return chosen.mul(routing.combineWeights().expandDims(2)).sum(new int[] {1}); // [T, d]
    }
}
