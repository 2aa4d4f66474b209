package io.moeplatform.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.moeplatform.core.tensor.Parameters;
import org.junit.jupiter.api.Test;

class OptimizerTest {

    @Test
    void adamWMatchesAPlainJavaReferenceWithDecoupledDecayAndBiasCorrection() {
        TrainerConfig config = TrainerConfig.builder()
                .optBetas(0.8, 0.95)
                .optEpsilon(1e-8)
                .optWeightDecay(0.1)
                .build();
        double[] w = {0.5, -1.5, 2.0};
        double[] bias = {0.3, -0.2};
        double[] c = {1.0, 2.0, 3.0};
        try (NDManager manager = NDManager.newBaseManager();
                Parameters parameters = new Parameters(manager, DataType.FLOAT64)) {
            NDArray pw = parameters.register("layer.w", w.clone(), new Shape(3));
            NDArray pb = parameters.register("layer.bias", bias.clone(), new Shape(2));
            NDArray coefficients = manager.create(c);
            double[][] m = {new double[3], new double[2]};
            double[][] v = {new double[3], new double[2]};
            try (AdamW adamW = new AdamW(config, parameters)) {
                for (int t = 1; t <= 4; t++) {
                    double lr = 0.05 * t;
                    // loss = Σ c_i w_i² + Σ b_j³  →  g_w = 2 c w, g_b = 3 b²
                    parameters.zeroGradients();
                    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                        collector.backward(pw.square()
                                .mul(coefficients)
                                .sum()
                                .add(pb.pow(3).sum()));
                    }
                    adamW.step(parameters, lr);
                    double[][] params = {w, bias};
                    for (int p = 0; p < 2; p++) {
                        for (int i = 0; i < params[p].length; i++) {
                            double x = params[p][i];
                            double g = p == 0 ? 2 * c[i] * x : 3 * x * x;
                            m[p][i] = 0.8 * m[p][i] + 0.2 * g;
                            v[p][i] = 0.95 * v[p][i] + 0.05 * g * g;
                            double mHat = m[p][i] / (1 - Math.pow(0.8, t));
                            double vHat = v[p][i] / (1 - Math.pow(0.95, t));
                            double decay = p == 0 ? 0.1 * x : 0; // biases are not decayed
                            params[p][i] = x - lr * (mHat / (Math.sqrt(vHat) + 1e-8) + decay);
                        }
                    }
                    assertThat(pw.toDoubleArray()).containsExactly(w, within(1e-12));
                    assertThat(pb.toDoubleArray()).containsExactly(bias, within(1e-12));
                }
                assertThat(adamW.stepCount()).isEqualTo(4);
            }
        }
    }

    @Test
    void scheduleWarmsUpLinearlyThenDecaysAsInverseSquareRoot() {
        LearningRateSchedule schedule = new LearningRateSchedule(1e-3, 100);
        assertThat(schedule.at(1)).isCloseTo(1e-5, within(1e-18));
        assertThat(schedule.at(50)).isCloseTo(5e-4, within(1e-18));
        assertThat(schedule.at(100)).isCloseTo(1e-3, within(1e-18));
        assertThat(schedule.at(400)).isCloseTo(5e-4, within(1e-18));
    }

    @Test
    void clippingScalesTheGlobalNormDownAndLeavesSmallGradientsAlone() {
        try (NDManager manager = NDManager.newBaseManager();
                Parameters parameters = new Parameters(manager, DataType.FLOAT64)) {
            NDArray a = parameters.register("a", new double[] {1, 2}, new Shape(2));
            NDArray b = parameters.register("b", new double[] {2}, new Shape(1));
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                collector.backward(a.mul(manager.create(new double[] {3, 0}))
                        .sum()
                        .add(b.mul(4).sum()));
            }
            // gradients (3, 0) and (4): norm 5
            assertThat(GradientClipping.clipByGlobalNorm(parameters, 10)).isCloseTo(5, within(1e-12));
            assertThat(a.getGradient().toDoubleArray()).containsExactly(3, 0);
            assertThat(GradientClipping.clipByGlobalNorm(parameters, 1)).isCloseTo(5, within(1e-12));
            assertThat(a.getGradient().toDoubleArray()).containsExactly(new double[] {0.6, 0}, within(1e-12));
            assertThat(b.getGradient().toDoubleArray()).containsExactly(new double[] {0.8}, within(1e-12));
            parameters.zeroGradients();
            assertThat(b.getGradient().toDoubleArray()).containsExactly(0);
        }
    }
}
