package io.moeplatform.core.spec;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import io.moeplatform.core.model.MoeTransformer;
import io.moeplatform.core.model.TransformerConfig;
import io.moeplatform.core.run.TranslationTraining;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Job spec defaults, validation messages, and the memory planner against a real model. */
class JobSpecTest {

    static JobSpec spec(JobSpec.Model model, JobSpec.Moe moe, JobSpec.Parallelism parallelism) {
        return new JobSpec("t", UUID.randomUUID(), model, moe, parallelism, null, null, null).withDefaults();
    }

    static JobSpec.Moe moe(Integer experts, Integer topK, Double capacityFactor) {
        return new JobSpec.Moe(experts, topK, null, capacityFactor, null, null, null, null, null);
    }

    @Test
    void defaultsAreValid() {
        assertThat(JobSpecValidator.validate(spec(null, null, null))).isEmpty();
    }

    @Test
    void violationsNameTheFieldAndTheNumbers() {
        assertThat(JobSpecValidator.validate(spec(null, moe(6, null, null), new JobSpec.Parallelism(4, null))))
                .containsExactly(new SpecViolation(
                        "parallelism.expertParallel", "experts (6) not divisible by expert-parallel size (4)"));
        assertThat(JobSpecValidator.validate(spec(null, moe(2, 3, null), null)))
                .containsExactly(new SpecViolation("moe.topK", "topK (3) > experts (2)"));
        assertThat(JobSpecValidator.validate(spec(null, moe(null, null, 0.0), null)))
                .containsExactly(new SpecViolation("moe.capacityFactor", "must be > 0, was 0.0"));
        JobSpec.Model heads = new JobSpec.Model(null, 100, 3, null, null, null, null, null);
        assertThat(JobSpecValidator.validate(spec(heads, null, null)))
                .extracting(SpecViolation::field)
                .containsExactly("model.heads");
    }

    @Test
    void thePlannersParameterCountMatchesTheEngine() {
        for (JobSpec.Moe moe : List.of(moe(4, 1, null), moe(8, 2, null))) {
            JobSpec spec = spec(new JobSpec.Model(null, 32, 2, 2, 2, 64, 500, 16), moe, null);
            TransformerConfig config = TranslationTraining.Settings.of(spec).model();
            try (NDManager manager = NDManager.newBaseManager();
                    MoeTransformer model = new MoeTransformer(config, manager)) {
                long actual = model.parameters().count();
                long planned = MemoryPlanner.plan(spec).parameters();
                // The planner leaves out position tables and a few biases: within 5 %.
                assertThat((double) planned).isCloseTo(actual, org.assertj.core.data.Percentage.withPercentage(5));
            }
        }
    }

    @Test
    void offloadingMovesOptimizerStateOffTheDevice() {
        JobSpec onDevice = spec(null, null, null);
        JobSpec offloaded = new JobSpec(
                        "t",
                        UUID.randomUUID(),
                        null,
                        null,
                        null,
                        new JobSpec.Offload(JobSpec.OffloadTarget.HOST, JobSpec.OffloadTarget.HOST),
                        null,
                        null)
                .withDefaults();
        MemoryPlan a = MemoryPlanner.plan(onDevice);
        MemoryPlan b = MemoryPlanner.plan(offloaded);
        assertThat(b.parameters()).isEqualTo(a.parameters());
        assertThat(b.deviceBytes()).isLessThan(a.deviceBytes());
        assertThat(b.hostBytes()).isGreaterThan(a.hostBytes());
    }
}
