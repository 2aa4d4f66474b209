package io.moeplatform.core.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import io.moeplatform.core.gate.DropPolicy;
import io.moeplatform.core.gate.GateConfig;
import io.moeplatform.core.gate.NoisePolicy;
import io.moeplatform.core.model.MoeTransformer;
import io.moeplatform.core.model.Seq2SeqBatch;
import io.moeplatform.core.model.TransformerConfig;
import io.moeplatform.core.tensor.SeededRandom;
import io.moeplatform.core.train.StepMetrics;
import io.moeplatform.core.train.Trainer;
import io.moeplatform.core.train.TrainerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointTest {

    private static TransformerConfig config(long seed) {
        return TransformerConfig.builder()
                .setVocabSize(20)
                .optModelDim(16)
                .optHeads(2)
                .optFfnHidden(24)
                .optEncoderLayers(2)
                .optDecoderLayers(2)
                .optMoeEvery(1)
                .optMaxLength(12)
                .optGate(GateConfig.builder()
                        .setExperts(4)
                        .optTopK(2)
                        .optTrainCapacityFactor(1.0)
                        .optMinCapacity(1)
                        .optDropPolicy(DropPolicy.RANDOM_TOKEN_SELECTION)
                        .optNoisePolicy(NoisePolicy.GUMBEL)
                        .build())
                .optInitSeed(seed)
                .build();
    }

    private static TrainerConfig trainerConfig() {
        return TrainerConfig.builder()
                .optPeakLearningRate(1e-2)
                .optWarmupSteps(2)
                .optSeed(77)
                .build();
    }

    /** Batches depend only on the step number, so a resumed run sees the same data. */
    private static List<Seq2SeqBatch> microBatches(long step) {
        return microBatches(step, 6);
    }

    /**
     * Big enough batches (32 rows, d = 64 in {@link #resumeIsBitExact}) to pass PyTorch's
     * parallel grain size, where float32 atomic-add backward kernels would break bit-exactness.
     */
    private static List<Seq2SeqBatch> microBatches(long step, int rows) {
        SeededRandom random = new SeededRandom(1000 + step);
        List<Seq2SeqBatch> batches = new ArrayList<>();
        for (int m = 0; m < 2; m++) {
            List<int[]> sources = new ArrayList<>();
            List<int[]> targets = new ArrayList<>();
            int[] tags = new int[rows];
            for (int b = 0; b < rows; b++) {
                int[] s = new int[2 + random.nextInt(6)];
                int[] t = new int[2 + random.nextInt(6)];
                for (int i = 0; i < s.length; i++) {
                    s[i] = 5 + random.nextInt(15);
                }
                for (int i = 0; i < t.length; i++) {
                    t[i] = 5 + random.nextInt(15);
                }
                sources.add(s);
                targets.add(t);
                tags[b] = 2 + random.nextInt(3);
            }
            batches.add(Seq2SeqBatch.forTranslation(sources, tags, targets, 0, 1));
        }
        return batches;
    }

    private static void assertSameParameters(MoeTransformer expected, MoeTransformer actual) {
        assertThat(actual.parameters().all().keySet())
                .containsExactlyElementsOf(expected.parameters().all().keySet());
        expected.parameters()
                .all()
                .forEach((name, array) -> assertThat(
                                actual.parameters().get(name).toFloatArray())
                        .as(name)
                        .containsExactly(array.toFloatArray()));
    }

    @Test
    void weightsRoundTripThroughTheShardedLayout(@TempDir Path dir) throws Exception {
        try (NDManager manager = NDManager.newBaseManager();
                MoeTransformer saved = new MoeTransformer(config(1), manager);
                MoeTransformer loaded = new MoeTransformer(config(2), manager)) {
            Checkpoint.save(dir, saved);
            assertThat(dir.resolve("config.json")).exists();
            assertThat(Files.readString(dir.resolve("config.json"))).contains("\"formatVersion\": 1");
            assertThat(dir.resolve("dense.safetensors")).exists();
            // 4 MoE layers (every layer of 2 + 2) x 4 experts
            for (int layer = 0; layer < 4; layer++) {
                for (int expert = 0; expert < 4; expert++) {
                    assertThat(dir.resolve(Checkpoint.expertFile(layer, expert)))
                            .exists();
                }
            }
            assertThat(SafeTensors.read(dir.resolve(Checkpoint.expertFile(3, 2)))
                            .get("decoder.1.moe.experts.w1")
                            .shape())
                    .containsExactly(16, 24);
            assertThat(loaded.parameters().get("encoder.0.moe.experts.w1").toFloatArray())
                    .isNotEqualTo(
                            saved.parameters().get("encoder.0.moe.experts.w1").toFloatArray());

            CheckpointConfig config = Checkpoint.loadWeights(dir, loaded);
            assertThat(config.moeLayers())
                    .containsExactly("encoder.0.moe", "encoder.1.moe", "decoder.0.moe", "decoder.1.moe");
            assertThat(config.model()).isEqualTo(config(1));
            assertSameParameters(saved, loaded);
        }
    }

    @Test
    void loadingRefusesADifferentShapeDefiningConfigNamingTheFieldAndValues(@TempDir Path dir) {
        try (NDManager manager = NDManager.newBaseManager();
                MoeTransformer saved = new MoeTransformer(config(1), manager);
                MoeTransformer wider =
                        new MoeTransformer(config(1).toBuilder().optModelDim(8).build(), manager);
                MoeTransformer moreExperts = new MoeTransformer(
                        config(1).toBuilder()
                                .optGate(config(1).gate().toBuilder()
                                        .setExperts(6)
                                        .build())
                                .build(),
                        manager)) {
            Checkpoint.save(dir, saved);
            assertThatThrownBy(() -> Checkpoint.loadWeights(dir, wider))
                    .isInstanceOf(IncompatibleCheckpointException.class)
                    .hasMessage("checkpoint modelDim (16) differs from model modelDim (8)");
            assertThatThrownBy(() -> Checkpoint.loadWeights(dir, moreExperts))
                    .hasMessage("checkpoint experts (4) differs from model experts (6)");
        }
    }

    @Test
    void resumeIsBitExact(@TempDir Path dir) {
        int n = 3;
        TransformerConfig wide = config(5).toBuilder()
                .optModelDim(64)
                .optHeads(4)
                .optFfnHidden(64)
                .build();
        try (NDManager manager = NDManager.newBaseManager()) {
            List<StepMetrics> straight = new ArrayList<>();
            MoeTransformer reference = new MoeTransformer(wide, manager);
            Map<String, float[]> referenceFirstMoments = new TreeMap<>();
            Map<String, float[]> referenceSecondMoments = new TreeMap<>();
            try (Trainer<Seq2SeqBatch> trainer = new Trainer<>(reference, trainerConfig())) {
                for (int step = 1; step <= 2 * n; step++) {
                    straight.add(trainer.step(microBatches(step, 32)));
                }
                trainer.optimizer()
                        .firstMoments()
                        .forEach((name, m) -> referenceFirstMoments.put(name, m.toFloatArray()));
                trainer.optimizer()
                        .secondMoments()
                        .forEach((name, v) -> referenceSecondMoments.put(name, v.toFloatArray()));
            }

            try (MoeTransformer first = new MoeTransformer(wide, manager);
                    Trainer<Seq2SeqBatch> trainer = new Trainer<>(first, trainerConfig())) {
                for (int step = 1; step <= n; step++) {
                    trainer.step(microBatches(step, 32));
                }
                Checkpoint.save(dir, trainer);
            }

            // a fresh model from a different seed proves every value comes from the checkpoint
            try (MoeTransformer resumed =
                            new MoeTransformer(wide.toBuilder().optInitSeed(99).build(), manager);
                    Trainer<Seq2SeqBatch> trainer = new Trainer<>(
                            resumed,
                            TrainerConfig.builder()
                                    .optPeakLearningRate(1e-2)
                                    .optWarmupSteps(2)
                                    .optSeed(5)
                                    .build())) {
                CheckpointConfig config = Checkpoint.load(dir, trainer);
                assertThat(config.step()).isEqualTo(n);
                assertThat(trainer.stepCount()).isEqualTo(n);
                for (int step = n + 1; step <= 2 * n; step++) {
                    StepMetrics metrics = trainer.step(microBatches(step, 32));
                    assertThat(metrics.loss())
                            .as("loss of step %d", step)
                            .isEqualTo(straight.get(step - 1).loss());
                    assertThat(metrics.expertLoad())
                            .isDeepEqualTo(straight.get(step - 1).expertLoad());
                }
                assertThat(straight.get(2 * n - 1).droppedFraction())
                        .as("the setting drops tokens")
                        .isPositive();
                assertSameParameters(reference, resumed);
                // the optimizer state came back too: both AdamW moments of every parameter match
                assertThat(referenceSecondMoments).containsKey("decoder.1.moe.router");
                assertThat(trainer.optimizer().firstMoments().keySet())
                        .containsExactlyInAnyOrderElementsOf(referenceFirstMoments.keySet());
                assertThat(trainer.optimizer().secondMoments().keySet())
                        .containsExactlyInAnyOrderElementsOf(referenceSecondMoments.keySet());
                trainer.optimizer()
                        .firstMoments()
                        .forEach((name, m) -> assertThat(m.toFloatArray())
                                .as("first moment of %s", name)
                                .containsExactly(referenceFirstMoments.get(name)));
                trainer.optimizer()
                        .secondMoments()
                        .forEach((name, v) -> assertThat(v.toFloatArray())
                                .as("second moment of %s", name)
                                .containsExactly(referenceSecondMoments.get(name)));
            }
            reference.close();
        }
    }
}
