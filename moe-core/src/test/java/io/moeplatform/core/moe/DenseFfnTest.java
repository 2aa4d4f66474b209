package io.moeplatform.core.moe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import io.moeplatform.core.tensor.AllocationBound;
import io.moeplatform.core.tensor.Backward;
import io.moeplatform.core.tensor.Parameters;
import io.moeplatform.core.tensor.SeededRandom;
import java.util.function.Function;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

class DenseFfnTest {

    @AutoClose
    private final NDManager manager = NDManager.newBaseManager();

    /** Output, input gradient and every weight gradient of {@code Σ(f(x) ⊙ g)}, in that order. */
    private static double[][] run(
            Parameters parameters, NDArray input, NDArray upstream, Function<NDArray, NDArray> f) {
        parameters.releaseGradients();
        Backward pass = Backward.run(input, upstream, f);
        return new double[][] {
            pass.output(),
            pass.inputGradient(),
            parameters.get("ffn.w1").getGradient().toDoubleArray(),
            parameters.get("ffn.b1").getGradient().toDoubleArray(),
            parameters.get("ffn.w2").getGradient().toDoubleArray(),
            parameters.get("ffn.b2").getGradient().toDoubleArray()
        };
    }

    /**
     * 3 × 700 rows of width 2 into h = 4096: 8.6 Mi hidden elements, over the bound, so the rows
     * run in chunks of 1024 (1024, 1024, 52); output and gradients match the one-pass formula.
     */
    @Test
    void rowsBeyondTheBoundRunInChunksAndComputeTheSameAsOnePass() {
        int d = 2;
        int h = 4096;
        Parameters parameters = new Parameters(manager, DataType.FLOAT64);
        DenseFfn ffn = new DenseFfn(parameters, "ffn", d, h, new SeededRandom(1));
        parameters.assign("ffn.b1", Parameters.gaussian(h, 0.5, new SeededRandom(2)));
        parameters.assign("ffn.b2", Parameters.gaussian(d, 0.5, new SeededRandom(3)));
        Shape shape = new Shape(3, 700, d);
        NDArray x = manager.create(Parameters.gaussian(shape.size(), 1, new SeededRandom(4)), shape);
        NDArray upstream = manager.create(Parameters.gaussian(shape.size(), 1, new SeededRandom(5)), shape);
        assertThat(3L * 700 * h).isGreaterThan(AllocationBound.MAX_ELEMENTS);

        double[][] chunked = run(parameters, x, upstream, ffn::forward);
        double[][] onePass = run(
                parameters,
                x,
                upstream,
                input -> Activation.relu(input.matMul(parameters.get("ffn.w1")).add(parameters.get("ffn.b1")))
                        .matMul(parameters.get("ffn.w2"))
                        .add(parameters.get("ffn.b2")));
        String[] names = {"output", "input gradient", "w1 gradient", "b1 gradient", "w2 gradient", "b2 gradient"};
        for (int i = 0; i < names.length; i++) {
            assertThat(chunked[i]).as(names[i]).hasSize(onePass[i].length).containsExactly(onePass[i], within(1e-9));
        }
        assertThat(chunked[0]).hasSize(Math.toIntExact(shape.size()));
    }
}
