package io.moeplatform.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.moeplatform.core.gate.GateConfig;
import io.moeplatform.core.moe.ResidualMode;
import io.moeplatform.core.tensor.GradientCheck;
import io.moeplatform.core.tensor.SeededRandom;
import io.moeplatform.core.train.StepMetrics;
import io.moeplatform.core.train.Trainer;
import io.moeplatform.core.train.TrainerConfig;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

class MoeTransformerTest {

    @AutoClose
    private final NDManager manager = NDManager.newBaseManager();

    /** float64, dropless routing: no token can influence another through capacity. */
    private static TransformerConfig config() {
        return TransformerConfig.builder()
                .setVocabSize(16)
                .optModelDim(12)
                .optHeads(3)
                .optFfnHidden(16)
                .optEncoderLayers(2)
                .optDecoderLayers(2)
                .optMoeEvery(2)
                .optMaxLength(10)
                .optPositionEncoding(PositionEncoding.LEARNED)
                .optResidual(ResidualMode.LEARNED_COEFFICIENT)
                .optGate(GateConfig.builder()
                        .setExperts(3)
                        .optTopK(2)
                        .optDropless(true)
                        .build())
                .optDataType(DataType.FLOAT64)
                .optInitSeed(3)
                .build();
    }

    private static Seq2SeqBatch batch() {
        return Seq2SeqBatch.forTranslation(
                List.of(new int[] {5, 6, 7, 8}, new int[] {9, 10}),
                new int[] {2, 3},
                List.of(new int[] {11, 12, 13}, new int[] {14, 15, 5, 6, 7}),
                0,
                1);
    }

    @Test
    void forwardHasTheDocumentedShapesAndOneRoutingPerMoeLayer() {
        try (MoeTransformer model = new MoeTransformer(config(), manager)) {
            ModelOutput out = model.forward(batch(), true, null);
            assertThat(out.logits().getShape().getShape()).containsExactly(2, 6, 16);
            assertThat(out.moeOutputs()).hasSize(2);
            assertThat(model.moeLayerPrefixes()).containsExactly("encoder.1.moe", "decoder.1.moe");
            // padding is not routed: 4 + 2 source tokens, 4 + 6 target tokens
            assertThat(out.moeOutputs().get(0).routings().getFirst().firstChoiceCounts())
                    .satisfies(counts ->
                            assertThat(java.util.Arrays.stream(counts).sum()).isEqualTo(6));
            assertThat(java.util.Arrays.stream(out.moeOutputs()
                                    .get(1)
                                    .routings()
                                    .getFirst()
                                    .firstChoiceCounts())
                            .sum())
                    .isEqualTo(10);
        }
    }

    @Test
    void decoderIsCausalAndPaddingChangesNothing() {
        try (MoeTransformer model = new MoeTransformer(config(), manager)) {
            Seq2SeqBatch base = batch();
            double[] reference = model.forward(base, false, null).logits().toDoubleArray();

            int[][] changedIn =
                    java.util.Arrays.stream(base.targetIn()).map(int[]::clone).toArray(int[][]::new);
            changedIn[1][5] = 9; // last position of row 1
            double[] changed = model.forward(new Seq2SeqBatch(base.source(), changedIn, base.targetOut()), false, null)
                    .logits()
                    .toDoubleArray();
            int perRow = 6 * 16;
            for (int i = 0; i < perRow + 5 * 16; i++) {
                assertThat(changed[i])
                        .as("logit %d before the changed position", i)
                        .isCloseTo(reference[i], within(1e-12));
            }
            assertThat(java.util.Arrays.copyOfRange(changed, perRow + 5 * 16, 2 * perRow))
                    .isNotEqualTo(java.util.Arrays.copyOfRange(reference, perRow + 5 * 16, 2 * perRow));

            int[][] widerSource = java.util.Arrays.stream(base.source())
                    .map(r -> java.util.Arrays.copyOf(r, 7))
                    .toArray(int[][]::new); // three more padding columns
            double[] padded = model.forward(
                            new Seq2SeqBatch(widerSource, base.targetIn(), base.targetOut()), false, null)
                    .logits()
                    .toDoubleArray();
            assertThat(padded).containsExactly(reference, within(1e-12));
        }
    }

    @Test
    void incrementalDecodingWithTheCacheEqualsFullDecoding() {
        try (MoeTransformer model = new MoeTransformer(config(), manager)) {
            Seq2SeqBatch batch = batch();
            EncoderOutput encoded = model.encode(batch.source(), false, null);
            double[] full = model.decode(encoded, batch.targetIn(), false, null)
                    .logits()
                    .toDoubleArray(); // [2, 6, 16]
            try (DecoderCache cache = model.startDecoding(encoded)) {
                for (int t = 0; t < 6; t++) {
                    int[] column = {batch.targetIn()[0][t], batch.targetIn()[1][t]};
                    double[] step = model.decodeStep(cache, column, null).toDoubleArray(); // [2, 16]
                    for (int b = 0; b < 2; b++) {
                        if (batch.targetIn()[b][t] == 0) {
                            continue; // padding positions of the teacher-forced batch differ by design
                        }
                        double[] expected = java.util.Arrays.copyOfRange(full, (b * 6 + t) * 16, (b * 6 + t + 1) * 16);
                        assertThat(java.util.Arrays.copyOfRange(step, b * 16, (b + 1) * 16))
                                .as("row %d step %d", b, t)
                                .containsExactly(expected, within(1e-10));
                    }
                }
                assertThat(cache.length()).isEqualTo(6);
                assertThat(cache.layers().getFirst().selfKeys().getShape().get(2))
                        .isEqualTo(6);
            }
        }
    }

    @Test
    void totalLossHasFiniteDifferenceGradientsThroughTheWholeModel() {
        try (MoeTransformer model = new MoeTransformer(
                config().toBuilder().optAuxLossWeight(0.5).optZLossWeight(0.1).build(), manager)) {
            Seq2SeqBatch batch = batch();
            for (String name : new String[] {
                "decoder.1.moe.router",
                "encoder.1.moe.experts.w2",
                "embedding.tokens",
                "decoder.0.cross.wk",
                "encoder.1.moe.residual.coefficient.w"
            }) {
                GradientCheck.checkParameter(
                        model.parameters(),
                        name,
                        () -> model.loss(batch, true, null).total(),
                        12,
                        1e-5);
            }
        }
    }

    @Test
    void decoderOnlyLanguageModelLearnsARepeatingPattern() {
        TransformerConfig config = TransformerConfig.builder()
                .setVocabSize(10)
                .optModelDim(16)
                .optHeads(2)
                .optEncoderLayers(0)
                .optDecoderLayers(2)
                .optMoeEvery(1)
                .optMaxLength(16)
                .optLabelSmoothing(0)
                .optGate(GateConfig.builder().setExperts(2).build())
                .build();
        assertThatThrownBy(() ->
                        new DecoderOnlyLm(config.toBuilder().optEncoderLayers(1).build(), manager))
                .hasMessage("encoderLayers (1) must be 0 for a decoder-only model");
        try (DecoderOnlyLm model = new DecoderOnlyLm(config, manager);
                Trainer<LmBatch> trainer = new Trainer<>(
                        model,
                        TrainerConfig.builder()
                                .optPeakLearningRate(1e-2)
                                .optWarmupSteps(10)
                                .build())) {
            SeededRandom random = new SeededRandom(4);
            List<Double> losses = new ArrayList<>();
            for (int step = 0; step < 40; step++) {
                List<int[]> sequences = new ArrayList<>();
                for (int b = 0; b < 8; b++) {
                    int offset = random.nextInt(4);
                    int[] s = new int[10];
                    for (int i = 0; i < s.length; i++) {
                        s[i] = 2 + (offset + i) % 4; // 2 3 4 5 2 3 …
                    }
                    sequences.add(s);
                }
                StepMetrics metrics = trainer.step(List.of(LmBatch.of(sequences, 0)));
                losses.add(metrics.crossEntropy());
            }
            assertThat(losses.getFirst()).isGreaterThan(1.5);
            assertThat(losses.getLast()).isLessThan(0.3);
            NDArray logits = model.forward(new int[][] {{3, 4, 5}}, false, null).logits(); // [1, 3, V]
            assertThat(logits.get("0, 2, :").argMax().getLong()).isEqualTo(2);
        }
    }
}
