package io.moeplatform.core.moe;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import io.moeplatform.core.tensor.AllocationBound;
import io.moeplatform.core.tensor.Parameters;
import io.moeplatform.core.tensor.ScalarOps;
import io.moeplatform.core.tensor.SeededRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * E expert FFNs with their weights stacked along a leading expert axis, so that experts run as
 * batched matmuls over the dispatch buffer:
 *
 * <pre>
 *   W1: [E, d, h]   b1: [E, 1, h]   W2: [E, h, d]   b2: [E, 1, d]
 *   y_e = relu(x_e · W1_e + b1_e) · W2_e + b2_e      x: [E, C, d] -> y: [E, C, d]
 * </pre>
 *
 * <p><b>Stored in blocks, run in chunks.</b> The stack is held as consecutive blocks of at most
 * {@code expertsPerTensor} experts, each block its own four parameters, and each block runs as
 * one batched matmul over its rows of the buffer, or as several over chunks of its experts when
 * one matmul's activations ({@code [n, C, h]}) would exceed {@link AllocationBound#MAX_ELEMENTS}.
 * The reason is the allocator (see {@link AllocationBound}): a single stack of E = 64 experts of d
 * = 256, h = 1024 is 64 MiB per weight, and so is each weight's gradient, created anew by every
 * backward, and so is each of the optimizer's temporaries of it, all faulted in afresh every step,
 * which made the expert backward much slower than the dense one at the same FLOPs. The automatic
 * block size ({@link #automaticExpertsPerTensor}) and chunks of the same bound remove nearly all of
 * those page faults (ADR 4). One block holds all of a small model's experts, and one chunk all of a
 * block's, as a single stack would.
 *
 * <p>Parameter names under {@code prefix}: {@code w1, b1, w2, b2} when one block holds every
 * expert, else {@code <first>-<last>.w1} etc. per block (e.g. {@code encoder.1.moe.experts.16-31.w1}).
 * Checkpoints do not depend on the blocks: they store expert j of a stack as its own shard
 * ({@link #expert}, {@link #assign}). A contiguous range of experts ({@link #slice(int, int)}) is
 * itself a {@code StackedExperts}, which is how experts prototyping gives each group its experts.
 */
public final class StackedExperts {

    /** Names of the stacked tensors, in checkpoint order. */
    public static final String[] TENSOR_NAMES = {"w1", "b1", "w2", "b2"};

    /**
     * Experts {@code [first, first + size)}: the four tensors (leading axis {@code size}) and the
     * parameter names they were registered under (null for a slice's views).
     */
    private record Block(int first, int size, NDArray[] tensors, String[] names) {}

    private final List<Block> blocks;

    private StackedExperts(List<Block> blocks) {
        this.blocks = List.copyOf(blocks);
    }

    /**
     * The automatic block size: as many experts as fit in {@link AllocationBound#MAX_ELEMENTS} per
     * weight, at least one.
     *
     * @param experts E
     * @param modelDim d
     * @param hidden h
     * @return experts per block, in {@code [1, E]}
     */
    public static int automaticExpertsPerTensor(int experts, int modelDim, int hidden) {
        return (int) AllocationBound.unitsWithin(experts, (long) modelDim * hidden);
    }

    /**
     * Registers the experts' parameters with N(0, 1/fan_in) weights and zero biases. The values do
     * not depend on the blocks: W1 of all experts is drawn first, then W2, as for one stack.
     *
     * @param parameters the registry
     * @param prefix the name prefix, e.g. {@code encoder.1.moe.experts}
     * @param experts E
     * @param modelDim d
     * @param hidden h
     * @param expertsPerTensor experts per block (at least 1; E or more for a single block)
     * @param random the initialisation generator
     * @return the experts
     */
    public static StackedExperts create(
            Parameters parameters,
            String prefix,
            int experts,
            int modelDim,
            int hidden,
            int expertsPerTensor,
            SeededRandom random) {
        if (expertsPerTensor < 1) {
            throw new IllegalArgumentException("expertsPerTensor (" + expertsPerTensor + ") must be >= 1");
        }
        int perBlock = Math.min(expertsPerTensor, experts);
        double[] w1 = Parameters.gaussian((long) experts * modelDim * hidden, 1 / Math.sqrt(modelDim), random);
        double[] w2 = Parameters.gaussian((long) experts * hidden * modelDim, 1 / Math.sqrt(hidden), random);
        int dh = modelDim * hidden;
        List<Block> blocks = new ArrayList<>();
        for (int first = 0; first < experts; first += perBlock) {
            int size = Math.min(perBlock, experts - first);
            String stem = perBlock >= experts ? prefix + "." : prefix + "." + first + "-" + (first + size - 1) + ".";
            String[] names = Arrays.stream(TENSOR_NAMES).map(t -> stem + t).toArray(String[]::new);
            NDArray[] tensors = {
                parameters.register(
                        names[0],
                        Arrays.copyOfRange(w1, first * dh, (first + size) * dh),
                        new Shape(size, modelDim, hidden)),
                parameters.constant(names[1], new Shape(size, 1, hidden), 0),
                parameters.register(
                        names[2],
                        Arrays.copyOfRange(w2, first * dh, (first + size) * dh),
                        new Shape(size, hidden, modelDim)),
                parameters.constant(names[3], new Shape(size, 1, modelDim), 0)
            };
            blocks.add(new Block(first, size, tensors, names));
        }
        return new StackedExperts(blocks);
    }

    /** @return number of experts E */
    public int experts() {
        Block last = blocks.getLast();
        return last.first() + last.size() - blocks.getFirst().first();
    }

    /** @return the number of blocks the experts are stored in */
    public int blocks() {
        return blocks.size();
    }

    /**
     * Experts {@code [from, to)} as their own stack (views computed in the caller's step).
     *
     * @param from first expert
     * @param to one past the last expert
     * @return the slice
     */
    public StackedExperts slice(int from, int to) {
        int offset = blocks.getFirst().first();
        List<Block> sliced = new ArrayList<>();
        for (Block block : blocks) {
            int start = Math.max(from + offset, block.first());
            int end = Math.min(to + offset, block.first() + block.size());
            if (start >= end) {
                continue;
            }
            if (start == block.first() && end == block.first() + block.size()) {
                sliced.add(block); // whole block: no view, so its gradient is not a slice of a zero tensor
                continue;
            }
            String range = (start - block.first()) + ":" + (end - block.first());
            NDArray[] views =
                    Arrays.stream(block.tensors()).map(t -> t.get(range)).toArray(NDArray[]::new);
            sliced.add(new Block(start, end - start, views, null));
        }
        if (sliced.isEmpty()) {
            throw new IllegalArgumentException("empty expert range [" + from + ", " + to + ") of " + experts());
        }
        return new StackedExperts(sliced);
    }

    /**
     * Expert j's slice of one tensor, e.g. its {@code [d, h]} W1 (for checkpoints).
     *
     * @param tensor one of {@link #TENSOR_NAMES}
     * @param expert j in {@code [0, E)}
     * @param manager where the slice lives
     * @return the slice, without the expert axis
     */
    public NDArray expert(String tensor, int expert, NDManager manager) {
        int global = expert + blocks.getFirst().first(); // a slice's blocks keep their first expert of the full stack
        for (Block block : blocks) {
            if (global >= block.first() && global < block.first() + block.size()) {
                return block.tensors()[index(tensor)].get(manager, new NDIndex(global - block.first()));
            }
        }
        throw new IndexOutOfBoundsException("expert " + expert + " of " + experts());
    }

    /**
     * Overwrites one tensor of every expert in place, outside autograd (checkpoint loading).
     *
     * @param parameters the registry the experts were created in
     * @param tensor one of {@link #TENSOR_NAMES}
     * @param perExpert expert j's slice at index j, E of them, each without the expert axis
     */
    public void assign(Parameters parameters, String tensor, List<NDArray> perExpert) {
        if (perExpert.size() != experts()) {
            throw new IllegalArgumentException(
                    "expected " + experts() + " expert slices of " + tensor + ", got " + perExpert.size());
        }
        if (blocks.stream().anyMatch(block -> block.names() == null)) {
            throw new IllegalStateException("a slice of the experts cannot be assigned");
        }
        int t = index(tensor);
        int offset = blocks.getFirst().first();
        for (Block block : blocks) {
            NDList slices =
                    new NDList(perExpert.subList(block.first() - offset, block.first() - offset + block.size()));
            parameters.assign(block.names()[t], NDArrays.stack(slices)); // [size, …]
        }
    }

    /**
     * Runs every expert over its rows of the buffer.
     *
     * @param buffer dispatched tokens {@code [E, C, d]}
     * @param strategy batched matmul or a per-expert loop
     * @return expert outputs {@code [E, C, d]}
     */
    public NDArray forward(NDArray buffer, ExpertComputeStrategy strategy) {
        if (blocks.size() == 1) {
            return forward(blocks.getFirst(), buffer, strategy);
        }
        long[] cuts = new long[blocks.size() - 1];
        for (int b = 1; b < blocks.size(); b++) {
            cuts[b - 1] = blocks.get(b).first() - blocks.getFirst().first();
        }
        NDList rows = buffer.split(cuts, 0); // views of the buffer, one per block
        NDList outputs = new NDList(blocks.size());
        for (int b = 0; b < blocks.size(); b++) {
            outputs.add(forward(blocks.get(b), rows.get(b), strategy));
        }
        return NDArrays.concat(outputs, 0); // [E, C, d]
    }

    /**
     * One block: a single FFN call over all its experts, or one per chunk of them, chunks of one
     * expert for {@link ExpertComputeStrategy#PER_EXPERT} and of as many as keep the activations
     * within the bound for {@link ExpertComputeStrategy#BATCHED} ({@link #expertsPerChunk}).
     */
    private static NDArray forward(Block block, NDArray buffer, ExpertComputeStrategy strategy) {
        NDArray[] tensors = block.tensors();
        int chunk = strategy == ExpertComputeStrategy.PER_EXPERT
                ? 1
                : expertsPerChunk(
                        block.size(),
                        buffer.getShape().get(1),
                        tensors[0].getShape().get(1),
                        tensors[0].getShape().get(2));
        if (chunk >= block.size()) {
            return ffn(buffer, tensors[0], tensors[1], tensors[2], tensors[3], strategy);
        }
        // One split per tensor, not a get(e) per chunk: the backward of get(e) (torch select) writes
        // a zero tensor the size of the whole block per chunk, O(E² · d · h) per step; the splits'
        // backward writes one gradient of the block.
        long[] cuts = AllocationBound.cuts(block.size(), chunk);
        NDList rows = buffer.split(cuts, 0);
        NDList[] parts =
                Arrays.stream(tensors).map(tensor -> tensor.split(cuts, 0)).toArray(NDList[]::new);
        NDList outputs = new NDList(rows.size());
        for (int c = 0; c < rows.size(); c++) {
            outputs.add(ffn(rows.get(c), parts[0].get(c), parts[1].get(c), parts[2].get(c), parts[3].get(c), strategy));
        }
        return NDArrays.concat(outputs, 0); // [E_b, C, d]
    }

    /**
     * relu(x · W1 + b1) · W2 + b2 over n experts, {@code [n, C, d] -> [n, C, d]}: batched matmuls,
     * or for {@link ExpertComputeStrategy#PER_EXPERT} (n = 1) plain ones. The biases are added in
     * place into the matmul outputs (which nothing else holds): one allocation fewer, same values.
     */
    private static NDArray ffn(
            NDArray x, NDArray w1, NDArray b1, NDArray w2, NDArray b2, ExpertComputeStrategy strategy) {
        if (strategy == ExpertComputeStrategy.BATCHED) {
            NDArray hidden = ScalarOps.relu(x.batchMatMul(w1).addi(b1)); // [n, C, h]
            return hidden.batchMatMul(w2).addi(b2); // [n, C, d]
        }
        NDArray hidden = ScalarOps.relu(x.squeeze(0).matMul(w1.squeeze(0)).addi(b1.squeeze(0))); // [C, h]
        return hidden.matMul(w2.squeeze(0)).addi(b2.squeeze(0)).expandDims(0); // [1, C, d]
    }

    /**
     * How many experts of a block one batched matmul takes so that its activations ({@code [n, C,
     * max(d, h)]}) stay within {@link AllocationBound#MAX_ELEMENTS}; at least one.
     */
    static int expertsPerChunk(int blockSize, long capacity, long modelDim, long hidden) {
        return (int) AllocationBound.unitsWithin(blockSize, capacity * Math.max(modelDim, hidden));
    }

    private static int index(String tensor) {
        int t = Arrays.asList(TENSOR_NAMES).indexOf(tensor);
        if (t < 0) {
            throw new IllegalArgumentException(
                    "unknown expert tensor " + tensor + "; known: " + String.join(", ", TENSOR_NAMES));
        }
        return t;
    }
}
