package io.moeplatform.core.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Checks a job spec (after {@link JobSpec#withDefaults()}) before anything is stored: every
 * violation names its field and the numbers, in the style of DeepSpeed's assertions ({@code
 * experts (6) not divisible by expert-parallel size (4)}).
 */
public final class JobSpecValidator {

    /** Training runs translate; the engine's decoder-only LM has no data pipeline or job type yet. */
    private static final Set<String> ARCHITECTURES = Set.of("encoder-decoder");

    private static final Set<String> DROP_POLICIES = Set.of("RANDOM_TOKEN_SELECTION", "POSITION");

    private JobSpecValidator() {}

    /** Every violation of the spec; empty when it is valid. */
    public static List<SpecViolation> validate(JobSpec spec) {
        List<SpecViolation> out = new ArrayList<>();
        if (spec.name() == null || spec.name().isBlank()) {
            out.add(new SpecViolation("name", "must not be blank"));
        } else if (spec.name().length() > 200) {
            out.add(new SpecViolation(
                    "name", "longer than 200 characters (" + spec.name().length() + ")"));
        }
        if (spec.dataset() == null) {
            out.add(new SpecViolation("dataset", "must name a dataset id"));
        }
        JobSpec.Model m = spec.model();
        if (!ARCHITECTURES.contains(m.architecture())) {
            out.add(new SpecViolation(
                    "model.architecture", "must be one of " + ARCHITECTURES + ", was " + m.architecture()));
        }
        positive(out, "model.dModel", m.dModel());
        positive(out, "model.heads", m.heads());
        positive(out, "model.decoderLayers", m.decoderLayers());
        positive(out, "model.ffnHidden", m.ffnHidden());
        atLeast(out, "model.vocabSize", m.vocabSize(), 8);
        atLeast(out, "model.maxLength", m.maxLength(), 2);
        atLeast(out, "model.encoderLayers", m.encoderLayers(), 0);
        if (m.dModel() > 0 && m.heads() > 0 && m.dModel() % m.heads() != 0) {
            out.add(new SpecViolation(
                    "model.heads", "dModel (" + m.dModel() + ") not divisible by heads (" + m.heads() + ")"));
        }
        if ("encoder-decoder".equals(m.architecture()) && m.encoderLayers() < 1) {
            out.add(new SpecViolation(
                    "model.encoderLayers",
                    "an encoder-decoder needs at least 1 encoder layer, was " + m.encoderLayers()));
        }

        JobSpec.Moe e = spec.moe();
        positive(out, "moe.experts", e.experts());
        positive(out, "moe.topK", e.topK());
        positive(out, "moe.moeEvery", e.moeEvery());
        atLeast(out, "moe.minCapacity", e.minCapacity(), 0);
        if (e.topK() > e.experts()) {
            out.add(new SpecViolation("moe.topK", "topK (" + e.topK() + ") > experts (" + e.experts() + ")"));
        }
        if (e.capacityFactor() <= 0) {
            out.add(new SpecViolation("moe.capacityFactor", "must be > 0, was " + e.capacityFactor()));
        }
        if (e.evalCapacityFactor() <= 0) {
            out.add(new SpecViolation("moe.evalCapacityFactor", "must be > 0, was " + e.evalCapacityFactor()));
        }
        if (!DROP_POLICIES.contains(e.dropPolicy())) {
            out.add(new SpecViolation("moe.dropPolicy", "must be one of " + DROP_POLICIES + ", was " + e.dropPolicy()));
        }
        if (e.auxLossWeight() < 0) {
            out.add(new SpecViolation("moe.auxLossWeight", "must be >= 0, was " + e.auxLossWeight()));
        }
        if (e.zLossWeight() < 0) {
            out.add(new SpecViolation("moe.zLossWeight", "must be >= 0, was " + e.zLossWeight()));
        }

        JobSpec.Parallelism p = spec.parallelism();
        positive(out, "parallelism.expertParallel", p.expertParallel());
        positive(out, "parallelism.dataParallel", p.dataParallel());
        if (p.expertParallel() > 0 && e.experts() > 0 && e.experts() % p.expertParallel() != 0) {
            out.add(new SpecViolation(
                    "parallelism.expertParallel",
                    "experts (" + e.experts() + ") not divisible by expert-parallel size (" + p.expertParallel()
                            + ")"));
        }

        JobSpec.Schedule s = spec.schedule();
        if (s.steps() < 1) {
            out.add(new SpecViolation("schedule.steps", "must be >= 1, was " + s.steps()));
        }
        positive(out, "schedule.batchTokens", s.batchTokens());
        atLeast(out, "schedule.warmupSteps", s.warmupSteps(), 0);
        positive(out, "schedule.accumulation", s.accumulation());
        if (!(s.learningRate() > 0 && s.learningRate() < 1)) {
            out.add(new SpecViolation("schedule.learningRate", "must be in (0, 1), was " + s.learningRate()));
        }
        if (s.gradientClip() <= 0) {
            out.add(new SpecViolation("schedule.gradientClip", "must be > 0, was " + s.gradientClip()));
        }
        if (s.labelSmoothing() < 0 || s.labelSmoothing() >= 1) {
            out.add(new SpecViolation("schedule.labelSmoothing", "must be in [0, 1), was " + s.labelSmoothing()));
        }
        if (s.batchTokens() > 0 && m.maxLength() > 0 && s.batchTokens() < m.maxLength()) {
            out.add(new SpecViolation(
                    "schedule.batchTokens",
                    "batchTokens (" + s.batchTokens() + ") < model.maxLength (" + m.maxLength()
                            + "): a long sentence would fit no batch"));
        }

        JobSpec.Checkpoint c = spec.checkpoint();
        positive(out, "checkpoint.intervalSteps", c.intervalSteps());
        positive(out, "checkpoint.keepLast", c.keepLast());
        atLeast(out, "checkpoint.keepBest", c.keepBest(), 0);
        return out;
    }

    private static void positive(List<SpecViolation> out, String field, Integer value) {
        atLeast(out, field, value, 1);
    }

    private static void atLeast(List<SpecViolation> out, String field, Integer value, int min) {
        if (value < min) {
            out.add(new SpecViolation(field, "must be >= " + min + ", was " + value));
        }
    }
}
