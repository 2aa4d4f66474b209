package io.moeplatform.core.tensor;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;

/**
 * Arithmetic with a Java number that autograd may differentiate through.
 *
 * <p>DJL's {@code NDArray.mul(Number)}, {@code div(Number)}, {@code maximum(Number)} and the like
 * create the number as a 0-dimensional array from Java memory, run the tensor operation, and
 * close that array at once. Autograd keeps the scalar for the backward pass ({@code d(x · c)/dx =
 * c}). On the CPU, DJL's PyTorch engine wraps an array created from Java data around a direct
 * {@code ByteBuffer} ({@code torch::from_blob}) that only the closed {@code NDArray} object referred
 * to, so a garbage collection between forward and backward frees that memory and the backward
 * reads whatever the allocator left there. Before this class, the gradient of the embedding
 * table ({@code tokens · sqrt(d)}) and of the expert input weights (the ReLU's {@code maximum(0)})
 * came out wrong in some training runs while the loss was bit-identical (moe-core/README.md, Known
 * limits).
 *
 * <p>Here the number becomes a 0-dimensional array cloned into PyTorch's own memory and attached
 * to the operand's manager; PyTorch's reference counting keeps it alive for as long as autograd
 * needs it. Operations that autograd never sees (in-place optimizer updates, decoding) may keep
 * using DJL's number overloads: the scalar is used before it is closed.
 */
public final class ScalarOps {

    private ScalarOps() {}

    /**
     * @param x any array
     * @param c the factor
     * @return {@code x · c}
     */
    public static NDArray mul(NDArray x, double c) {
        return x.mul(scalar(x, c));
    }

    /**
     * @param x any array
     * @param c the divisor
     * @return {@code x / c}
     */
    public static NDArray div(NDArray x, double c) {
        return x.div(scalar(x, c));
    }

    /**
     * @param x any array
     * @param c the lower bound
     * @return {@code max(x, c)} elementwise
     */
    public static NDArray maximum(NDArray x, double c) {
        return x.maximum(scalar(x, c));
    }

    /**
     * ReLU through torch's own {@code relu} (no scalar operand, and one pass instead of {@code
     * maximum}'s compare-and-select).
     *
     * @param x any array
     * @return {@code max(x, 0)} elementwise
     */
    public static NDArray relu(NDArray x) {
        return Activation.relu(x);
    }

    private static NDArray scalar(NDArray like, double value) {
        NDArray javaBacked = like.getManager().create(new double[] {value}, new Shape());
        NDArray owned = javaBacked.duplicate(); // a PyTorch allocation, freed with the last tensor using it
        javaBacked.close();
        return owned;
    }
}
