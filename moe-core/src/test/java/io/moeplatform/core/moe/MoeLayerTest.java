package io.moeplatform.core.moe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.moeplatform.core.gate.GateConfig;
import io.moeplatform.core.gate.GateOutput;
import io.moeplatform.core.tensor.GradientCheck;
import io.moeplatform.core.tensor.Parameters;
import io.moeplatform.core.tensor.SeededRandom;
import java.util.Arrays;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class MoeLayerTest {

    @AutoClose
    private final NDManager manager = NDManager.newBaseManager();

    private final Parameters parameters = new Parameters(manager, DataType.FLOAT64);

    private NDArray gaussian(SeededRandom random, long... shape) {
        double[] values = new double[Math.toIntExact(new Shape(shape).size())];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextGaussian();
        }
        return manager.create(values, new Shape(shape));
    }

    /** Gives every parameter (biases included) non-trivial values so no term can hide. */
    private void randomise(SeededRandom random, double scale) {
        for (var entry : parameters.all().entrySet()) {
            double[] values =
                    new double[Math.toIntExact(entry.getValue().getShape().size())];
            for (int i = 0; i < values.length; i++) {
                values[i] = scale * random.nextGaussian();
            }
            parameters.assign(entry.getKey(), values);
        }
    }

    private MoeLayerConfig.Builder config(int experts, int topK, double capacityFactor) {
        return MoeLayerConfig.builder()
                .setModelDim(6)
                .setExpertHidden(10)
                .setGate(GateConfig.builder()
                        .setExperts(experts)
                        .optTopK(topK)
                        .optTrainCapacityFactor(capacityFactor)
                        .optMinCapacity(0)
                        .build());
    }

    @ParameterizedTest
    @EnumSource(ExpertComputeStrategy.class)
    void oneExpertTopOneWithoutDropsIsExactlyTheDenseFfn(ExpertComputeStrategy strategy) {
        SeededRandom random = new SeededRandom(1);
        MoeLayer layer =
                new MoeLayer(config(1, 1, 1.0).optComputeStrategy(strategy).build(), parameters, "moe", random);
        randomise(random, 0.5);
        NDArray x = gaussian(random, 13, 6);
        MoeOutput out = layer.forward(x, null, true, random);
        assertThat(out.droppedFraction()).isZero();

        NDArray w1 = parameters.get("moe.experts.w1").get(0);
        NDArray b1 = parameters.get("moe.experts.b1").get(0);
        NDArray w2 = parameters.get("moe.experts.w2").get(0);
        NDArray b2 = parameters.get("moe.experts.b2").get(0);
        NDArray dense = x.matMul(w1).add(b1).maximum(0).matMul(w2).add(b2); // [13, 6]
        assertThat(out.output().toDoubleArray()).containsExactly(dense.toDoubleArray());
    }

    /** Plain-Java reference: y[t] = Σ_g Σ_r w[t,r] · relu(x_t W1_e + b1_e) W2_e + b2_e. */
    private double[] reference(double[] x, int tokens, int d, int h, MoeOutput out, StackedExperts experts) {
        double[] w1 = expertValues(experts, "w1");
        double[] b1 = expertValues(experts, "b1");
        double[] w2 = expertValues(experts, "w2");
        double[] b2 = expertValues(experts, "b2");
        double[] y = new double[tokens * d];
        int offset = 0;
        for (GateOutput routing : out.routings()) {
            int k = routing.topK();
            double[] weights = routing.combineWeights().toDoubleArray();
            for (int t = 0; t < tokens; t++) {
                for (int r = 0; r < k; r++) {
                    int local = routing.expertIndex()[t * k + r];
                    if (local < 0) {
                        continue;
                    }
                    int e = offset + local;
                    double[] hidden = new double[h];
                    for (int j = 0; j < h; j++) {
                        double sum = b1[e * h + j];
                        for (int i = 0; i < d; i++) {
                            sum += x[t * d + i] * w1[(e * d + i) * h + j];
                        }
                        hidden[j] = Math.max(0, sum);
                    }
                    for (int i = 0; i < d; i++) {
                        double sum = b2[e * d + i];
                        for (int j = 0; j < h; j++) {
                            sum += hidden[j] * w2[(e * h + j) * d + i];
                        }
                        y[t * d + i] += weights[t * k + r] * sum;
                    }
                }
            }
            offset += routing.experts();
        }
        return y;
    }

    /** One tensor of every expert, expert after expert, whatever blocks they are stored in. */
    private double[] expertValues(StackedExperts experts, String tensor) {
        double[][] parts = new double[experts.experts()][];
        for (int e = 0; e < parts.length; e++) {
            parts[e] = experts.expert(tensor, e, manager).toDoubleArray();
        }
        return Arrays.stream(parts).flatMapToDouble(Arrays::stream).toArray();
    }

    @ParameterizedTest
    @CsvSource({"BATCHED, 0", "PER_EXPERT, 0", "BATCHED, 3", "PER_EXPERT, 3"})
    void combineOutputMatchesAPlainJavaReferenceWithDrops(ExpertComputeStrategy strategy, int expertsPerTensor) {
        SeededRandom random = new SeededRandom(2);
        MoeLayer layer = new MoeLayer(
                config(4, 2, 0.75)
                        .optComputeStrategy(strategy)
                        .optExpertsPerTensor(expertsPerTensor)
                        .build(),
                parameters,
                "moe",
                random);
        assertThat(layer.experts().blocks()).isEqualTo(expertsPerTensor == 0 ? 1 : 2);
        randomise(random, 0.5);
        NDArray x = gaussian(random, 40, 6);
        MoeOutput out = layer.forward(x, null, true, random);
        assertThat(out.droppedFraction()).isPositive();
        double[] expected = reference(x.toDoubleArray(), 40, 6, 10, out, layer.experts());
        assertThat(out.output().toDoubleArray()).containsExactly(expected, within(1e-10));
    }

    /** With 2 experts per block, each group of 3 takes a whole block and a view of the middle one. */
    @ParameterizedTest
    @ValueSource(ints = {0, 2})
    void expertsPrototypingRunsTopOnePerGroupAndSumsTheGroups(int expertsPerTensor) {
        SeededRandom random = new SeededRandom(3);
        MoeLayer layer = new MoeLayer(
                config(6, 2, 1.5)
                        .optExpertsPrototyping(true)
                        .optExpertsPerTensor(expertsPerTensor)
                        .build(),
                parameters,
                "moe",
                random);
        randomise(random, 0.5);
        NDArray x = gaussian(random, 30, 6);
        MoeOutput out = layer.forward(x, null, true, random);
        assertThat(out.routings()).hasSize(2);
        assertThat(out.routings()).allSatisfy(r -> {
            assertThat(r.experts()).isEqualTo(3);
            assertThat(r.topK()).isEqualTo(1);
        });
        assertThat(out.expertCounts()).hasSize(6);
        double[] expected = reference(x.toDoubleArray(), 30, 6, 10, out, layer.experts());
        assertThat(out.output().toDoubleArray()).containsExactly(expected, within(1e-10));
    }

    @Test
    void residualSumAddsTheDenseFfn() {
        SeededRandom random = new SeededRandom(4);
        MoeLayer layer =
                new MoeLayer(config(4, 2, 2.0).optResidual(ResidualMode.SUM).build(), parameters, "moe", random);
        randomise(random, 0.5);
        NDArray x = gaussian(random, 20, 6);
        MoeOutput out = layer.forward(x, null, true, random);
        double[] moe = reference(x.toDoubleArray(), 20, 6, 10, out, layer.experts());
        NDArray dense = x.matMul(parameters.get("moe.residual.w1"))
                .add(parameters.get("moe.residual.b1"))
                .maximum(0)
                .matMul(parameters.get("moe.residual.w2"))
                .add(parameters.get("moe.residual.b2"));
        double[] expected = dense.toDoubleArray();
        for (int i = 0; i < expected.length; i++) {
            expected[i] += moe[i];
        }
        assertThat(out.output().toDoubleArray()).containsExactly(expected, within(1e-10));
    }

    /**
     * Empty slots read token 0 and dropped choices read expert row 0 (with weight 0) instead of a
     * padded zero row: neither may change the output or any gradient. Capacity 2.0 leaves empty
     * slots; 0.5 drops choices and can leave an expert without tokens; every entry of x is checked.
     */
    @ParameterizedTest
    @CsvSource({"1, 2.0", "2, 2.0", "1, 0.5", "2, 0.5"})
    void emptySlotsAndDroppedChoicesAddNothingToOutputOrGradients(int topK, double capacityFactor) {
        SeededRandom random = new SeededRandom(11);
        MoeLayer layer = new MoeLayer(config(4, topK, capacityFactor).build(), parameters, "moe", random);
        randomise(random, 0.5);
        NDArray x = gaussian(random, 8, 6);
        NDArray coefficients = gaussian(random, 8, 6);
        MoeOutput out = layer.forward(x, null, true, random);
        GateOutput routing = out.routings().getFirst();
        assertThat(routing.capacity() * 4)
                .isGreaterThan(Arrays.stream(routing.expertCounts()).sum());
        if (capacityFactor < 1) {
            assertThat(out.droppedFraction()).isPositive();
        }
        double[] expected = reference(x.toDoubleArray(), 8, 6, 10, out, layer.experts());
        assertThat(out.output().toDoubleArray()).containsExactly(expected, within(1e-10));
        GradientCheck.check(
                manager,
                x.duplicate(),
                input -> layer.forward(input, null, true, null)
                        .output()
                        .mul(coefficients)
                        .sum(),
                48,
                1e-6);
        for (String name : new String[] {"moe.experts.w1", "moe.experts.b1", "moe.router"}) {
            GradientCheck.checkParameter(
                    parameters,
                    name,
                    () -> layer.forward(x, null, true, null)
                            .output()
                            .mul(coefficients)
                            .sum(),
                    24,
                    1e-6);
        }
    }

    @ParameterizedTest
    @CsvSource({"BATCHED, 0", "PER_EXPERT, 0", "BATCHED, 3"})
    void outputHasFiniteDifferenceGradientsWrtInputsExpertsAndRouter(
            ExpertComputeStrategy strategy, int expertsPerTensor) {
        SeededRandom init = new SeededRandom(5);
        MoeLayer layer = new MoeLayer(
                config(4, 2, 0.75)
                        .optComputeStrategy(strategy)
                        .optResidual(ResidualMode.LEARNED_COEFFICIENT)
                        .optExpertsPerTensor(expertsPerTensor)
                        .build(),
                parameters,
                "moe",
                init);
        String experts = expertsPerTensor == 0 ? "moe.experts." : "moe.experts.0-2.";
        String last = expertsPerTensor == 0 ? "moe.experts." : "moe.experts.3-3.";
        randomise(init, 0.5);
        NDArray x = gaussian(init, 16, 6);
        NDArray coefficients = gaussian(init, 16, 6);
        GradientCheck.check(
                manager,
                x.duplicate(),
                input -> layer.forward(input, null, true, null)
                        .output()
                        .mul(coefficients)
                        .sum(),
                25,
                1e-6);
        for (String name : new String[] {
            experts + "w1",
            experts + "b2",
            last + "w2",
            last + "b1",
            "moe.router",
            "moe.residual.coefficient.w",
            "moe.residual.w1"
        }) {
            GradientCheck.checkParameter(
                    parameters,
                    name,
                    () -> layer.forward(x, null, true, null)
                            .output()
                            .mul(coefficients)
                            .sum(),
                    25,
                    1e-6);
        }
        GradientCheck.checkParameter(
                parameters,
                "moe.router",
                () -> layer.forward(x, null, true, null).loadBalancingLoss(),
                12,
                1e-6);
    }

    @Test
    void configurationErrorsNameTheFieldAndValues() {
        assertThatThrownBy(() -> config(6, 4, 1.0).optExpertsPrototyping(true).build())
                .hasMessage("experts (6) not divisible by topK (4) for expertsPrototyping");
        assertThatThrownBy(() -> config(4, 1, 1.0).setModelDim(0).build()).hasMessage("modelDim (0) must be >= 1");
    }
}
