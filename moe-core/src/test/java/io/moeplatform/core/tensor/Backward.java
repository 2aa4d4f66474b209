package io.moeplatform.core.tensor;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.training.GradientCollector;
import java.util.function.Function;

/**
 * One forward and backward pass of {@code Σ(f(x) ⊙ upstream)} on a fresh copy of x, for tests that
 * compare two ways of computing the same function: the output and the input's gradient come back,
 * and the parameters' gradients are left on the parameters.
 *
 * @param output f(x), flattened
 * @param inputGradient ∂/∂x, flattened
 */
public record Backward(double[] output, double[] inputGradient) {

    /**
     * Runs the pass.
     *
     * @param input x (not modified; a copy requires the gradient)
     * @param upstream the weights of the summed output, the shape of f(x)
     * @param function f
     * @return the output and the input gradient
     */
    public static Backward run(NDArray input, NDArray upstream, Function<NDArray, NDArray> function) {
        NDArray x = input.duplicate();
        x.setRequiresGradient(true);
        double[] output;
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray out = function.apply(x);
            output = out.toDoubleArray();
            collector.backward(out.mul(upstream).sum());
        }
        return new Backward(output, x.getGradient().toDoubleArray());
    }
}
