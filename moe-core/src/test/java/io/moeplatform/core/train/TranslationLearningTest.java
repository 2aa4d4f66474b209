package io.moeplatform.core.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.moeplatform.core.gate.GateConfig;
import io.moeplatform.core.model.MoeTransformer;
import io.moeplatform.core.model.Seq2SeqBatch;
import io.moeplatform.core.model.TransformerConfig;
import io.moeplatform.core.tensor.SeededRandom;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A small MoE transformer learns a synthetic 3-language translation task. */
class TranslationLearningTest {

    static TransformerConfig config(SyntheticTranslation task) {
        return TransformerConfig.builder()
                .setVocabSize(task.vocabSize())
                .optModelDim(64)
                .optHeads(4)
                .optFfnHidden(128)
                .optExpertHidden(128)
                .optEncoderLayers(2)
                .optDecoderLayers(2)
                .optMoeEvery(2)
                .optMaxLength(16)
                .optLabelSmoothing(0.0)
                .optGate(GateConfig.builder()
                        .setExperts(4)
                        .optTopK(2)
                        .optTrainCapacityFactor(1.5)
                        .optEvalCapacityFactor(2.0)
                        .build())
                .optInitSeed(7)
                .build();
    }

    /** Teacher-forced token accuracy on non-padding targets. */
    static double tokenAccuracy(MoeTransformer model, Seq2SeqBatch batch) {
        try (NDManager scope = model.parameters().manager().newSubManager()) {
            model.parameters().attachTo(scope);
            NDArray predicted = model.forward(batch, false, new SeededRandom(0))
                    .logits()
                    .argMax(2)
                    .toType(DataType.INT32, false); // [B, Lt]
            int[] flat = predicted.toIntArray();
            int length = batch.targetOut()[0].length;
            int correct = 0;
            int total = 0;
            for (int b = 0; b < batch.targetOut().length; b++) {
                for (int l = 0; l < length; l++) {
                    int target = batch.targetOut()[b][l];
                    if (target != SyntheticTranslation.PAD) {
                        total++;
                        correct += flat[b * length + l] == target ? 1 : 0;
                    }
                }
            }
            return (double) correct / total;
        }
    }

    @Test
    void learnsReversalWithLanguageDependentPermutationsToNinetyNinePercent() {
        SyntheticTranslation task = new SyntheticTranslation(3, 12, 3, 8, 99);
        Seq2SeqBatch heldOut = task.batch(256, new SeededRandom(-1));
        SeededRandom data = new SeededRandom(5);
        try (NDManager manager = NDManager.newBaseManager();
                MoeTransformer model = new MoeTransformer(config(task), manager);
                Trainer<Seq2SeqBatch> trainer = new Trainer<>(
                        model,
                        TrainerConfig.builder()
                                .optPeakLearningRate(3e-3)
                                .optWarmupSteps(60)
                                .optWeightDecay(0.01)
                                .build())) {
            double accuracy = 0;
            long start = System.nanoTime();
            StepMetrics last = null;
            for (int step = 1; step <= 1500 && accuracy < 0.99; step++) {
                last = trainer.step(List.of(task.batch(64, data)));
                if (step % 50 == 0) {
                    accuracy = tokenAccuracy(model, heldOut);
                    System.out.printf(
                            "step %d loss %.4f aux %.4f z %.4f drop %.3f acc %.4f %.1fs%n",
                            step,
                            last.loss(),
                            last.auxLoss(),
                            last.zLoss(),
                            last.droppedFraction(),
                            accuracy,
                            (System.nanoTime() - start) / 1e9);
                }
            }
            assertThat(accuracy).isGreaterThanOrEqualTo(0.99);
            assertThat(last.expertLoad()).hasNumberOfRows(2);

            // free-running greedy decoding of held-out sources into each language
            SeededRandom sample = new SeededRandom(-2);
            int rows = 60;
            int[][] sources = new int[rows][];
            int[] tags = new int[rows];
            int exact = 0;
            Seq2SeqBatch probe = task.batch(rows, sample);
            for (int b = 0; b < rows; b++) {
                sources[b] = probe.source()[b];
                tags[b] = task.tag(b % task.languages);
            }
            int[][] decoded = model.greedyDecode(sources, tags, 12, SyntheticTranslation.EOS);
            for (int b = 0; b < rows; b++) {
                int[] unpadded = java.util.Arrays.stream(sources[b])
                        .filter(t -> t != SyntheticTranslation.PAD)
                        .toArray();
                exact += java.util.Arrays.equals(decoded[b], task.translate(unpadded, b % task.languages)) ? 1 : 0;
            }
            System.out.printf("greedy exact match %d / %d%n", exact, rows);
            assertThat(exact).as("greedy exact matches").isGreaterThanOrEqualTo(rows * 8 / 10);
        }
    }
}
