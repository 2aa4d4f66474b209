package io.moeplatform.core.moe;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import io.moeplatform.core.tensor.AllocationBound;
import io.moeplatform.core.tensor.Parameters;
import io.moeplatform.core.tensor.ScalarOps;
import io.moeplatform.core.tensor.SeededRandom;

/**
 * A position-wise feed-forward network {@code y = relu(x · W1 + b1) · W2 + b2} (Vaswani et al.
 * 2017, eq. 2) with {@code W1: [d, h]}, {@code W2: [h, d]}; input {@code [..., d]}, output
 * {@code [..., d]}. Used for dense transformer layers and for the residual branch of Residual
 * MoE. Weights are initialised N(0, 1/fan_in) (He-style for ReLU would be 2/fan_in; the smaller
 * scale keeps deep pre-LN stacks stable at start).
 *
 * <p>When the hidden activations of all rows ({@code [N, h]}) would exceed {@link
 * AllocationBound#MAX_ELEMENTS}, the rows run in chunks that stay within it (glibc maps larger
 * allocations afresh on every step, see {@link AllocationBound}); the weight gradients then sum over
 * the chunks, so the result equals one pass up to float rounding.
 */
public final class DenseFfn {

    private final NDArray w1;
    private final NDArray b1;
    private final NDArray w2;
    private final NDArray b2;

    /**
     * Registers the weights {@code prefix.w1, prefix.b1, prefix.w2, prefix.b2}.
     *
     * @param parameters the registry
     * @param prefix the parameter name prefix
     * @param modelDim d
     * @param hidden h
     * @param random the initialisation generator
     */
    public DenseFfn(Parameters parameters, String prefix, int modelDim, int hidden, SeededRandom random) {
        this.w1 = parameters.normal(prefix + ".w1", new Shape(modelDim, hidden), 1 / Math.sqrt(modelDim), random);
        this.b1 = parameters.constant(prefix + ".b1", new Shape(hidden), 0);
        this.w2 = parameters.normal(prefix + ".w2", new Shape(hidden, modelDim), 1 / Math.sqrt(hidden), random);
        this.b2 = parameters.constant(prefix + ".b2", new Shape(modelDim), 0);
    }

    /**
     * Applies the FFN.
     *
     * @param x input {@code [..., d]}
     * @return output {@code [..., d]}
     */
    public NDArray forward(NDArray x) {
        Shape shape = x.getShape();
        long rows = shape.size() / Math.max(1, shape.tail());
        long perChunk = AllocationBound.unitsWithin(rows, Math.max(w1.getShape().get(1), shape.tail()));
        if (rows <= perChunk) {
            return apply(x);
        }
        NDArray flat = x.reshape(rows, shape.tail()); // [N, d]
        NDList outputs = new NDList();
        for (NDArray chunk : flat.split(AllocationBound.cuts(rows, perChunk), 0)) {
            outputs.add(apply(chunk)); // [≤ perChunk, d]
        }
        return NDArrays.concat(outputs, 0).reshape(shape);
    }

    private NDArray apply(NDArray x) {
        // biases added in place into the matmul outputs, as in StackedExperts: one allocation fewer
        return ScalarOps.relu(x.matMul(w1).addi(b1)).matMul(w2).addi(b2);
    }
}
