package io.moeplatform.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import io.moeplatform.core.tensor.Parameters;

/**
 * Layer normalisation over the last axis (Ba et al. 2016, arXiv:1607.06450):
 * {@code y = (x - mean) / sqrt(var + 1e-5) · gain + bias}; input and output {@code [..., d]}.
 * Parameters {@code prefix.gain} (ones) and {@code prefix.bias} (zeros), {@code [d]}.
 */
public final class LayerNorm {

    private static final double EPSILON = 1e-5;

    private final NDArray gain;
    private final NDArray bias;

    /**
     * Registers the parameters.
     *
     * @param parameters the registry
     * @param prefix the name prefix
     * @param modelDim d
     */
    public LayerNorm(Parameters parameters, String prefix, int modelDim) {
        this.gain = parameters.constant(prefix + ".gain", new Shape(modelDim), 1);
        this.bias = parameters.constant(prefix + ".bias", new Shape(modelDim), 0);
    }

    /**
     * Normalises.
     *
     * @param x input {@code [..., d]}
     * @return output {@code [..., d]}
     */
    public NDArray forward(NDArray x) {
        int last = x.getShape().dimension() - 1;
        NDArray centred = x.sub(x.mean(new int[] {last}, true));
        NDArray variance = centred.square().mean(new int[] {last}, true);
        return centred.div(variance.add(EPSILON).sqrt()).mul(gain).add(bias);
    }
}
