package io.moeplatform.core.moe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.moeplatform.core.tensor.Backward;
import io.moeplatform.core.tensor.Parameters;
import io.moeplatform.core.tensor.SeededRandom;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class StackedExpertsTest {

    private static final int E = 5;
    private static final int D = 4;
    private static final int H = 6;
    private static final int C = 3;

    @AutoClose
    private final NDManager manager = NDManager.newBaseManager();

    private StackedExperts create(Parameters parameters, int expertsPerTensor) {
        StackedExperts experts =
                StackedExperts.create(parameters, "moe.experts", E, D, H, expertsPerTensor, new SeededRandom(9));
        // non-zero biases, the same for every layout, so that no term can hide
        SeededRandom random = new SeededRandom(10);
        for (String tensor : new String[] {"b1", "b2"}) {
            List<NDArray> values = new ArrayList<>();
            for (int e = 0; e < E; e++) {
                long width = tensor.equals("b1") ? H : D;
                values.add(manager.create(Parameters.gaussian(width, 0.5, random), new Shape(1, width)));
            }
            experts.assign(parameters, tensor, values);
        }
        return experts;
    }

    private NDArray buffer() {
        return manager.create(Parameters.gaussian((long) E * C * D, 1, new SeededRandom(11)), new Shape(E, C, D));
    }

    @Test
    void automaticBlocksHoldAtMostFourMebiElementsPerWeight() {
        assertThat(StackedExperts.automaticExpertsPerTensor(64, 256, 1024)).isEqualTo(16); // 16 MiB in float32
        assertThat(StackedExperts.automaticExpertsPerTensor(32, 64, 256)).isEqualTo(32); // all: 2 MiB
        assertThat(StackedExperts.automaticExpertsPerTensor(8, 4096, 4096)).isEqualTo(1); // one expert is larger
        assertThat(StackedExperts.automaticExpertsPerTensor(64, 512, 2048)).isEqualTo(4);
    }

    @Test
    void blocksAreNamedByTheirExpertRangeAndOneBlockKeepsThePlainNames() {
        Parameters single = new Parameters(manager, DataType.FLOAT32);
        StackedExperts.create(single, "moe.experts", E, D, H, E, new SeededRandom(1));
        assertThat(single.all().keySet())
                .containsExactly("moe.experts.w1", "moe.experts.b1", "moe.experts.w2", "moe.experts.b2");

        Parameters blocked = new Parameters(manager, DataType.FLOAT32);
        StackedExperts experts = StackedExperts.create(blocked, "moe.experts", E, D, H, 2, new SeededRandom(1));
        assertThat(experts.blocks()).isEqualTo(3);
        assertThat(experts.experts()).isEqualTo(E);
        assertThat(blocked.all().keySet())
                .contains("moe.experts.0-1.w1", "moe.experts.2-3.b1", "moe.experts.4-4.w2")
                .hasSize(12);
        assertThat(blocked.get("moe.experts.4-4.w2").getShape()).isEqualTo(new Shape(1, H, D));
        assertThatThrownBy(() -> StackedExperts.create(blocked, "other", E, D, H, 0, new SeededRandom(1)))
                .hasMessage("expertsPerTensor (0) must be >= 1");
    }

    @Test
    void initialWeightsDoNotDependOnTheBlocks() {
        StackedExperts single =
                StackedExperts.create(new Parameters(manager, DataType.FLOAT32), "a", E, D, H, E, new SeededRandom(3));
        StackedExperts blocked =
                StackedExperts.create(new Parameters(manager, DataType.FLOAT32), "a", E, D, H, 2, new SeededRandom(3));
        for (String tensor : StackedExperts.TENSOR_NAMES) {
            for (int e = 0; e < E; e++) {
                assertThat(blocked.expert(tensor, e, manager).toFloatArray())
                        .containsExactly(single.expert(tensor, e, manager).toFloatArray());
            }
        }
        assertThat(blocked.expert("w1", 4, manager).getShape()).isEqualTo(new Shape(D, H));
    }

    @Test
    void assignWritesEachExpertIntoItsBlock() {
        Parameters parameters = new Parameters(manager, DataType.FLOAT64);
        StackedExperts experts = StackedExperts.create(parameters, "moe.experts", E, D, H, 2, new SeededRandom(4));
        List<NDArray> values = new ArrayList<>();
        for (int e = 0; e < E; e++) {
            values.add(manager.full(new Shape(D, H), e + 0.5f).toType(DataType.FLOAT64, false));
        }
        experts.assign(parameters, "w1", values);
        for (int e = 0; e < E; e++) {
            assertThat(experts.expert("w1", e, manager).toDoubleArray()).containsOnly(e + 0.5);
        }
        assertThat(parameters.get("moe.experts.2-3.w1").get(1).toDoubleArray()).containsOnly(3.5);
        assertThatThrownBy(() -> experts.assign(parameters, "w1", values.subList(0, 4)))
                .hasMessage("expected 5 expert slices of w1, got 4");
        assertThatThrownBy(() -> experts.expert("w3", 0, manager)).hasMessageContaining("unknown expert tensor w3");
    }

    /**
     * The blocks change where the weights live, not what is computed: outputs and every gradient
     * (input and weights, per expert) match one stack with the same weights, in float64.
     */
    @ParameterizedTest
    @EnumSource(ExpertComputeStrategy.class)
    void blockedExpertsComputeWhatOneStackComputes(ExpertComputeStrategy strategy) {
        Parameters oneParameters = new Parameters(manager, DataType.FLOAT64);
        Parameters blockParameters = new Parameters(manager, DataType.FLOAT64);
        StackedExperts one = create(oneParameters, E);
        StackedExperts blocked = create(blockParameters, 2);
        NDArray upstream =
                manager.create(Parameters.gaussian((long) E * C * D, 1, new SeededRandom(12)), new Shape(E, C, D));

        Backward expected = Backward.run(buffer(), upstream, x -> one.forward(x, strategy));
        Backward actual = Backward.run(buffer(), upstream, x -> blocked.forward(x, strategy));
        assertThat(actual.output()).containsExactly(expected.output());
        assertThat(actual.inputGradient()).containsExactly(expected.inputGradient());
        for (String tensor : StackedExperts.TENSOR_NAMES) {
            NDArray stacked = oneParameters.get("moe.experts." + tensor).getGradient();
            for (int e = 0; e < E; e++) {
                String block = e < 2 ? "0-1" : e < 4 ? "2-3" : "4-4";
                NDArray gradient = blockParameters
                        .get("moe.experts." + block + "." + tensor)
                        .getGradient();
                assertThat(gradient.get(e - Integer.parseInt(block.substring(0, 1)))
                                .toDoubleArray())
                        .as("%s of expert %d", tensor, e)
                        .containsExactly(stacked.get(e).toDoubleArray());
            }
        }
    }

    @Test
    void aSliceAcrossBlocksRunsItsExperts() {
        StackedExperts one = create(new Parameters(manager, DataType.FLOAT64), E);
        StackedExperts blocked = create(new Parameters(manager, DataType.FLOAT64), 2);
        NDArray x = buffer();
        double[] expected =
                one.forward(x, ExpertComputeStrategy.BATCHED).get("1:4").toDoubleArray();
        StackedExperts slice = blocked.slice(1, 4); // view of block 0-1, whole block 2-3
        assertThat(slice.experts()).isEqualTo(3);
        assertThat(slice.expert("w2", 2, manager).toDoubleArray())
                .containsExactly(one.expert("w2", 3, manager).toDoubleArray());
        assertThat(slice.forward(x.get("1:4"), ExpertComputeStrategy.BATCHED).toDoubleArray())
                .containsExactly(expected);
        assertThat(slice.slice(1, 3)
                        .forward(x.get("2:4"), ExpertComputeStrategy.PER_EXPERT)
                        .toDoubleArray())
                .containsExactly(one.forward(x, ExpertComputeStrategy.PER_EXPERT)
                        .get("2:4")
                        .toDoubleArray());
        List<NDArray> three =
                List.of(one.expert("w1", 1, manager), one.expert("w1", 2, manager), one.expert("w1", 3, manager));
        assertThatThrownBy(() -> slice.assign(new Parameters(manager, DataType.FLOAT64), "w1", three))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("a slice of the experts cannot be assigned");
    }

    @Test
    void chunksKeepEachMatmulsActivationsWithinTheBound() {
        assertThat(StackedExperts.expertsPerChunk(16, 128, 256, 1024)).isEqualTo(16); // 2 Mi elements: one chunk
        assertThat(StackedExperts.expertsPerChunk(8, 2048, 256, 1024)).isEqualTo(2); // 2 Mi per expert
        assertThat(StackedExperts.expertsPerChunk(8, 8192, 256, 1024)).isEqualTo(1); // one expert is larger
        assertThat(StackedExperts.expertsPerChunk(8, 0, 256, 1024)).isEqualTo(8); // no rows
    }

    /**
     * A block whose activations exceed the bound runs in chunks (here 3 experts of C = 512 rows
     * and h = 4096: 2 Mi elements each, so batched chunks of 2 and 1): the output and every gradient
     * match the per-expert strategy's plain matmuls, one expert at a time.
     */
    @Test
    void aChunkedBlockComputesWhatThePerExpertLoopComputes() {
        int experts = 3;
        int rows = 512;
        int width = 2;
        int hidden = 4096;
        assertThat(StackedExperts.expertsPerChunk(experts, rows, width, hidden)).isEqualTo(2);
        Parameters parameters = new Parameters(manager, DataType.FLOAT64);
        StackedExperts stack =
                StackedExperts.create(parameters, "e", experts, width, hidden, experts, new SeededRandom(13));
        NDArray upstream = manager.create(
                Parameters.gaussian((long) experts * rows * width, 1, new SeededRandom(14)),
                new Shape(experts, rows, width));
        NDArray x = manager.create(
                Parameters.gaussian((long) experts * rows * width, 1, new SeededRandom(15)),
                new Shape(experts, rows, width));
        ExpertComputeStrategy[] strategies = {ExpertComputeStrategy.BATCHED, ExpertComputeStrategy.PER_EXPERT};
        Backward[] passes = new Backward[2];
        double[][][] weightGradients = new double[2][4][];
        for (int s = 0; s < 2; s++) {
            parameters.releaseGradients();
            ExpertComputeStrategy strategy = strategies[s];
            passes[s] = Backward.run(x, upstream, input -> stack.forward(input, strategy));
            for (int t = 0; t < 4; t++) {
                weightGradients[s][t] = parameters
                        .get("e." + StackedExperts.TENSOR_NAMES[t])
                        .getGradient()
                        .toDoubleArray();
            }
        }
        assertThat(passes[0].output()).containsExactly(passes[1].output(), within(1e-12));
        assertThat(passes[0].inputGradient()).containsExactly(passes[1].inputGradient(), within(1e-12));
        for (int t = 0; t < 4; t++) {
            assertThat(weightGradients[0][t])
                    .as(StackedExperts.TENSOR_NAMES[t])
                    .containsExactly(weightGradients[1][t], within(1e-9));
        }
    }
}
