package io.moeplatform.core.moe;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import io.moeplatform.core.tensor.Parameters;
import io.moeplatform.core.tensor.SeededRandom;
import io.moeplatform.core.tensor.ScalarOps;

/**
 * E expert FFNs with their weights stacked along a leading expert axis, so all experts run as
 * one batched matmul over the dispatch buffer:
 *
 * <pre>
 *   W1: [E, d, h]   b1: [E, 1, h]   W2: [E, h, d]   b2: [E, 1, d]
 *   y_e = relu(x_e · W1_e + b1_e) · W2_e + b2_e      x: [E, C, d] -> y: [E, C, d]
 * </pre>
 *
 * <p>Checkpoints store expert j of a stack as its own shard (slice j of each tensor). A
 * contiguous range of experts ({@link #slice(int, int)}) is itself a {@code StackedExperts},
 * which is how experts prototyping gives each group its experts.
 */
public final class StackedExperts {

    /** Names of the stacked tensors under a layer prefix, in checkpoint order. */
    public static final String[] TENSOR_NAMES = {"w1", "b1", "w2", "b2"};

    private final NDArray w1;
    private final NDArray b1;
    private final NDArray w2;
    private final NDArray b2;

    private StackedExperts(NDArray w1, NDArray b1, NDArray w2, NDArray b2) {
        this.w1 = w1;
        this.b1 = b1;
        this.w2 = w2;
        this.b2 = b2;
    }

    /**
     * Registers {@code prefix.w1, .b1, .w2, .b2} with N(0, 1/fan_in) weights and zero biases.
     *
     * @param parameters the registry
     * @param prefix the name prefix, e.g. {@code encoder.1.moe.experts}
     * @param experts E
     * @param modelDim d
     * @param hidden h
     * @param random the initialisation generator
     * @return the experts
     */
    public static StackedExperts create(Parameters parameters, String prefix, int experts, int modelDim, int hidden,
            SeededRandom random) {
        return new StackedExperts(
                parameters.normal(prefix + ".w1", new Shape(experts, modelDim, hidden), 1 / Math.sqrt(modelDim), random),
                parameters.constant(prefix + ".b1", new Shape(experts, 1, hidden), 0),
                parameters.normal(prefix + ".w2", new Shape(experts, hidden, modelDim), 1 / Math.sqrt(hidden), random),
                parameters.constant(prefix + ".b2", new Shape(experts, 1, modelDim), 0));
    }

    /** @return number of experts E */
    public int experts() {
        return Math.toIntExact(w1.getShape().get(0));
    }

    /**
     * Experts {@code [from, to)} as their own stack (views computed in the caller's step).
     *
     * @param from first expert
     * @param to one past the last expert
     * @return the slice
     */
    public StackedExperts slice(int from, int to) {
        String range = from + ":" + to;
        return new StackedExperts(w1.get(range), b1.get(range), w2.get(range), b2.get(range));
    }

    /**
     * Runs every expert over its rows of the buffer.
     *
     * @param buffer dispatched tokens {@code [E, C, d]}
     * @param strategy batched matmul or a per-expert loop
     * @return expert outputs {@code [E, C, d]}
     */
    public NDArray forward(NDArray buffer, ExpertComputeStrategy strategy) {
        if (strategy == ExpertComputeStrategy.BATCHED) {
            NDArray hidden = ScalarOps.relu(buffer.batchMatMul(w1).add(b1)); // [E, C, h]
            return hidden.batchMatMul(w2).add(b2); // [E, C, d]
        }
        // One split per tensor, not E get(e) calls: the backward of get(e) (torch select) writes a
        // zero tensor the size of the whole stack per expert, O(E² · d · h) per step.
        int experts = experts();
        NDList rows = buffer.split(experts, 0);
        NDList w1s = w1.split(experts, 0);
        NDList b1s = b1.split(experts, 0);
        NDList w2s = w2.split(experts, 0);
        NDList b2s = b2.split(experts, 0);
        NDList outputs = new NDList(experts);
        for (int e = 0; e < experts; e++) {
            NDArray x = rows.get(e).squeeze(0); // [C, d]
            NDArray hidden = ScalarOps.relu(x.matMul(w1s.get(e).squeeze(0)).add(b1s.get(e).squeeze(0))); // [C, h]
            outputs.add(hidden.matMul(w2s.get(e).squeeze(0)).add(b2s.get(e).squeeze(0))); // [C, d]
        }
        return NDArrays.stack(outputs); // [E, C, d]
    }
}
