package io.moeplatform.core.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * BLEU against sacreBLEU's documented values: its README example and {@code test/test_bleu.py}
 * (sacreBLEU 2.x, commit f615c72).
 */
class BleuTest {

    /** sacreBLEU README: two reference streams. */
    static final List<List<String>> REFS = List.of(
            List.of("The dog bit the man.", "It was not unexpected.", "The man bit him first."),
            List.of("The dog had bit the man.", "No one was surprised.", "The man had bitten the dog."));

    static final List<String> HYPS =
            List.of("The dog bit the man.", "It wasn't surprising.", "The man had just bitten him.");

    @Test
    void readmeExamplePrintsSacreBleuLine() {
        BleuScore s = Bleu.defaults().corpusScore(HYPS, REFS);
        assertThat(s.score()).isCloseTo(48.530827, within(1e-6));
        assertThat(s.format())
                .isEqualTo("BLEU = 48.53 82.4/50.0/45.5/37.5 (BP = 0.943 ratio = 0.944 hyp_len = 17 ref_len = 18)");
        assertThat(Bleu.defaults().signature(REFS))
                .isEqualTo("nrefs:2|case:mixed|eff:no|tok:13a|smooth:exp|version:" + Bleu.SIGNATURE_VERSION);
    }

    @Test
    void readmeVariableReferencesWithEmptyReference() {
        List<List<String>> refs = List.of(List.of("", "It was not unexpected.", "The man bit him first."), REFS.get(1));
        assertThat(Bleu.defaults().corpusScore(HYPS, refs).format())
                .isEqualTo("BLEU = 29.44 82.4/42.9/27.3/12.5 (BP = 0.889 ratio = 0.895 hyp_len = 17 ref_len = 19)");
    }

    @Test
    void nullReferenceMeansFewerReferencesAndVarSignature() {
        List<List<String>> refs =
                List.of(Arrays.asList(null, "It was not unexpected.", "The man bit him first."), REFS.get(1));
        assertThat(Bleu.defaults().signature(refs)).startsWith("nrefs:var|");
        // without the shorter first reference, the closest length of segment 1 becomes 7
        assertThat(Bleu.defaults().corpusScore(HYPS, refs).refLen()).isEqualTo(19);
    }

    @Test
    void emptyHypothesesAreKeptAndScoreZero() {
        BleuScore s = Bleu.defaults().corpusScore(List.of("", "", ""), REFS);
        assertThat(s.score()).isZero();
        assertThat(s.sysLen()).isZero();
        assertThat(s.bp()).isZero();
    }

    @Test
    void optionsReproduceSacreBleuTestCorpusBleu() {
        assertThat(Bleu.builder()
                        .optTokenizer(BleuTokenizer.NONE)
                        .build()
                        .corpusScore(HYPS, REFS)
                        .score())
                .isCloseTo(49.1919566, within(1e-6));
        assertThat(Bleu.builder()
                        .optSmoothing(BleuSmoothing.NONE)
                        .build()
                        .corpusScore(HYPS, REFS)
                        .score())
                .isCloseTo(48.530827, within(1e-6));
    }

    @ParameterizedTest
    @CsvSource({"1,77.65", "2,60.50", "3,53.93", "4,48.53", "5,46.14", "6,43.28"})
    void maxNgramOrder(int order, String expected) {
        BleuScore s = Bleu.builder().optMaxNgramOrder(order).build().corpusScore(HYPS, REFS);
        assertThat(PythonText.fixed(s.score(), 2)).isEqualTo(expected);
    }

    /** sacreBLEU's {@code raw_corpus_bleu}: no tokenization, floor smoothing, effective order. */
    private static BleuScore raw(List<String> hyps, List<List<String>> refs, double floor) {
        return Bleu.builder()
                .optTokenizer(BleuTokenizer.NONE)
                .optSmoothing(BleuSmoothing.FLOOR)
                .optSmoothValue(floor)
                .optEffectiveOrder(true)
                .build()
                .corpusScore(hyps, refs);
    }

    @Test
    void rawCorpusBleuCases() {
        assertThat(raw(List.of("this is a test", "another test"), List.of(List.of("ref1", "ref2")), .01)
                        .score())
                .isZero();
        assertThat(raw(List.of("this is a test"), List.of(List.of("this is a test")), .01)
                        .score())
                .isCloseTo(100.0, within(1e-6));
        assertThat(raw(List.of("this is a fest"), List.of(List.of("this is a test")), .01)
                        .score())
                .isCloseTo(22.3606797749979, within(1e-6));
    }

    @Test
    void effectiveOrderCases() {
        assertThat(raw(List.of("test"), List.of(List.of("a test")), .01).score())
                .isCloseTo(36.78794411714425, within(1e-6));
        assertThat(raw(List.of("a test"), List.of(List.of("a test")), .01).score())
                .isCloseTo(100.0, within(1e-6));
        assertThat(raw(List.of("a little test"), List.of(List.of("a test")), .01)
                        .score())
                .isCloseTo(3.218297948685433, within(1e-6));
    }

    @Test
    void statisticsAndFloorOffset() {
        List<String> hyp = List.of("am I am a character sequence");
        List<List<String>> ref = List.of(List.of("I am a symbol string sequence a a"));
        BleuScore s = raw(hyp, ref, .01);
        assertThat(s.counts()).containsExactly(4, 2, 1, 0);
        assertThat(s.totals()).containsExactly(6, 5, 4, 3);
        assertThat(raw(hyp, ref, 0.0).score()).isZero();
        BleuScore defaultFloor = Bleu.builder()
                .optTokenizer(BleuTokenizer.NONE)
                .optSmoothing(BleuSmoothing.FLOOR)
                .optEffectiveOrder(true)
                .build()
                .corpusScore(hyp, ref);
        assertThat(defaultFloor.score()).isCloseTo(15.55722182, within(1e-6));
    }

    @Test
    void computeBleuFromStatistics() {
        BleuScore s = Bleu.computeBleu(
                new long[] {9, 7, 5, 3}, new long[] {10, 8, 6, 4}, 11, 11, BleuSmoothing.NONE, Double.NaN, false, 4);
        assertThat(s.score()).isCloseTo(83.75922397, within(1e-6));
    }

    @ParameterizedTest
    @CsvSource({
        "0;0;0;0, 4;4;2;1, 0, 1, 0.0",
        "0;0;0;0, 10;11;12;0, 14, 10, 0.0",
        "0;0;0;0, 0;0;0;0, 0, 0, 0.0",
        "6;5;4;0, 6;5;4;3, 6, 6, 0.0",
        "0;0;0;0, 0;0;0;0, 0, 0, 0.1",
        "0;0;0;0, 0;0;0;0, 1, 5, 0.01"
    })
    void degenerateStatisticsScoreZero(String correct, String total, long sys, long ref, double offset) {
        BleuScore s = Bleu.computeBleu(longs(correct), longs(total), sys, ref, BleuSmoothing.FLOOR, offset, false, 4);
        assertThat(s.score()).isZero();
    }

    /**
     * Hand-worked: "the cat sat on the mat" against "the cat is on the mat". Matches 5/6, 3/5, 1/4,
     * 0/3; exp smoothing turns the first zero into 1/(2·3); BP = 1. BLEU = (5/6 · 3/5 · 1/4 ·
     * 1/6)^(1/4) = (1/48)^(1/4).
     */
    @Test
    void handWorkedExample() {
        BleuScore s = Bleu.defaults()
                .corpusScore(List.of("the cat sat on the mat"), List.of(List.of("the cat is on the mat")));
        assertThat(s.counts()).containsExactly(5, 3, 1, 0);
        assertThat(s.totals()).containsExactly(6, 5, 4, 3);
        assertThat(s.precisions()[3]).isCloseTo(100.0 / 6, within(1e-12));
        assertThat(s.bp()).isEqualTo(1.0);
        assertThat(s.score()).isCloseTo(100 * Math.pow(1.0 / 48, 0.25), within(1e-9));
    }

    @Test
    void brevityPenaltyUsesClosestReferenceTiesToShorter() {
        assertThat(Bleu.closestRefLen(5, List.of(4, 6))).isEqualTo(4);
        assertThat(Bleu.closestRefLen(5, List.of(6, 4))).isEqualTo(4);
        assertThat(Bleu.closestRefLen(5, List.of(9, 6, 2))).isEqualTo(6);
        // hypothesis of 3 tokens, references of 4 and 8 tokens: closest is 4, bp = exp(1 - 4/3)
        BleuScore s =
                Bleu.defaults().corpusScore(List.of("a b c"), List.of(List.of("a b c d"), List.of("a b c d e f g h")));
        assertThat(s.refLen()).isEqualTo(4);
        assertThat(s.bp()).isCloseTo(Math.exp(1 - 4.0 / 3), within(1e-12));
    }

    @Test
    void jsonMirrorsSacreBleuKeys() {
        BleuScore s = Bleu.defaults().corpusScore(HYPS, REFS);
        assertThat(s.toJson(2, Bleu.defaults().signature(REFS)))
                .isEqualTo("{\"name\":\"BLEU\",\"score\":48.53,\"signature\":\"nrefs:2|case:mixed|eff:no|tok:13a"
                        + "|smooth:exp|version:moe-0.1.0\",\"verbose_score\":\"82.4/50.0/45.5/37.5 (BP ="
                        + " 0.943 ratio = 0.944 hyp_len = 17 ref_len = 18)\",\"nrefs\":\"2\",\"case\":"
                        + "\"mixed\",\"eff\":\"no\",\"tok\":\"13a\",\"smooth\":\"exp\",\"version\":"
                        + "\"moe-0.1.0\"}");
    }

    @Test
    void referenceStreamOfWrongLengthIsRejectedWithCounts() {
        assertThatThrownBy(() -> Bleu.defaults().corpusScore(HYPS, List.of(List.of("a", "b"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("reference stream 1 has 2 segments but there are 3 hypotheses");
    }

    private static long[] longs(String s) {
        return Arrays.stream(s.split(";")).mapToLong(Long::parseLong).toArray();
    }
}
