package io.moeplatform.core.gate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.moeplatform.core.tensor.ScalarOps;
import io.moeplatform.core.tensor.SeededRandom;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * Top-k gating: a linear router {@code [d] -> E} followed by softmax, top-k choice, capacity
 * and token dropping.
 *
 * <pre>
 *   logits = x · W_r                 x: [T, d], W_r: [d, E], logits: [T, E]
 *   p      = softmax(logits)         [T, E]
 *   choice_r(t) = r-th largest p(t)  (Gumbel-perturbed for r ≥ 1 under {@link NoisePolicy#GUMBEL})
 *   C      = {@link ExpertCapacity}
 *   w(t,r) = p(t, choice_r) · kept(t,r)   (k ≥ 2: / Σ_r kept w, GShard)
 * </pre>
 *
 * <p>k = 1 is the Switch Transformer router (Fedus et al. 2021): the gate value is the raw
 * probability, so the router learns through the expert output. For k ≥ 2 the gate follows
 * GShard (Lepikhin et al. 2020) as DeepSpeed's {@code top2gating} implements it: an expert's
 * first-choice tokens take its slots before any second-choice token, then third choices, and
 * so on; the gate values of a token are renormalised over its kept choices (a token whose second
 * choice was dropped gets weight 1 on its first). Within one choice rank, the {@link DropPolicy}
 * orders tokens: by position, or by a random priority (Random Token Selection, Kim et al. 2021).
 *
 * <p>The discrete part (top-k, slots, drops) runs on the host from the probabilities; the
 * differentiable part (combine weights, losses) stays in NDArrays, so autograd reaches the
 * router weights. Noise applies only when {@code training} is true; RTS priorities are drawn in
 * both modes. Dispatch, counts and losses are all returned in a {@link GateOutput}.
 */
public final class TopKGate {

    private static final double RENORMALISE_EPSILON = 1e-9;

    private final GateConfig config;
    private final NDArray routerWeight;

    /**
     * Creates a gate over an existing router weight.
     *
     * @param config the gate configuration
     * @param routerWeight the router weight {@code [d, E]}, usually a trainable parameter
     */
    public TopKGate(GateConfig config, NDArray routerWeight) {
        this.config = Objects.requireNonNull(config, "config");
        this.routerWeight = Objects.requireNonNull(routerWeight, "routerWeight");
        Shape shape = routerWeight.getShape();
        if (shape.dimension() != 2 || shape.get(1) != config.experts()) {
            throw new IllegalArgumentException("router weight shape " + shape + " does not match experts ("
                    + config.experts() + "): expected [d, " + config.experts() + "]");
        }
    }

    /** @return the configuration */
    public GateConfig config() {
        return config;
    }

    /**
     * Routes all tokens (none is padding).
     *
     * @param tokens the router input {@code [T, d]}
     * @param training true for training capacity and noise
     * @param random the generator for noise and RTS priorities (may be null when neither is used)
     * @return the routing
     */
    public GateOutput route(NDArray tokens, boolean training, SeededRandom random) {
        return route(tokens, null, training, random);
    }

    /**
     * Routes tokens; inactive tokens (padding) get no expert and do not count for capacity,
     * counts or losses.
     *
     * @param tokens the router input {@code [T, d]}
     * @param active per-token flag, {@code [T]}, or null for all active
     * @param training true for training capacity and noise
     * @param random the generator for noise and RTS priorities (may be null when neither is used)
     * @return the routing
     */
    public GateOutput route(NDArray tokens, boolean[] active, boolean training, SeededRandom random) {
        // 1. logits and probabilities (with jitter on the input if configured)
        // 2. top-k choices on the host (Gumbel-perturbed beyond the first if configured)
        // 3. capacity, then slots: choice rank by choice rank, tokens in policy order
        // 4. differentiable combine weights and losses
        NDManager manager = tokens.getManager();
        DataType dataType = routerWeight.getDataType();
        int numTokens = Math.toIntExact(tokens.getShape().get(0));
        int experts = config.experts();
        int k = config.topK();
        boolean[] isActive = active != null ? active : allTrue(numTokens);
        if (isActive.length != numTokens) {
            throw new IllegalArgumentException(
                    "active mask length (" + isActive.length + ") != tokens (" + numTokens + ")");
        }
        boolean noisy = training && config.noisePolicy() != NoisePolicy.NONE;
        if ((noisy || config.dropPolicy() == DropPolicy.RANDOM_TOKEN_SELECTION) && random == null) {
            throw new IllegalArgumentException("a SeededRandom is required for noisePolicy (" + config.noisePolicy()
                    + ") / dropPolicy (" + config.dropPolicy() + ")");
        }

        NDArray input = tokens;
        if (training && config.noisePolicy() == NoisePolicy.JITTER) {
            input = tokens.mul(jitter(manager, tokens.getShape(), random).toType(tokens.getDataType(), false));
        }
        NDArray logits = input.matMul(routerWeight); // [T, E]
        NDArray probabilities = logits.softmax(1); // [T, E]
        HostProbabilities p = toHost(probabilities);

        int[][] choice = chooseExperts(
                p, numTokens, experts, k, training && config.noisePolicy() == NoisePolicy.GUMBEL ? random : null);

        int activeTokens = 0;
        int[] demand = new int[experts];
        int[] firstChoiceCounts = new int[experts];
        for (int t = 0; t < numTokens; t++) {
            if (isActive[t]) {
                activeTokens++;
                firstChoiceCounts[choice[t][0]]++;
                for (int r = 0; r < k; r++) {
                    demand[choice[t][r]]++;
                }
            }
        }
        int capacity = config.dropless()
                ? ExpertCapacity.dropless(demand, config.minCapacity())
                : ExpertCapacity.of(activeTokens, experts, k, config.capacityFactor(training), config.minCapacity());

        int[] order = tokenOrder(isActive, random);
        int[] expertIndex = new int[numTokens * k];
        int[] slotIndex = new int[numTokens * k];
        Arrays.fill(expertIndex, -1);
        Arrays.fill(slotIndex, -1);
        int[] fill = new int[experts];
        for (int r = 0; r < k; r++) {
            for (int t : order) {
                int e = choice[t][r];
                if (fill[e] < capacity) {
                    expertIndex[t * k + r] = e;
                    slotIndex[t * k + r] = fill[e]++;
                }
            }
        }

        long[] chosen = new long[numTokens * k];
        float[] kept = new float[numTokens * k];
        float[] activeMask = new float[numTokens];
        int dropped = 0;
        int droppedTokens = 0;
        for (int t = 0; t < numTokens; t++) {
            activeMask[t] = isActive[t] ? 1f : 0f;
            boolean anyKept = false;
            for (int r = 0; r < k; r++) {
                int a = t * k + r;
                chosen[a] = choice[t][r];
                kept[a] = expertIndex[a] >= 0 ? 1f : 0f;
                anyKept |= expertIndex[a] >= 0;
                if (isActive[t] && expertIndex[a] < 0) {
                    dropped++;
                }
            }
            if (isActive[t] && !anyKept) {
                droppedTokens++;
            }
        }

        NDArray chosenIndex = manager.create(chosen, new Shape(numTokens, k)); // [T, k]
        NDArray combine = probabilities.gather(chosenIndex, 1); // [T, k]
        if (dropped > 0 || activeTokens < numTokens) {
            combine = combine.mul(manager.create(kept, new Shape(numTokens, k)).toType(dataType, false));
        }
        if (k >= 2) {
            combine = combine.div(ScalarOps.maximum(combine.sum(new int[] {1}, true), RENORMALISE_EPSILON));
        }
        NDArray mask = activeTokens == numTokens
                ? null // all active: no mask multiplies
                : manager.create(activeMask, new Shape(numTokens, 1)).toType(dataType, false); // [T, 1]
        int denominator = Math.max(activeTokens, 1);
        NDArray balance = LoadBalancingLoss.compute(probabilities, mask, firstChoiceCounts, denominator);
        NDArray zLoss = RouterZLoss.compute(logits, mask, denominator);

        return new GateOutput(
                combine,
                expertIndex,
                slotIndex,
                capacity,
                fill,
                firstChoiceCounts,
                activeTokens == 0 ? 0 : (double) dropped / ((long) activeTokens * k),
                activeTokens == 0 ? 0 : (double) droppedTokens / activeTokens,
                balance,
                zLoss,
                probabilities);
    }

    /** Probabilities on the host, {@code [T · E]} row-major, read as doubles. */
    @FunctionalInterface
    private interface HostProbabilities {
        double get(int index);
    }

    /**
     * The probabilities on the host in their own precision (float32 reads as double exactly),
     * read from the buffer DJL copies them into, not copied again into a float and a double array:
     * that cut a large layer step's Java allocation by more than half (docs/benchmarks.md).
     */
    private static HostProbabilities toHost(NDArray probabilities) {
        if (probabilities.getDataType() == DataType.FLOAT64) {
            DoubleBuffer values = probabilities.toByteBuffer().asDoubleBuffer();
            return values::get;
        }
        NDArray single = probabilities.getDataType() == DataType.FLOAT32
                ? probabilities
                : probabilities.toType(DataType.FLOAT32, false);
        FloatBuffer values = single.toByteBuffer().asFloatBuffer();
        return values::get;
    }

    /** Top-k per token; ranks ≥ 1 use log p + Gumbel when {@code gumbel} is non-null. */
    private static int[][] chooseExperts(HostProbabilities p, int numTokens, int experts, int k, SeededRandom gumbel) {
        int[][] choice = new int[numTokens][k];
        double[] score = new double[experts];
        boolean[] taken = new boolean[experts];
        for (int t = 0; t < numTokens; t++) {
            Arrays.fill(taken, false);
            for (int e = 0; e < experts; e++) {
                score[e] = p.get(t * experts + e);
            }
            for (int r = 0; r < k; r++) {
                if (r == 1 && gumbel != null) {
                    for (int e = 0; e < experts; e++) {
                        score[e] = Math.log(Math.max(p.get(t * experts + e), Double.MIN_NORMAL)) + gumbel.nextGumbel();
                    }
                }
                int best = -1;
                for (int e = 0; e < experts; e++) {
                    if (!taken[e] && (best < 0 || score[e] > score[best])) {
                        best = e; // ties go to the lowest index
                    }
                }
                taken[best] = true;
                choice[t][r] = best;
            }
        }
        return choice;
    }

    /** Active tokens in the order they claim slots within one choice rank. */
    private int[] tokenOrder(boolean[] active, SeededRandom random) {
        int numTokens = active.length;
        if (config.dropPolicy() == DropPolicy.POSITION) {
            return IntStream.range(0, numTokens).filter(t -> active[t]).toArray();
        }
        double[] priority = new double[numTokens];
        for (int t = 0; t < numTokens; t++) {
            priority[t] = random.nextDouble(); // drawn for every token so the stream does not depend on padding
        }
        return IntStream.range(0, numTokens)
                .filter(t -> active[t])
                .boxed()
                .sorted((a, b) -> Double.compare(priority[b], priority[a]))
                .mapToInt(Integer::intValue)
                .toArray();
    }

    private NDArray jitter(NDManager manager, Shape shape, SeededRandom random) {
        double epsilon = config.jitterEpsilon();
        float[] values = new float[Math.toIntExact(shape.size())];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (1.0 - epsilon + 2.0 * epsilon * random.nextDouble());
        }
        return manager.create(values, shape);
    }

    private static boolean[] allTrue(int n) {
        boolean[] all = new boolean[n];
        Arrays.fill(all, true);
        return all;
    }
}
