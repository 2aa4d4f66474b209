package io.moeplatform.core.spec;

import java.util.UUID;

/**
 * What a training job is asked to do: the model, its MoE layers, how it is spread over devices,
 * where optimizer state and idle experts live, the data, the schedule and checkpointing. Fields
 * left out take the defaults of {@link #withDefaults()}; {@link JobSpecValidator} checks the
 * result and names each field at fault.
 *
 * @param name a label for people
 * @param dataset the dataset to train on (an id of the submitting team)
 * @param model the transformer
 * @param moe the Mixture-of-Experts layers
 * @param parallelism expert- and data-parallel degrees
 * @param offload where optimizer state and experts live
 * @param schedule the optimisation schedule
 * @param checkpoint checkpoint interval and retention
 */
public record JobSpec(
        String name,
        UUID dataset,
        Model model,
        Moe moe,
        Parallelism parallelism,
        Offload offload,
        Schedule schedule,
        Checkpoint checkpoint) {

    /**
     * The transformer.
     *
     * @param architecture {@code encoder-decoder} (translation) or {@code decoder-only} (language model)
     * @param dModel width of the residual stream (default 128)
     * @param heads attention heads; must divide dModel (default 4)
     * @param encoderLayers encoder layers (default 2; 0 for decoder-only)
     * @param decoderLayers decoder layers (default 2)
     * @param ffnHidden hidden width of each feed-forward network and expert (default 4 · dModel)
     * @param vocabSize shared subword vocabulary, language tags included (default 8000)
     * @param maxLength longest sequence in tokens (default 128)
     */
    public record Model(
            String architecture,
            Integer dModel,
            Integer heads,
            Integer encoderLayers,
            Integer decoderLayers,
            Integer ffnHidden,
            Integer vocabSize,
            Integer maxLength) {}

    /**
     * The MoE layers (DeepSpeed-MoE, GShard, Switch Transformer).
     *
     * @param experts experts per MoE layer (default 8)
     * @param topK experts per token: 1 is Switch, 2 is GShard (default 1)
     * @param moeEvery an MoE feed-forward layer every this many layers (default 2)
     * @param capacityFactor training capacity factor (default 1.25)
     * @param evalCapacityFactor evaluation capacity factor (default 2.0)
     * @param minCapacity smallest expert capacity in tokens (default 4)
     * @param dropPolicy {@code RANDOM_TOKEN_SELECTION} (default) or {@code POSITION}
     * @param auxLossWeight weight α of the load-balancing loss (default 0.01)
     * @param zLossWeight weight β of the router z-loss (default 0.001)
     */
    public record Moe(
            Integer experts,
            Integer topK,
            Integer moeEvery,
            Double capacityFactor,
            Double evalCapacityFactor,
            Integer minCapacity,
            String dropPolicy,
            Double auxLossWeight,
            Double zLossWeight) {}

    /**
     * How the ranks are arranged.
     *
     * @param expertParallel ranks that split each layer's experts; must divide the experts (default 1)
     * @param dataParallel data-parallel replicas of the dense part (default 1)
     */
    public record Parallelism(Integer expertParallel, Integer dataParallel) {}

    /**
     * Where state lives (ZeRO-Offload style).
     *
     * @param optimizer {@code DEVICE} (default), {@code HOST} or {@code DISK}: where AdamW moments live
     * @param experts {@code DEVICE} (default), {@code HOST} or {@code DISK}: where idle experts live
     */
    public record Offload(OffloadTarget optimizer, OffloadTarget experts) {}

    /** A memory tier. */
    public enum OffloadTarget {
        DEVICE,
        HOST,
        DISK
    }

    /**
     * The optimisation schedule.
     *
     * @param steps optimizer steps (default 1000)
     * @param batchTokens tokens per batch (default 4096)
     * @param learningRate peak learning rate (default 5e-4)
     * @param warmupSteps linear warm-up, then inverse-square-root decay (default 100)
     * @param gradientClip global gradient-norm clip (default 1.0)
     * @param accumulation micro-batches per step (default 1)
     * @param labelSmoothing label smoothing of the cross-entropy (default 0.1)
     * @param seed seed of every random choice (default 42)
     */
    public record Schedule(
            Long steps,
            Integer batchTokens,
            Double learningRate,
            Integer warmupSteps,
            Double gradientClip,
            Integer accumulation,
            Double labelSmoothing,
            Long seed) {}

    /**
     * Checkpoints and their retention.
     *
     * @param intervalSteps a checkpoint every this many steps (default 100)
     * @param keepLast keep the newest N checkpoints (default 3)
     * @param keepBest also keep the best K by validation loss (default 1)
     */
    public record Checkpoint(Integer intervalSteps, Integer keepLast, Integer keepBest) {}

    /** This spec with every field that was left out set to its default. */
    public JobSpec withDefaults() {
        Model m = model == null ? new Model(null, null, null, null, null, null, null, null) : model;
        int dModel = or(m.dModel(), 128);
        String architecture = m.architecture() == null ? "encoder-decoder" : m.architecture();
        Model model = new Model(
                architecture,
                dModel,
                or(m.heads(), 4),
                or(m.encoderLayers(), architecture.equals("decoder-only") ? 0 : 2),
                or(m.decoderLayers(), 2),
                or(m.ffnHidden(), 4 * dModel),
                or(m.vocabSize(), 8000),
                or(m.maxLength(), 128));
        Moe e = moe == null ? new Moe(null, null, null, null, null, null, null, null, null) : moe;
        Moe moe = new Moe(
                or(e.experts(), 8),
                or(e.topK(), 1),
                or(e.moeEvery(), 2),
                or(e.capacityFactor(), 1.25),
                or(e.evalCapacityFactor(), 2.0),
                or(e.minCapacity(), 4),
                e.dropPolicy() == null ? "RANDOM_TOKEN_SELECTION" : e.dropPolicy(),
                or(e.auxLossWeight(), 0.01),
                or(e.zLossWeight(), 0.001));
        Parallelism p = parallelism == null ? new Parallelism(null, null) : parallelism;
        Offload o = offload == null ? new Offload(null, null) : offload;
        Schedule s = schedule == null ? new Schedule(null, null, null, null, null, null, null, null) : schedule;
        Checkpoint c = checkpoint == null ? new Checkpoint(null, null, null) : checkpoint;
        return new JobSpec(
                name,
                dataset,
                model,
                moe,
                new Parallelism(or(p.expertParallel(), 1), or(p.dataParallel(), 1)),
                new Offload(
                        o.optimizer() == null ? OffloadTarget.DEVICE : o.optimizer(),
                        o.experts() == null ? OffloadTarget.DEVICE : o.experts()),
                new Schedule(
                        or(s.steps(), 1000L),
                        or(s.batchTokens(), 4096),
                        or(s.learningRate(), 5e-4),
                        or(s.warmupSteps(), 100),
                        or(s.gradientClip(), 1.0),
                        or(s.accumulation(), 1),
                        or(s.labelSmoothing(), 0.1),
                        or(s.seed(), 42L)),
                new Checkpoint(or(c.intervalSteps(), 100), or(c.keepLast(), 3), or(c.keepBest(), 1)));
    }

    private static <T> T or(T value, T fallback) {
        return value == null ? fallback : value;
    }
}
