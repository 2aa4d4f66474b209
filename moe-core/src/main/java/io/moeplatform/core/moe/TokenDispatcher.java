package io.moeplatform.core.moe;

import ai.djl.ndarray.NDArray;
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
 *   dispatch: buffer[e, c] = x[source(e, c)]            (token 0's row for empty slots)
 *   combine:  y[t] = Σ_r w(t, r) · out[e(t, r), c(t, r)]   (row 0 for dropped choices, whose w is 0)
 * </pre>
 *
 * <p>Neither direction pads its input with a zero row (that copied a whole {@code [T, d]} or
 * {@code [E · C, d]} tensor per call). An empty slot holds a copy of token 0; the experts compute
 * its output, but no combine index points at an empty slot, so that output reaches nothing and the
 * gradient flowing back through the slot is exactly zero (token 0's gradient gains {@code +0}). A
 * dropped choice reads expert row 0 with combine weight exactly 0 (the gate masks it), so it adds
 * {@code ±0} to the token; the gradient it sends to row 0 is 0, and the gradient w.r.t. its weight,
 * though no longer 0, is multiplied by the gate's keep mask (0) before it reaches the router. Both
 * hold for finite values, which is what the layer computes.
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
     * @return the buffer {@code [E, C, d]}; empty slots hold a copy of token 0 (all zeros when T = 0)
     */
    public static NDArray dispatch(NDArray tokens, GateOutput routing) {
        int numTokens = Math.toIntExact(tokens.getShape().get(0));
        long modelDim = tokens.getShape().get(1);
        int experts = routing.experts();
        int capacity = routing.capacity();
        int k = routing.topK();
        if (numTokens == 0) {
            return tokens.getManager().zeros(new Shape(experts, capacity, modelDim), tokens.getDataType());
        }
        long[] source = new long[experts * capacity]; // empty slots read token 0 (see the class comment)
        for (int a = 0; a < routing.expertIndex().length; a++) {
            int e = routing.expertIndex()[a];
            if (e >= 0) {
                source[e * capacity + routing.slotIndex()[a]] = a / k;
            }
        }
        NDArray rows = RowGather.gather(tokens, source); // [E · C, d]
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
            source[a] = e >= 0 ? (long) e * capacity + routing.slotIndex()[a] : 0; // dropped: weight 0, any row
        }
        NDArray flat = expertOutputs.reshape(experts * (long) capacity, modelDim); // [E · C, d]
        NDArray chosen = RowGather.gather(flat, source); // [T · k, d]
        if (k == 1) {
            return chosen.mul(routing.combineWeights()); // [T, d] · [T, 1]: no sum over one choice
        }
        return chosen.reshape(numTokens, k, modelDim)
                .mul(routing.combineWeights().expandDims(2))
                .sum(new int[] {1}); // [T, d]
    }
}
