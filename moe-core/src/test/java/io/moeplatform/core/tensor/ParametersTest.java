package io.moeplatform.core.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class ParametersTest {

    private static void backward(Supplier<NDArray> loss) {
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            collector.backward(loss.get());
        }
    }

    @Test
    void releaseGradientsReleasesTheGradientAndKeepsValuesNameAndRegistration() {
        try (NDManager manager = NDManager.newBaseManager();
                Parameters parameters = new Parameters(manager, DataType.FLOAT64)) {
            NDArray w = parameters.register("layer.w", new double[] {1, -2, 3}, new Shape(3));
            NDArray c = manager.create(new double[] {2, 5, 7});
            backward(() -> w.mul(c).sum());
            backward(() -> w.mul(c).sum()); // accumulates
            assertThat(w.getGradient().toDoubleArray()).containsExactly(4, 10, 14);

            parameters.releaseGradients();
            assertThat(parameters.get("layer.w")).isSameAs(w);
            assertThat(w.getName()).isEqualTo("layer.w");
            assertThat(w.hasGradient()).isTrue();
            assertThat(w.toDoubleArray()).containsExactly(1, -2, 3);
            try (NDArray fallback = w.getGradient()) { // DJL's zeros (float32) until a backward runs
                assertThat(fallback.toType(DataType.FLOAT64, false).toDoubleArray())
                        .containsExactly(0, 0, 0);
            }

            backward(() -> w.square().sum()); // exactly the new gradient, nothing left of the old one
            assertThat(w.getGradient().toDoubleArray()).containsExactly(2, -4, 6);
            backward(() -> w.sum()); // and later passes still accumulate
            assertThat(w.getGradient().toDoubleArray()).containsExactly(3, -3, 7);

            parameters.assign("layer.w", new double[] {4, 5, 6}); // in-place writes still reach the parameter
            parameters.zeroGradients(); // the in-place variant keeps a float64 gradient of zeros
            assertThat(w.getGradient().toDoubleArray()).containsExactly(0, 0, 0);
            try (NDManager step = manager.newSubManager()) {
                parameters.attachTo(step); // as a training step does, before zeroing
                parameters.releaseGradients();
                backward(() -> w.mul(c).sum());
            }
            assertThat(w.toDoubleArray()).containsExactly(4, 5, 6);
            assertThat(w.getGradient().toDoubleArray()).containsExactly(2, 5, 7);
            assertThat(parameters.manager().getManagedArrays()).contains(w); // returned to the registry
        }
    }

    @Test
    void releaseGradientLeavesArraysWithoutGradientAlone() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray plain = manager.create(new float[] {1, 2});
            Parameters.releaseGradient(plain);
            assertThat(plain.hasGradient()).isFalse();
            assertThat(plain.toFloatArray()).containsExactly(1, 2);
        }
    }
}
