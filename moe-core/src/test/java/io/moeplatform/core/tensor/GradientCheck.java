package io.moeplatform.core.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.function.Function;

/**
 * Central finite differences against autograd, in float64: {@code (f(x + h e_i) - f(x - h e_i)) / 2h}
 * for a sample of entries i of one input.
 */
public final class GradientCheck {

    private GradientCheck() {}

    /**
     * Compares the autograd gradient of a scalar function with central differences.
     *
     * @param manager where to create perturbed copies
     * @param at the point, float64; it gets requiresGradient set
     * @param function the scalar function of the point (must be deterministic)
     * @param entries how many entries to check (spread over the array)
     * @param tolerance absolute + relative tolerance
     */
    public static void check(
            NDManager manager, NDArray at, Function<NDArray, NDArray> function, int entries, double tolerance) {
        at.setRequiresGradient(true);
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            collector.backward(function.apply(at));
        }
        double[] analytic = at.getGradient().toDoubleArray();
        double[] x = at.toDoubleArray();
        double h = 1e-6;
        int stride = Math.max(1, x.length / entries);
        int checked = 0;
        double largest = 0;
        for (int i = 0; i < x.length; i += stride) {
            double saved = x[i];
            x[i] = saved + h;
            double plus = evaluate(manager, x, at, function);
            x[i] = saved - h;
            double minus = evaluate(manager, x, at, function);
            x[i] = saved;
            double numeric = (plus - minus) / (2 * h);
            largest = Math.max(largest, Math.abs(numeric));
            assertThat(analytic[i])
                    .as("d f / d x[%d]", i)
                    .isCloseTo(numeric, org.assertj.core.data.Offset.offset(tolerance * (1 + Math.abs(numeric))));
            checked++;
        }
        assertThat(checked).isPositive();
        assertThat(largest).as("the check must see a non-zero gradient").isGreaterThan(1e-8);
    }

    /**
     * Like {@link #check} for a registered parameter, perturbed in place with {@link
     * Parameters#assign}.
     *
     * @param parameters the registry (float64)
     * @param name the parameter to check
     * @param function the scalar function of the model state
     * @param entries how many entries to check
     * @param tolerance absolute + relative tolerance
     */
    public static void checkParameter(
            Parameters parameters,
            String name,
            java.util.function.Supplier<NDArray> function,
            int entries,
            double tolerance) {
        parameters.zeroGradients();
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            collector.backward(function.get());
        }
        NDArray parameter = parameters.get(name);
        double[] analytic = parameter.getGradient().toDoubleArray();
        double[] x = parameter.toDoubleArray();
        double h = 1e-6;
        int stride = Math.max(1, x.length / entries);
        double largest = 0;
        for (int i = 0; i < x.length; i += stride) {
            double saved = x[i];
            x[i] = saved + h;
            parameters.assign(name, x);
            double plus = function.get().getDouble();
            x[i] = saved - h;
            parameters.assign(name, x);
            double minus = function.get().getDouble();
            x[i] = saved;
            parameters.assign(name, x);
            double numeric = (plus - minus) / (2 * h);
            largest = Math.max(largest, Math.abs(numeric));
            assertThat(analytic[i])
                    .as("d f / d %s[%d]", name, i)
                    .isCloseTo(numeric, org.assertj.core.data.Offset.offset(tolerance * (1 + Math.abs(numeric))));
        }
        assertThat(largest)
                .as("the check must see a non-zero gradient of " + name)
                .isGreaterThan(1e-8);
    }

    private static double evaluate(NDManager manager, double[] x, NDArray like, Function<NDArray, NDArray> function) {
        try (NDManager sub = manager.newSubManager()) {
            NDArray point = sub.create(x, like.getShape());
            return function.apply(point).getDouble();
        }
    }
}
