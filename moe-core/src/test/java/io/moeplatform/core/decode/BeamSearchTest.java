package io.moeplatform.core.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.moeplatform.core.gate.GateConfig;
import io.moeplatform.core.model.EncoderOutput;
import io.moeplatform.core.model.MoeTransformer;
import io.moeplatform.core.model.Seq2SeqBatch;
import io.moeplatform.core.model.TransformerConfig;
import io.moeplatform.core.tensor.SeededRandom;
import io.moeplatform.core.train.SyntheticTranslation;
import io.moeplatform.core.train.Trainer;
import io.moeplatform.core.train.TrainerConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Beam search against plain references: exhaustive search on a tiny model, greedy decoding, and
 * teacher-forced log-probabilities of a model trained on {@link SyntheticTranslation}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BeamSearchTest {

    private static final int PAD = 0;
    private static final int EOS = 1;

    /** Tiny vocabulary 7 (pad, eos, tags 2 and 3, content 4-6), 3 decoder steps, float64, dropless. */
    private static final int TINY_VOCAB = 7;

    private static final int TINY_STEPS = 3;

    private NDManager manager;
    private MoeTransformer trained;
    private SyntheticTranslation task;

    @BeforeAll
    void trainOnTheSyntheticTask() {
        manager = NDManager.newBaseManager();
        task = new SyntheticTranslation(3, 12, 3, 8, 99);
        trained = new MoeTransformer(
                TransformerConfig.builder()
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
                        .build(),
                manager);
        SeededRandom data = new SeededRandom(5);
        long start = System.nanoTime();
        // deliberately short: an imperfect model, so that search quality shows
        try (Trainer<Seq2SeqBatch> trainer = new Trainer<>(
                trained,
                TrainerConfig.builder()
                        .optPeakLearningRate(3e-3)
                        .optWarmupSteps(60)
                        .optWeightDecay(0.01)
                        .build())) {
            for (int step = 1; step <= TRAIN_STEPS; step++) {
                trainer.step(List.of(task.batch(64, data)));
            }
        }
        System.out.printf("trained %d steps in %.1fs%n", TRAIN_STEPS, (System.nanoTime() - start) / 1e9);
    }

    private static final int TRAIN_STEPS = 150;

    @AfterAll
    void close() {
        trained.close();
        manager.close();
    }

    private MoeTransformer tiny(NDManager owner, long seed) {
        return new MoeTransformer(
                TransformerConfig.builder()
                        .setVocabSize(TINY_VOCAB)
                        .optModelDim(8)
                        .optHeads(2)
                        .optFfnHidden(8)
                        .optExpertHidden(8)
                        .optEncoderLayers(1)
                        .optDecoderLayers(1)
                        .optMoeEvery(1)
                        .optMaxLength(TINY_STEPS + 1)
                        .optLabelSmoothing(0.0)
                        .optGate(GateConfig.builder()
                                .setExperts(2)
                                .optTopK(1)
                                .optDropless(true)
                                .build())
                        .optDataType(DataType.FLOAT64)
                        .optInitSeed(seed)
                        .build(),
                owner);
    }

    /**
     * The reference: every output of at most {@link #TINY_STEPS} steps, scored by teacher-forced
     * log-probabilities: {@code y + eos} with |y| < steps, and the |y| = steps outputs that the
     * search truncates. Tokens range over the whole vocabulary except eos and pad, as in the
     * search (which forbids pad: a padding input is masked in teacher-forced decoding).
     */
    private static Hypothesis exhaustiveBest(MoeTransformer model, int[] source, int tag, double alpha) {
        int v = TINY_VOCAB;
        int rows = v * v;
        int[][] sources = new int[rows][];
        int[][] targetIn = new int[rows][];
        for (int a = 0; a < v; a++) {
            for (int b = 0; b < v; b++) {
                sources[a * v + b] = source;
                targetIn[a * v + b] = new int[] {tag, a, b};
            }
        }
        double[] logp; // [V·V, 3, V]
        try (NDManager scope = model.parameters().manager().newSubManager()) {
            model.parameters().attachTo(scope);
            EncoderOutput encoded = model.encode(sources, false, null);
            logp = model.decode(encoded, targetIn, false, null)
                    .logits()
                    .logSoftmax(2)
                    .toDoubleArray();
        }
        List<Hypothesis> all = new ArrayList<>();
        // logP(token at position p | tag, a, b) read from row (a, b)
        java.util.function.IntBinaryOperator row = (a, b) -> a * v + b;
        int any = 2; // row (a, any) holds position 1 for prefix a (causal attention)
        double eos0 = logp[(row.applyAsInt(any, any) * 3) * v + EOS];
        all.add(new Hypothesis(new int[0], eos0, LengthPenalty.score(eos0, 1, alpha), true));
        for (int a = 0; a < v; a++) {
            if (a == EOS || a == PAD) {
                continue;
            }
            double pa = logp[(row.applyAsInt(a, any) * 3) * v + a];
            double ya = pa + logp[(row.applyAsInt(a, any) * 3 + 1) * v + EOS];
            all.add(new Hypothesis(new int[] {a}, ya, LengthPenalty.score(ya, 2, alpha), true));
            for (int b = 0; b < v; b++) {
                if (b == EOS || b == PAD) {
                    continue;
                }
                double pab = pa + logp[(row.applyAsInt(a, b) * 3 + 1) * v + b];
                double yab = pab + logp[(row.applyAsInt(a, b) * 3 + 2) * v + EOS];
                all.add(new Hypothesis(new int[] {a, b}, yab, LengthPenalty.score(yab, 3, alpha), true));
                for (int c = 0; c < v; c++) {
                    if (c != EOS && c != PAD) {
                        double pabc = pab + logp[(row.applyAsInt(a, b) * 3 + 2) * v + c];
                        all.add(new Hypothesis(new int[] {a, b, c}, pabc, LengthPenalty.score(pabc, 3, alpha), false));
                    }
                }
            }
        }
        Hypothesis best = all.getFirst();
        for (Hypothesis h : all) {
            best = h.score() > best.score() ? h : best;
        }
        return best;
    }

    @Test
    void aBeamOfVocabSquaredFindsTheExhaustiveBestAndGreedyOftenDoesNot() {
        int[][] sources = {{4, 5, 6, EOS}, {6, 6, EOS, PAD}, {5, EOS, PAD, PAD}};
        int[] tags = {2, 3, 2};
        int greedyMisses = 0;
        int cases = 0;
        try (NDManager owner = NDManager.newBaseManager()) {
            for (long seed : new long[] {1, 2, 3}) {
                try (MoeTransformer model = tiny(owner, seed)) {
                    int[][] greedy = model.greedyDecode(sources, tags, TINY_STEPS, EOS);
                    for (double alpha : new double[] {0.0, 0.6, 1.0, 3.0}) {
                        List<Hypothesis> found = new BeamSearch(
                                        model,
                                        BeamSearchConfig.builder()
                                                .optBeamSize(TINY_VOCAB * TINY_VOCAB)
                                                .optLengthPenalty(alpha)
                                                .build())
                                .decode(sources, tags, EOS);
                        for (int b = 0; b < sources.length; b++) {
                            Hypothesis best = exhaustiveBest(model, sources[b], tags[b], alpha);
                            System.out.printf(
                                    "seed %d alpha %.1f row %d: best %s beam %s greedy %s%n",
                                    seed, alpha, b, best, found.get(b), Arrays.toString(greedy[b]));
                            assertThat(found.get(b).tokens())
                                    .as("seed %d alpha %s row %d", seed, alpha, b)
                                    .containsExactly(best.tokens());
                            assertThat(found.get(b).endedWithEos()).isEqualTo(best.endedWithEos());
                            assertThat(found.get(b).score()).isCloseTo(best.score(), within(1e-9));
                            assertThat(found.get(b).logProbability()).isCloseTo(best.logProbability(), within(1e-9));
                            cases++;
                            greedyMisses += Arrays.equals(greedy[b], best.tokens()) ? 0 : 1;
                        }
                    }
                }
            }
        }
        System.out.printf("greedy missed the best in %d of %d cases%n", greedyMisses, cases);
        assertThat(greedyMisses)
                .as("cases where the exhaustive best is not greedy's")
                .isPositive();
    }

    @Test
    void oneBeamEqualsGreedyOnTinyAndTrainedModels() {
        int[][] sources = {{4, 5, 6, EOS}, {6, 6, EOS, PAD}, {5, EOS, PAD, PAD}, {4, 4, 4, 4}};
        int[] tags = {2, 3, 2, 3};
        BeamSearchConfig one = BeamSearchConfig.builder().optBeamSize(1).build();
        try (NDManager owner = NDManager.newBaseManager()) {
            for (long seed = 1; seed <= 5; seed++) {
                try (MoeTransformer model = tiny(owner, seed)) {
                    int[][] greedy = model.greedyDecode(sources, tags, TINY_STEPS, EOS);
                    List<Hypothesis> beam = new BeamSearch(model, one).decode(sources, tags, EOS);
                    for (int b = 0; b < sources.length; b++) {
                        assertThat(beam.get(b).tokens())
                                .as("seed %d row %d", seed, b)
                                .containsExactly(greedy[b]);
                    }
                }
            }
        }
        Probe probe = probe(40);
        int[][] greedy = trained.greedyDecode(probe.sources, probe.tags, 15, EOS);
        List<Hypothesis> beam = new BeamSearch(trained, one).decode(probe.sources, probe.tags, EOS);
        for (int b = 0; b < probe.sources.length; b++) {
            assertThat(beam.get(b).tokens()).as("trained row %d", b).containsExactly(greedy[b]);
        }
    }

    @Test
    void onTheTrainedModelFourBeamsMatchAndScoreAtLeastAsWellAsGreedy() {
        Probe probe = probe(60);
        int[][] greedy = trained.greedyDecode(probe.sources, probe.tags, 15, EOS);
        List<Hypothesis> beam =
                new BeamSearch(trained, BeamSearchConfig.builder().build()).decode(probe.sources, probe.tags, EOS);
        int[][] beamTokens = beam.stream().map(Hypothesis::tokens).toArray(int[][]::new);
        double[] greedyLogP = teacherForcedLogP(probe, greedy);
        double[] beamLogP = teacherForcedLogP(probe, beamTokens);
        int greedyExact = 0;
        int beamExact = 0;
        for (int b = 0; b < probe.sources.length; b++) {
            greedyExact += Arrays.equals(greedy[b], probe.references[b]) ? 1 : 0;
            beamExact += Arrays.equals(beamTokens[b], probe.references[b]) ? 1 : 0;
            assertThat(beam.get(b).endedWithEos()).as("row %d ended", b).isTrue();
            assertThat(beam.get(b).logProbability())
                    .as("row %d: the search's log P is the model's", b)
                    .isCloseTo(beamLogP[b], within(1e-3));
        }
        double greedyMean = Arrays.stream(greedyLogP).average().orElseThrow();
        double beamMean = Arrays.stream(beamLogP).average().orElseThrow();
        System.out.printf(
                "exact match greedy %d, beam %d of %d; mean log P greedy %.4f, beam %.4f%n",
                greedyExact, beamExact, probe.sources.length, greedyMean, beamMean);
        assertThat(beamExact).as("beam exact matches").isGreaterThanOrEqualTo(greedyExact);
        assertThat(beamMean).as("beam mean log P").isGreaterThanOrEqualTo(greedyMean);
    }

    @Test
    void decodingSentencesOneAtATimeGivesTheSameOutputsAsTogether() {
        Probe probe = probe(10);
        BeamSearch search = new BeamSearch(
                trained, BeamSearchConfig.builder().optBeamSize(3).build());
        List<Hypothesis> together = search.decode(probe.sources, probe.tags, EOS);
        for (int b = 0; b < probe.sources.length; b++) {
            int[] unpadded =
                    Arrays.stream(probe.sources[b]).filter(t -> t != PAD).toArray();
            Hypothesis alone = search.decode(new int[][] {unpadded}, new int[] {probe.tags[b]}, EOS)
                    .getFirst();
            assertThat(alone.tokens())
                    .as("row %d", b)
                    .containsExactly(together.get(b).tokens());
            assertThat(alone.score()).as("row %d", b).isCloseTo(together.get(b).score(), within(1e-4));
        }
    }

    @Test
    void leavesNoArraysInTheModelsManager() {
        Probe probe = probe(8);
        BeamSearch search = new BeamSearch(trained, BeamSearchConfig.builder().build());
        search.decode(probe.sources, probe.tags, EOS); // warm-up: lazily created arrays, if any
        int before = trained.parameters().manager().getManagedArrays().size();
        assertThat(before).as("the parameters are counted").isPositive();
        search.decode(probe.sources, probe.tags, EOS);
        assertThat(trained.parameters().manager().getManagedArrays()).hasSize(before);
    }

    @Test
    void configRejectsValuesOutOfRangeNamingTheField() {
        assertThat(BeamSearchConfig.builder().build()).isEqualTo(new BeamSearchConfig(4, 1.0, Integer.MAX_VALUE));
        assertThatThrownBy(() -> BeamSearchConfig.builder().optBeamSize(0).build())
                .hasMessage("beamSize (0) must be at least 1");
        assertThatThrownBy(
                        () -> BeamSearchConfig.builder().optLengthPenalty(-0.5).build())
                .hasMessage("lengthPenalty (-0.5) must be finite and >= 0");
        assertThatThrownBy(() ->
                        BeamSearchConfig.builder().optLengthPenalty(Double.NaN).build())
                .hasMessageStartingWith("lengthPenalty (NaN)");
        assertThatThrownBy(() -> BeamSearchConfig.builder().optMaxLength(0).build())
                .hasMessage("maxLength (0) must be at least 1");
    }

    /** Held-out sources (padded), target tags cycling over the languages, and the true outputs. */
    private record Probe(int[][] sources, int[] tags, int[][] references) {}

    private Probe probe(int rows) {
        Seq2SeqBatch batch = task.batch(rows, new SeededRandom(-2));
        int[] tags = new int[rows];
        int[][] references = new int[rows][];
        for (int b = 0; b < rows; b++) {
            tags[b] = task.tag(b % task.languages);
            int[] unpadded =
                    Arrays.stream(batch.source()[b]).filter(t -> t != PAD).toArray();
            references[b] = task.translate(unpadded, b % task.languages);
        }
        return new Probe(batch.source(), tags, references);
    }

    /** The trained model's teacher-forced log P(y + eos | x) of each output. */
    private double[] teacherForcedLogP(Probe probe, int[][] outputs) {
        List<int[]> sources = Arrays.stream(probe.sources)
                .map(s -> Arrays.stream(s).filter(t -> t != PAD).toArray())
                .toList();
        Seq2SeqBatch batch = Seq2SeqBatch.forTranslation(sources, probe.tags, Arrays.asList(outputs), PAD, EOS);
        int length = batch.targetOut()[0].length;
        int vocab = trained.config().vocabSize();
        double[] logp;
        try (NDManager scope = trained.parameters().manager().newSubManager()) {
            trained.parameters().attachTo(scope);
            NDArray logits = trained.forward(batch, false, new SeededRandom(0)).logits(); // [B, Lt, V]
            logp = logits.logSoftmax(2).toType(DataType.FLOAT64, false).toDoubleArray();
        }
        double[] sums = new double[outputs.length];
        for (int b = 0; b < outputs.length; b++) {
            for (int l = 0; l < length; l++) {
                int target = batch.targetOut()[b][l];
                if (target != PAD) {
                    sums[b] += logp[(b * length + l) * vocab + target];
                }
            }
        }
        return sums;
    }
}
