package io.moeplatform.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import io.moeplatform.core.tensor.Parameters;

/**
 * Clipping by global norm (Pascanu et al. 2013, "On the difficulty of training recurrent neural
 * networks"): with {@code n = sqrt(Σ_p ||g_p||²)}, every gradient is scaled by {@code min(1,
 * maxNorm / n)}.
 */
public final class GradientClipping {

    private GradientClipping() {}

    /**
     * Measures the global norm and clips in place.
     *
     * @param parameters the parameters whose gradients to clip
     * @param maxNorm the threshold; 0 only measures
     * @return the norm before clipping
     */
    public static double clipByGlobalNorm(Parameters parameters, double maxNorm) {
        double squared = 0;
        for (NDArray p : parameters.all().values()) {
            if (p.hasGradient()) {
                try (NDArray g = p.getGradient();
                        NDArray s = g.square().sum()) {
                    squared += s.toType(DataType.FLOAT64, false).getDouble();
                }
            }
        }
        double norm = Math.sqrt(squared);
        if (maxNorm > 0 && norm > maxNorm) {
            double scale = maxNorm / norm;
            for (NDArray p : parameters.all().values()) {
                if (p.hasGradient()) {
                    try (NDArray g = p.getGradient()) {
                        g.muli(scale);
                    }
                }
            }
        }
        return norm;
    }
}
