package io.moeplatform.benchmarks;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.moeplatform.core.gate.GateConfig;
import io.moeplatform.core.gate.GateOutput;
import io.moeplatform.core.gate.TopKGate;
import io.moeplatform.core.moe.DenseFfn;
import io.moeplatform.core.moe.ExpertComputeStrategy;
import io.moeplatform.core.moe.MoeLayer;
import io.moeplatform.core.moe.MoeLayerConfig;
import io.moeplatform.core.moe.MoeOutput;
import io.moeplatform.core.moe.StackedExperts;
import io.moeplatform.core.moe.TokenDispatcher;
import io.moeplatform.core.tensor.MallocTuning;
import io.moeplatform.core.tensor.Parameters;
import io.moeplatform.core.tensor.ScalarOps;
import io.moeplatform.core.tensor.SeededRandom;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code benchmarks/bench moe-layer [key=value ...]}: forward + backward time of one {@link
 * MoeLayer} as a ratio of a dense FFN with the same per-token FLOPs.
 *
 * <p>Workload (defaults; every key can be overridden, e.g. {@code tokens=4096 rounds=9}):
 *
 * <ul>
 *   <li>{@code tokens=8192} tokens of {@code dim=256} (float32, N(0, 1)), the same tensor for
 *       every subject, requiring a gradient as the output of a previous layer would. 8192 tokens
 *       is one micro-batch of 32 sequences of 256 tokens, and gives C = 128 rows per expert at E =
 *       64, top-1: at 2048 (32 rows per expert) each expert's weight gradient is an outer-product
 *       GEMM contracted over 32 rows, bound by writing and reading E × 2 MiB of weights and
 *       gradients rather than by FLOPs, so the ratio there measures the memory bus more than the
 *       layer ({@code tokens=2048} is reported beside it in docs/benchmarks.md);
 *   <li>baseline: a {@link DenseFfn} {@code d → hidden=1024 → d}, i.e. one expert's size, so a
 *       top-1 MoE token costs the same FLOPs as a dense token and a top-2 token twice as many;
 *   <li>subjects: a {@link MoeLayer} (no residual, no prototyping) for every E in {@code
 *       experts=8,32,64}, k in {1, 2} and both {@link ExpertComputeStrategy} values; capacity
 *       factor {@code top1Capacity=1.0} for k = 1 and {@code top2Capacity=1.0} for k = 2
 *       (DeepSpeed's default; the engine's capacity formula multiplies by k, so k = 2 has 2 T
 *       expert slots, twice the dense FLOPs, and the 2.5× target leaves the same 25 % for routing
 *       as 1.3× does for top-1; at the engine's training default 1.25 the top-2 slots alone are
 *       2.5 T, so {@code top2Capacity=1.25} is reported beside it), min capacity 4, position drop
 *       policy, no noise, training mode; the experts stored in blocks of the automatic size
 *       ({@code expertsPerTensor=0}; e.g. {@code expertsPerTensor=64} keeps 64 experts in one
 *       block, see {@link StackedExperts}); the strategies are {@code strategies=BATCHED} by
 *       default, and the per-expert loop is measured with {@code strategies=PER_EXPERT
 *       perExpertRounds=7} (or both, {@code strategies=BATCHED,PER_EXPERT}, which runs fewer
 *       per-expert rounds, see below; the two strategies in one process disturb each other's
 *       allocator state, so their own runs compare better);
 *   <li>one step = forward, loss {@code Σ(y ⊙ g) + 0.01 · load-balancing loss} ({@code g} a fixed
 *       N(0, 1) upstream gradient; the dense loss is {@code Σ(y ⊙ g)}), backward into every
 *       parameter and the input; right after it, untimed, the step's intermediates are freed and its
 *       gradients released ({@link Parameters#releaseGradients()}, as the trainer does before its
 *       next step), so that no subject's memory stays allocated through another's step;
 *   <li>{@code warmup=2} untimed rounds, then {@code rounds=7} timed rounds; a round times every
 *       subject once, each right beside a dense step (dense first on even rounds, MoE first on odd
 *       ones), in an order rotated every round. A configuration's ratio is the median MoE time over
 *       the median of its paired dense times; the spread is the min–max of the per-round ratios,
 *       and the last column, min MoE over min dense, is the least-disturbed estimate on a shared
 *       machine; the page-fault column is the median number of minor page faults the process took
 *       during a step (memory mapped in afresh by the allocator), which explains most outliers;
 *   <li>{@link ExpertComputeStrategy#PER_EXPERT} subjects take part in one warm-up round and only
 *       the first {@code perExpertRounds=2} timed rounds.
 * </ul>
 *
 * The result line gives, for k = 1 and k = 2, the worst ratio over E of the faster measured strategy
 * of each (E, k), with that configuration's absolute medians alongside and the strategies measured.
 *
 * <p>Commands: {@code benchmarks/bench moe-layer}, {@code OMP_NUM_THREADS=1 benchmarks/bench
 * moe-layer} (one torch thread: the steadiest figures on a shared machine), and {@code
 * benchmarks/bench moe-layer strategies=PER_EXPERT perExpertRounds=7} (the per-expert loop).
 * Figures, findings and run times: {@code docs/benchmarks.md}.
 * PyTorch's {@code THP_MEM_ALLOC_ENABLE=1} (transparent huge pages for its allocations of 2 MiB
 * and more) is printed in the header: it made the top-2 steps erratic here (ADR 4),
 * so it is an environment setting to try, not a default. Before the first tensor the benchmark applies
 * {@link MallocTuning}, as the trainer does (glibc keeps the memory a step frees); {@code
 * MOE_MALLOC_TUNING=off benchmarks/bench moe-layer} measures glibc's defaults, and the RESULT line
 * ends with {@code malloc=tuned} or {@code malloc=untouched}.
 *
 * <p>{@code benchmarks/bench moe-layer breakdown=true} instead profiles where a step goes: the
 * gate ({@link TopKGate#route}), the dispatch gather ({@link TokenDispatcher#dispatch}), the
 * experts ({@link StackedExperts#forward}), the combine gather and weighted sum ({@link
 * TokenDispatcher#combine}), each run on its own with leaf inputs so that its backward is only
 * its own, forward and backward timed apart; beside them the whole layer and the dense FFN (medians
 * of {@code rounds=3} after {@code warmup}). Example:
 * {@code benchmarks/bench moe-layer breakdown=true experts=8,64}.
 */
public final class MoeLayerBenchmark {

    private static final double BALANCE_COEFFICIENT = 0.01;

    private MoeLayerBenchmark() {}

    record Options(
            int tokens,
            int dim,
            int hidden,
            int[] experts,
            double top1Capacity,
            double top2Capacity,
            List<ExpertComputeStrategy> strategies,
            int expertsPerTensor,
            int warmup,
            int rounds,
            int perExpertRounds,
            boolean breakdown,
            long seed) {

        static Options parse(String[] args) {
            Map<String, String> values = new LinkedHashMap<>();
            for (String arg : args) {
                int eq = arg.indexOf('=');
                if (eq < 1) {
                    throw new IllegalArgumentException("expected key=value, got '" + arg + "'");
                }
                values.put(arg.substring(0, eq), arg.substring(eq + 1));
            }
            Options options = new Options(
                    Integer.parseInt(values.getOrDefault("tokens", "8192")),
                    Integer.parseInt(values.getOrDefault("dim", "256")),
                    Integer.parseInt(values.getOrDefault("hidden", "1024")),
                    Arrays.stream(values.getOrDefault("experts", "8,32,64").split(","))
                            .mapToInt(Integer::parseInt)
                            .toArray(),
                    Double.parseDouble(values.getOrDefault("top1Capacity", "1.0")),
                    Double.parseDouble(values.getOrDefault("top2Capacity", "1.0")),
                    Arrays.stream(values.getOrDefault("strategies", "BATCHED").split(","))
                            .map(ExpertComputeStrategy::valueOf)
                            .toList(),
                    Integer.parseInt(values.getOrDefault("expertsPerTensor", "0")),
                    Integer.parseInt(values.getOrDefault("warmup", "2")),
                    Integer.parseInt(values.getOrDefault("rounds", values.containsKey("breakdown") ? "3" : "7")),
                    Integer.parseInt(values.getOrDefault("perExpertRounds", "2")),
                    Boolean.parseBoolean(values.getOrDefault("breakdown", "false")),
                    Long.parseLong(values.getOrDefault("seed", "7")));
            values.keySet()
                    .removeAll(List.of(
                            "tokens",
                            "dim",
                            "hidden",
                            "experts",
                            "top1Capacity",
                            "top2Capacity",
                            "strategies",
                            "expertsPerTensor",
                            "warmup",
                            "rounds",
                            "perExpertRounds",
                            "breakdown",
                            "seed"));
            if (!values.isEmpty()) {
                throw new IllegalArgumentException("unknown option(s) " + values.keySet() + "; known: tokens, dim,"
                        + " hidden, experts, top1Capacity, top2Capacity, strategies, expertsPerTensor, warmup, rounds,"
                        + " perExpertRounds, breakdown, seed");
            }
            return options;
        }

        double capacityFactor(int topK) {
            return topK == 1 ? top1Capacity : top2Capacity;
        }
    }

    /** One MoE configuration under test. */
    record Config(int experts, int topK, ExpertComputeStrategy strategy) {}

    /**
     * Forward and backward milliseconds of one step, and the minor page faults the process took
     * during it (memory the allocator had to map in afresh; -1 where {@code /proc/self/stat} is not
     * readable).
     */
    record Timing(double forwardMs, double backwardMs, long pageFaults) {
        double totalMs() {
            return forwardMs + backwardMs;
        }
    }

    /** The input, its upstream gradient and the dense baseline: the same for every subject. */
    record Inputs(SeededRandom random, NDArray x, NDArray upstream, Parameters denseParameters, DenseFfn dense) {

        static Inputs create(NDManager root, Options options) {
            SeededRandom random = new SeededRandom(options.seed);
            NDArray x = gaussian(root, random, new Shape(options.tokens, options.dim));
            x.setRequiresGradient(true);
            NDArray upstream = gaussian(root, random, new Shape(options.tokens, options.dim));
            Parameters denseParameters = new Parameters(root, DataType.FLOAT32);
            DenseFfn dense = new DenseFfn(denseParameters, "dense", options.dim, options.hidden, random);
            return new Inputs(random, x, upstream, denseParameters, dense);
        }
    }

    public static void main(String[] args) {
        Options options = Options.parse(args);
        MallocTuning.Outcome malloc = MallocTuning.apply(); // as the trainer does, before the first tensor
        try (NDManager root = NDManager.newBaseManager()) {
            System.out.printf(
                    Locale.ROOT,
                    "moe-layer: T=%d d=%d h=%d E=%s capacity factor k=1 %.2f k=2 %.2f,"
                            + " experts per tensor %s, %d warm-up + %d rounds, torch threads: %s, THP_MEM_ALLOC_ENABLE=%s,"
                            + " LD_PRELOAD=%s, MALLOC_CONF=%s%n%s%n",
                    options.tokens,
                    options.dim,
                    options.hidden,
                    Arrays.toString(options.experts),
                    options.top1Capacity,
                    options.top2Capacity,
                    options.expertsPerTensor == 0 ? "automatic" : options.expertsPerTensor,
                    options.warmup,
                    options.rounds,
                    System.getenv().getOrDefault("OMP_NUM_THREADS", "default"),
                    System.getenv().getOrDefault("THP_MEM_ALLOC_ENABLE", "unset"),
                    System.getenv().getOrDefault("LD_PRELOAD", "unset"),
                    System.getenv().getOrDefault("MALLOC_CONF", "unset"),
                    malloc.description());
            if (options.breakdown) {
                new Breakdown(root, options).run();
            } else {
                new Comparison(root, options).run();
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // shared plumbing

    static NDArray gaussian(NDManager manager, SeededRandom random, Shape shape) {
        float[] values = new float[Math.toIntExact(shape.size())];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return manager.create(values, shape);
    }

    static MoeLayerConfig layerConfig(Options options, Config config) {
        return MoeLayerConfig.builder()
                .setModelDim(options.dim)
                .setExpertHidden(options.hidden)
                .setGate(GateConfig.builder()
                        .setExperts(config.experts)
                        .optTopK(config.topK)
                        .optTrainCapacityFactor(options.capacityFactor(config.topK))
                        .build())
                .optComputeStrategy(config.strategy)
                .optExpertsPerTensor(options.expertsPerTensor)
                .build();
    }

    /**
     * Times one step: forward ({@code loss}) and backward. Afterwards, untimed, the step's
     * intermediates are freed and the gradients released (see {@link Parameters#releaseGradients()}).
     */
    static Timing step(Parameters parameters, List<NDArray> leaves, Function<NDManager, NDArray> loss) {
        Timing timing;
        try (NDManager step = parameters.manager().newSubManager()) {
            parameters.attachTo(step);
            for (NDArray leaf : leaves) {
                leaf.tempAttach(step);
            }
            long faults = minorPageFaults();
            long start = System.nanoTime();
            long forwardEnd;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray value = loss.apply(step);
                forwardEnd = System.nanoTime();
                collector.backward(value);
            }
            long end = System.nanoTime();
            timing = new Timing(
                    (forwardEnd - start) / 1e6, (end - forwardEnd) / 1e6, faults < 0 ? -1 : minorPageFaults() - faults);
        }
        // released here, untimed, rather than at the start of this subject's next step: no subject's
        // gradients stay allocated through the other subjects' steps
        parameters.releaseGradients();
        for (NDArray leaf : leaves) {
            Parameters.releaseGradient(leaf);
        }
        return timing;
    }

    /** Minor page faults of this process so far (field 10 of {@code /proc/self/stat}), or -1. */
    static long minorPageFaults() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[7]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    static double median(List<Double> values) {
        double[] sorted =
                values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    static String medianFaults(List<Timing> timings) {
        return String.format(
                Locale.ROOT,
                "%.0f",
                median(timings.stream().map(t -> (double) t.pageFaults()).toList()));
    }

    static double min(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    static double max(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }

    static String f(double value) {
        return String.format(Locale.ROOT, "%.3f", value);
    }

    static String ms(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    // ---------------------------------------------------------------------------------------------
    // the comparison: MoE layer vs dense FFN, interleaved

    static final class Comparison {
        private final NDManager root;
        private final Options options;

        Comparison(NDManager root, Options options) {
            this.root = root;
            this.options = options;
        }

        void run() {
            Inputs inputs = Inputs.create(root, options);
            SeededRandom random = inputs.random();
            NDArray x = inputs.x();
            NDArray upstream = inputs.upstream();
            Parameters denseParameters = inputs.denseParameters();
            DenseFfn dense = inputs.dense();

            List<Config> configs = new ArrayList<>();
            List<Parameters> moeParameters = new ArrayList<>();
            List<MoeLayer> layers = new ArrayList<>();
            for (int experts : options.experts) {
                for (int k = 1; k <= 2; k++) {
                    for (ExpertComputeStrategy strategy : options.strategies) {
                        Config config = new Config(experts, k, strategy);
                        Parameters parameters = new Parameters(root, DataType.FLOAT32);
                        configs.add(config);
                        moeParameters.add(parameters);
                        layers.add(new MoeLayer(layerConfig(options, config), parameters, "moe", random));
                    }
                }
            }
            int n = configs.size();
            int[] capacity = new int[n];
            double[] dropped = new double[n];
            List<List<Timing>> moeTimes = new ArrayList<>();
            List<List<Timing>> denseTimes = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                moeTimes.add(new ArrayList<>());
                denseTimes.add(new ArrayList<>());
            }
            List<NDArray> leaves = List.of(x, upstream);
            Function<NDManager, NDArray> denseLoss =
                    step -> dense.forward(x).mul(upstream).sum();
            for (int round = 0; round < options.warmup + options.rounds; round++) {
                boolean timed = round >= options.warmup;
                for (int j = 0; j < n; j++) {
                    int i = (j + round) % n;
                    if (configs.get(i).strategy == ExpertComputeStrategy.PER_EXPERT
                            && round >= 1
                            && round < options.warmup) {
                        continue; // one warm-up round is enough for the slow strategy
                    }
                    if (configs.get(i).strategy == ExpertComputeStrategy.PER_EXPERT
                            && round >= options.warmup + options.perExpertRounds) {
                        continue; // see perExpertRounds
                    }
                    MoeLayer layer = layers.get(i);
                    int index = i;
                    Function<NDManager, NDArray> moeLoss = step -> {
                        MoeOutput out = layer.forward(x, null, true, null);
                        capacity[index] = out.routings().getFirst().capacity();
                        dropped[index] = out.droppedFraction();
                        return out.output()
                                .mul(upstream)
                                .sum()
                                .add(ScalarOps.mul(out.loadBalancingLoss(), BALANCE_COEFFICIENT));
                    };
                    Timing moe;
                    Timing baseline;
                    if (round % 2 == 0) {
                        baseline = step(denseParameters, leaves, denseLoss);
                        moe = step(moeParameters.get(i), leaves, moeLoss);
                    } else {
                        moe = step(moeParameters.get(i), leaves, moeLoss);
                        baseline = step(denseParameters, leaves, denseLoss);
                    }
                    if (timed) {
                        moeTimes.get(i).add(moe);
                        denseTimes.get(i).add(baseline);
                    }
                }
                System.out.printf(Locale.ROOT, "%s round %d done%n", timed ? "timed" : "warm-up", round + 1);
            }

            System.out.println();
            System.out.println("| E | k | strategy | blocks | C | slots/T | dropped | MoE ms (fwd+bwd) | MoE fwd ms"
                    + " | dense ms | dense fwd ms | page faults MoE / dense | MoE/dense | per-round min–max"
                    + " | min MoE/min dense |");
            System.out.println("|--:|--:|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|--:|");
            double[] moeMedian = new double[n];
            double[] denseMedian = new double[n];
            double[] ratio = new double[n];
            for (int i = 0; i < n; i++) {
                Config config = configs.get(i);
                List<Double> moe = moeTimes.get(i).stream().map(Timing::totalMs).toList();
                List<Double> base =
                        denseTimes.get(i).stream().map(Timing::totalMs).toList();
                List<Double> perRound = new ArrayList<>();
                for (int r = 0; r < moe.size(); r++) {
                    perRound.add(moe.get(r) / base.get(r));
                }
                moeMedian[i] = median(moe);
                denseMedian[i] = median(base);
                ratio[i] = moeMedian[i] / denseMedian[i];
                System.out.printf(
                        Locale.ROOT,
                        "| %d | %d | %s | %d | %d | %.2f | %.1f%% | %s | %s | %s | %s | %s / %s | %s | %s–%s | %s |%n",
                        config.experts,
                        config.topK,
                        config.strategy,
                        layers.get(i).experts().blocks(),
                        capacity[i],
                        (double) config.experts * capacity[i] / options.tokens,
                        100 * dropped[i],
                        ms(moeMedian[i]),
                        ms(median(
                                moeTimes.get(i).stream().map(Timing::forwardMs).toList())),
                        ms(denseMedian[i]),
                        ms(median(denseTimes.get(i).stream()
                                .map(Timing::forwardMs)
                                .toList())),
                        medianFaults(moeTimes.get(i)),
                        medianFaults(denseTimes.get(i)),
                        f(ratio[i]),
                        f(min(perRound)),
                        f(max(perRound)),
                        f(min(moe) / min(base)));
            }

            // best strategy per (E, k), then the worst over E per k
            StringBuilder result = new StringBuilder("RESULT moe-layer");
            StringBuilder extra = new StringBuilder();
            for (int k = 1; k <= 2; k++) {
                double worst = -1;
                int worstIndex = -1;
                for (int experts : options.experts) {
                    int best = -1;
                    for (int i = 0; i < n; i++) {
                        if (configs.get(i).experts == experts
                                && configs.get(i).topK == k
                                && (best < 0 || ratio[i] < ratio[best])) {
                            best = i;
                        }
                    }
                    if (ratio[best] > worst) {
                        worst = ratio[best];
                        worstIndex = best;
                    }
                }
                Config config = configs.get(worstIndex);
                result.append(" moe_over_dense_top").append(k).append('=').append(f(worst));
                extra.append(" top")
                        .append(k)
                        .append("_worst_E=")
                        .append(config.experts)
                        .append(" top")
                        .append(k)
                        .append("_strategy=")
                        .append(config.strategy)
                        .append(" top")
                        .append(k)
                        .append("_moe_ms=")
                        .append(ms(moeMedian[worstIndex]))
                        .append(" top")
                        .append(k)
                        .append("_dense_ms=")
                        .append(ms(denseMedian[worstIndex]));
            }
            System.out.println();
            System.out.println(result.append(extra)
                    .append(" tokens=")
                    .append(options.tokens)
                    .append(" rounds=")
                    .append(options.rounds)
                    .append(" expertsPerTensor=")
                    .append(options.expertsPerTensor == 0 ? "auto" : options.expertsPerTensor)
                    .append(" strategies=")
                    .append(String.join(
                            ",", options.strategies.stream().map(Enum::name).toList()))
                    .append(" malloc=")
                    .append(MallocTuning.apply().applied() ? "tuned" : "untouched")); // main applied it
        }
    }

    // ---------------------------------------------------------------------------------------------
    // the breakdown: each stage of the layer alone, forward and backward timed apart

    static final class Breakdown {
        private static final String[] STAGES = {"gate", "dispatch", "experts", "combine", "layer", "dense"};

        private final NDManager root;
        private final Options options;

        Breakdown(NDManager root, Options options) {
            this.root = root;
            this.options = options;
        }

        void run() {
            Inputs inputs = Inputs.create(root, options);

            System.out.println();
            System.out.println("Medians in ms, forward / backward; 'sum' = gate + dispatch + experts + combine.");
            System.out.println(
                    "| E | k | strategy | C | gate | dispatch | experts | combine | sum | whole layer | dense |");
            System.out.println("|--:|--:|---|--:|---|---|---|---|--:|---|---|");
            for (int experts : options.experts) {
                for (int k = 1; k <= 2; k++) {
                    for (ExpertComputeStrategy strategy : options.strategies) {
                        profile(new Config(experts, k, strategy), inputs);
                    }
                }
            }
        }

        private void profile(Config config, Inputs inputs) {
            SeededRandom random = inputs.random();
            NDArray x = inputs.x();
            NDArray upstream = inputs.upstream();
            MoeLayerConfig layerConfig = layerConfig(options, config);
            try (Parameters parameters = new Parameters(root, DataType.FLOAT32);
                    NDManager scratch = root.newSubManager()) {
                MoeLayer layer = new MoeLayer(layerConfig, parameters, "moe", random);
                StackedExperts experts = layer.experts();
                TopKGate gate = new TopKGate(layerConfig.gate(), parameters.get("moe.router"));
                GateOutput routing = gate.route(x, null, true, null); // no collector: a plain routing
                int capacity = routing.capacity();
                Shape bufferShape = new Shape(config.experts, capacity, options.dim);
                NDArray buffer = gaussian(scratch, random, bufferShape);
                buffer.setRequiresGradient(true);
                NDArray bufferUpstream = gaussian(scratch, random, bufferShape);
                NDArray weights = routing.combineWeights().stopGradient().duplicate(); // a leaf
                weights.attach(scratch);
                weights.setRequiresGradient(true);
                GateOutput leafRouting = new GateOutput(
                        weights,
                        routing.expertIndex(),
                        routing.slotIndex(),
                        routing.capacity(),
                        routing.expertCounts(),
                        routing.firstChoiceCounts(),
                        routing.droppedFraction(),
                        routing.droppedTokenFraction(),
                        routing.loadBalancingLoss(),
                        routing.zLoss(),
                        routing.probabilities());

                Map<String, List<Timing>> times = new LinkedHashMap<>();
                for (String stage : STAGES) {
                    times.put(stage, new ArrayList<>());
                }
                for (int round = 0; round < options.warmup + options.rounds; round++) {
                    Map<String, Timing> one = new LinkedHashMap<>();
                    one.put("gate", step(parameters, List.of(x), step -> {
                        GateOutput out = gate.route(x, null, true, null);
                        return out.combineWeights()
                                .sum()
                                .add(ScalarOps.mul(out.loadBalancingLoss(), BALANCE_COEFFICIENT));
                    }));
                    one.put(
                            "dispatch",
                            step(
                                    parameters,
                                    List.of(x, bufferUpstream),
                                    step -> TokenDispatcher.dispatch(x, routing)
                                            .mul(bufferUpstream)
                                            .sum()));
                    one.put(
                            "experts",
                            step(
                                    parameters,
                                    List.of(buffer, bufferUpstream),
                                    step -> experts.forward(buffer, config.strategy)
                                            .mul(bufferUpstream)
                                            .sum()));
                    one.put(
                            "combine",
                            step(
                                    parameters,
                                    List.of(buffer, weights, upstream),
                                    step -> TokenDispatcher.combine(buffer, leafRouting)
                                            .mul(upstream)
                                            .sum()));
                    one.put("layer", step(parameters, List.of(x, upstream), step -> {
                        MoeOutput out = layer.forward(x, null, true, null);
                        return out.output()
                                .mul(upstream)
                                .sum()
                                .add(ScalarOps.mul(out.loadBalancingLoss(), BALANCE_COEFFICIENT));
                    }));
                    one.put(
                            "dense",
                            step(
                                    inputs.denseParameters(),
                                    List.of(x, upstream),
                                    step -> inputs.dense()
                                            .forward(x)
                                            .mul(upstream)
                                            .sum()));
                    if (round >= options.warmup) {
                        one.forEach((stage, timing) -> times.get(stage).add(timing));
                    }
                }
                Map<String, double[]> medians = new LinkedHashMap<>();
                times.forEach((stage, list) -> medians.put(stage, new double[] {
                    median(list.stream().map(Timing::forwardMs).toList()),
                    median(list.stream().map(Timing::backwardMs).toList())
                }));
                double sum = 0;
                for (String stage : List.of("gate", "dispatch", "experts", "combine")) {
                    sum += medians.get(stage)[0] + medians.get(stage)[1];
                }
                StringBuilder row = new StringBuilder(String.format(
                        Locale.ROOT, "| %d | %d | %s | %d |", config.experts, config.topK, config.strategy, capacity));
                for (String stage : List.of("gate", "dispatch", "experts", "combine")) {
                    row.append(' ')
                            .append(ms(medians.get(stage)[0]))
                            .append(" / ")
                            .append(ms(medians.get(stage)[1]))
                            .append(" |");
                }
                row.append(' ').append(ms(sum)).append(" |");
                for (String stage : List.of("layer", "dense")) {
                    row.append(' ')
                            .append(ms(medians.get(stage)[0]))
                            .append(" / ")
                            .append(ms(medians.get(stage)[1]))
                            .append(" |");
                }
                System.out.println(row);
            }
        }
    }
}
