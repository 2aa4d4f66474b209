package io.moeplatform.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.moeplatform.core.gate.GateConfig;
import io.moeplatform.core.model.MoeTransformer;
import io.moeplatform.core.model.Seq2SeqBatch;
import io.moeplatform.core.model.TransformerConfig;
import io.moeplatform.core.tensor.SeededRandom;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrainerTest {

    private static TransformerConfig config() {
        return TransformerConfig.builder()
                .setVocabSize(12)
                .optModelDim(8)
                .optHeads(2)
                .optFfnHidden(12)
                .optEncoderLayers(1)
                .optDecoderLayers(2)
                .optMoeEvery(2)
                .optMaxLength(10)
                .optGate(GateConfig.builder()
                        .setExperts(2)
                        .optTopK(1)
                        .optDropless(true)
                        .build())
                .optDataType(DataType.FLOAT64)
                .build();
    }

    @Test
    void accumulatingTwoCopiesOfAMicroBatchEqualsOneStepOnIt() {
        SyntheticTranslation task = new SyntheticTranslation(2, 8, 2, 5, 3);
        List<Seq2SeqBatch> batches = List.of(task.batch(4, new SeededRandom(1)), task.batch(4, new SeededRandom(2)));
        try (NDManager manager = NDManager.newBaseManager();
                MoeTransformer single = new MoeTransformer(config(), manager);
                MoeTransformer doubled = new MoeTransformer(config(), manager);
                Trainer<Seq2SeqBatch> a =
                        new Trainer<>(single, TrainerConfig.builder().build());
                Trainer<Seq2SeqBatch> b =
                        new Trainer<>(doubled, TrainerConfig.builder().build())) {
            for (Seq2SeqBatch batch : batches) {
                StepMetrics one = a.step(List.of(batch));
                StepMetrics two = b.step(List.of(batch, batch));
                assertThat(two.loss()).isCloseTo(one.loss(), within(1e-12));
                assertThat(two.gradNorm()).isCloseTo(one.gradNorm(), within(1e-10));
                assertThat(two.tokens()).isEqualTo(2 * one.tokens());
                assertThat(two.expertLoad()[0][0] + two.expertLoad()[0][1])
                        .isEqualTo(2 * (one.expertLoad()[0][0] + one.expertLoad()[0][1]));
            }
            single.parameters()
                    .all()
                    .forEach((name, array) -> assertThat(
                                    doubled.parameters().get(name).toDoubleArray())
                            .as(name)
                            .containsExactly(array.toDoubleArray(), within(1e-10)));
        }
    }

    /**
     * libtorch's grad mode is per thread and on by default in a new thread, while DJL's engine turns
     * it off in the thread that starts it. A worker runs each job in a thread of its own, so the
     * second job of a process trained on a thread where nobody had turned it off, and the in-place
     * update of the weights failed ("a leaf Variable that requires grad is being used in an
     * in-place operation").
     */
    @Test
    void stepsOnAThreadThatDidNotStartTheEngine() throws Exception {
        SyntheticTranslation task = new SyntheticTranslation(2, 8, 2, 5, 3);
        Seq2SeqBatch batch = task.batch(4, new SeededRandom(1));
        try (NDManager manager = NDManager.newBaseManager();
                MoeTransformer here = new MoeTransformer(config(), manager);
                MoeTransformer there = new MoeTransformer(config(), manager);
                Trainer<Seq2SeqBatch> a =
                        new Trainer<>(here, TrainerConfig.builder().build());
                Trainer<Seq2SeqBatch> b =
                        new Trainer<>(there, TrainerConfig.builder().build())) {
            StepMetrics expected = a.step(List.of(batch));
            StepMetrics[] actual = new StepMetrics[1];
            Throwable[] failure = new Throwable[1];
            Thread thread = new Thread(() -> {
                try {
                    actual[0] = b.step(List.of(batch));
                } catch (Throwable t) {
                    failure[0] = t;
                }
            });
            thread.start();
            thread.join();
            assertThat(failure[0]).as("step on a new thread").isNull();
            assertThat(actual[0].loss()).isEqualTo(expected.loss());
            here.parameters()
                    .all()
                    .forEach((name, array) -> assertThat(
                                    there.parameters().get(name).toDoubleArray())
                            .as(name)
                            .containsExactly(array.toDoubleArray()));
        }
    }

    @Test
    void aNonFiniteLossStopsTheStepWithoutUpdatingAnything() {
        SyntheticTranslation task = new SyntheticTranslation(2, 8, 2, 5, 3);
        try (NDManager manager = NDManager.newBaseManager();
                MoeTransformer model = new MoeTransformer(config(), manager);
                Trainer<Seq2SeqBatch> trainer =
                        new Trainer<>(model, TrainerConfig.builder().build())) {
            trainer.step(List.of(task.batch(4, new SeededRandom(1))));
            double[] poisoned = model.parameters().get("decoder.norm.gain").toDoubleArray();
            poisoned[0] = Double.NaN;
            model.parameters().assign("decoder.norm.gain", poisoned);
            double[] before = model.parameters().get("embedding.tokens").toDoubleArray();
            double[] firstMoment =
                    trainer.optimizer().firstMoments().get("embedding.tokens").toDoubleArray();

            assertThatThrownBy(() -> trainer.step(List.of(task.batch(4, new SeededRandom(2)))))
                    .isInstanceOf(NonFiniteLossException.class)
                    .hasMessageStartingWith("step 2: loss NaN, gradient norm NaN; the parameters were not updated");
            assertThat(trainer.stepCount()).isEqualTo(1);
            assertThat(model.parameters().get("embedding.tokens").toDoubleArray())
                    .containsExactly(before);
            assertThat(trainer.optimizer()
                            .firstMoments()
                            .get("embedding.tokens")
                            .toDoubleArray())
                    .containsExactly(firstMoment);
        }
    }

    @Test
    void metricsUseTheInjectedClockAndTheSchedule() {
        SyntheticTranslation task = new SyntheticTranslation(2, 8, 2, 5, 3);
        long[] now = {0};
        try (NDManager manager = NDManager.newBaseManager();
                MoeTransformer model = new MoeTransformer(config(), manager);
                Trainer<Seq2SeqBatch> trainer = new Trainer<>(
                        model,
                        TrainerConfig.builder()
                                .optPeakLearningRate(1e-3)
                                .optWarmupSteps(4)
                                .build(),
                        () -> (now[0] += 500_000_000L))) {
            StepMetrics metrics = trainer.step(List.of(task.batch(4, new SeededRandom(1))));
            assertThat(metrics.step()).isEqualTo(1);
            assertThat(metrics.learningRate()).isCloseTo(2.5e-4, within(1e-15));
            assertThat(metrics.tokensPerSecond()).isCloseTo(metrics.tokens() / 0.5, within(1e-9));
            assertThat(metrics.expertLoad()).hasNumberOfRows(1); // decoder.1 only
            assertThat(metrics.droppedFraction()).isZero();
            assertThat(metrics.loss()).isGreaterThan(metrics.crossEntropy());
        }
    }

    @Test
    void stepsAndDecodingFreeEveryIntermediateArray() {
        SyntheticTranslation task = new SyntheticTranslation(2, 8, 2, 5, 3);
        try (NDManager manager = NDManager.newBaseManager();
                MoeTransformer model = new MoeTransformer(config(), manager);
                Trainer<Seq2SeqBatch> trainer =
                        new Trainer<>(model, TrainerConfig.builder().build())) {
            trainer.step(List.of(task.batch(4, new SeededRandom(1))));
            int afterFirstStep = manager.getManagedArrays().size();
            for (int step = 0; step < 3; step++) {
                trainer.step(List.of(task.batch(4, new SeededRandom(2 + step)), task.batch(3, new SeededRandom(9))));
            }
            model.greedyDecode(new int[][] {{5, 6, 7}, {8, 9, 0}}, new int[] {2, 3}, 6, SyntheticTranslation.EOS);
            assertThat(manager.getManagedArrays()).hasSize(afterFirstStep);
            // parameters and the two AdamW moments per parameter; gradients live inside the parameters
            assertThat(afterFirstStep).isEqualTo(3 * model.parameters().all().size());
        }
    }
}
