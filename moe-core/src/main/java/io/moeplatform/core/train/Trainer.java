package io.moeplatform.core.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import io.moeplatform.core.model.ModelLoss;
import io.moeplatform.core.model.SequenceModel;
import io.moeplatform.core.moe.MoeOutput;
import io.moeplatform.core.tensor.MallocTuning;
import io.moeplatform.core.tensor.NoGrad;
import io.moeplatform.core.tensor.ScalarOps;
import io.moeplatform.core.tensor.SeededRandom;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The training step: gradient accumulation over micro-batches, clipping, AdamW and the schedule.
 *
 * <pre>
 *   1. zero gradients
 *   2. for each of n micro-batches: backward(loss_i / n)        (PyTorch accumulates .grad)
 *   3. n = clip(global norm)
 *   4. AdamW update with lr(step)
 * </pre>
 *
 * <p>Every array of a step lives in one sub-manager closed at the end of the step, so nothing
 * leaks across steps. Deterministic under {@link TrainerConfig#seed()} on CPU: the only
 * randomness is the {@link SeededRandom} whose state the checkpoint stores. The clock is
 * injected (it only feeds tokens/s). Creating a trainer applies {@link MallocTuning} once per
 * process, so that the memory one step frees is reused by the next instead of faulted in afresh.
 *
 * @param <B> the batch type of the model
 */
public final class Trainer<B> implements AutoCloseable {

    private final SequenceModel<B> model;
    private final TrainerConfig config;
    private final AdamW optimizer;
    private final LearningRateSchedule schedule;
    private final SeededRandom random;
    private final LongSupplier nanoClock;

    /**
     * Creates a trainer with the system clock.
     *
     * @param model the model
     * @param config the settings
     */
    public Trainer(SequenceModel<B> model, TrainerConfig config) {
        this(model, config, System::nanoTime);
    }

    /**
     * Creates a trainer.
     *
     * @param model the model
     * @param config the settings
     * @param nanoClock a monotonic clock in nanoseconds (for tokens/s only)
     */
    public Trainer(SequenceModel<B> model, TrainerConfig config, LongSupplier nanoClock) {
        this.model = model;
        this.config = config;
        this.optimizer = new AdamW(config, model.parameters());
        this.schedule = new LearningRateSchedule(config.peakLearningRate(), config.warmupSteps());
        this.random = new SeededRandom(config.seed());
        this.nanoClock = nanoClock;
        MallocTuning.apply(); // once per process: keep freed tensor memory for the next step
    }

    /** @return the model */
    public SequenceModel<B> model() {
        return model;
    }

    /** @return the optimiser (state for checkpoints) */
    public AdamW optimizer() {
        return optimizer;
    }

    /** @return the training generator (state for checkpoints) */
    public SeededRandom random() {
        return random;
    }

    /** @return steps completed */
    public long stepCount() {
        return optimizer.stepCount();
    }

    /**
     * Runs one optimiser step over one or more micro-batches.
     *
     * @param microBatches the micro-batches whose gradients are averaged
     * @return the step's metrics
     * @throws NonFiniteLossException if the loss or the gradient norm is NaN or infinite; nothing is
     *     updated then
     */
    public StepMetrics step(List<B> microBatches) {
        if (microBatches.isEmpty()) {
            throw new IllegalArgumentException("microBatches is empty");
        }
        long start = nanoClock.getAsLong();
        int n = microBatches.size();
        double loss = 0;
        double crossEntropy = 0;
        double aux = 0;
        double z = 0;
        double dropped = 0;
        int tokens = 0;
        int[][] load = null;
        double gradNorm;
        double learningRate = schedule.at(optimizer.stepCount() + 1);
        try (NDManager step = model.parameters().manager().newSubManager()) {
            model.parameters().attachTo(step);
            optimizer.attachTo(step);
            model.parameters().releaseGradients(); // no zeroing pass, no accumulation into zeros
            for (B batch : microBatches) {
                try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    ModelLoss result = model.loss(batch, true, random);
                    collector.backward(ScalarOps.div(result.total(), n));
                    loss += scalar(result.total()) / n;
                    crossEntropy += scalar(result.crossEntropy()) / n;
                    aux += scalar(result.loadBalancingLoss()) / n;
                    z += scalar(result.zLoss()) / n;
                    tokens += result.targetTokens();
                    load = addLoad(load, result.moeOutputs());
                    dropped += result.moeOutputs().stream()
                                    .mapToDouble(MoeOutput::droppedFraction)
                                    .average()
                                    .orElse(0)
                            / n;
                }
            }
            // In place on the weights: no graph, whatever this thread's grad mode was (NoGrad).
            try (NoGrad off = NoGrad.enter()) {
                gradNorm = GradientClipping.clipByGlobalNorm(model.parameters(), config.maxGradNorm());
                if (!Double.isFinite(loss) || !Double.isFinite(gradNorm)) {
                    throw new NonFiniteLossException(optimizer.stepCount() + 1, loss, gradNorm);
                }
                optimizer.step(model.parameters(), learningRate);
            }
        }
        double seconds = Math.max(1e-9, (nanoClock.getAsLong() - start) / 1e9);
        return new StepMetrics(
                optimizer.stepCount(),
                learningRate,
                loss,
                crossEntropy,
                aux,
                z,
                gradNorm,
                tokens,
                tokens / seconds,
                dropped,
                load == null ? new int[0][] : load);
    }

    private static double scalar(NDArray array) {
        return array.toType(DataType.FLOAT64, false).getDouble();
    }

    private static int[][] addLoad(int[][] load, List<MoeOutput> outputs) {
        int[][] sum = load != null ? load : new int[outputs.size()][];
        for (int layer = 0; layer < outputs.size(); layer++) {
            int[] counts = outputs.get(layer).expertCounts();
            if (sum[layer] == null) {
                sum[layer] = counts.clone();
            } else {
                for (int e = 0; e < counts.length; e++) {
                    sum[layer][e] += counts[e];
                }
            }
        }
        return sum;
    }

    @Override
    public void close() {
        optimizer.close();
    }
}
