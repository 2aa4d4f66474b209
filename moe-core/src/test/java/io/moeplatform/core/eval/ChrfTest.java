package io.moeplatform.core.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** chrF against sacreBLEU's README and {@code test/test_chrf.py} (2.x, commit f615c72). */
class ChrfTest {

    private static double corpus(Chrf chrf, String hyp, String ref) {
        return chrf.corpusScore(List.of(hyp), List.of(List.of(ref))).score();
    }

    @Test
    void readmeExample() {
        ChrfScore s = Chrf.defaults().corpusScore(BleuTest.HYPS, BleuTest.REFS);
        assertThat(s.format()).isEqualTo("chrF2 = 59.73");
        assertThat(Chrf.defaults().signature(BleuTest.REFS))
                .isEqualTo("nrefs:2|case:mixed|eff:yes|nc:6|nw:0|space:no|version:moe-0.1.0");
        assertThat(s.toJson(2, "nrefs:2|nc:6"))
                .isEqualTo("{\"name\":\"chrF2\",\"score\":59.73,\"signature\":\"nrefs:2|nc:6\","
                        + "\"nrefs\":\"2\",\"nc\":\"6\"}");
    }

    /** test_chrf.py {@code test_cases}: β = 3, epsilon smoothing. */
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "abcdefg|hijklmnop|0.0",
                "a|b|0.0",
                "''|b|0.0",
                "''|ref|0.0",
                "''|reference|0.0",
                "aa|ab|8.3333",
                "a|a|16.6667",
                "a b c|a b c|50.0",
                "a b c|abc|50.0",
                "' risk assessment must be made of those who are qualified and expertise in the sector -"
                        + " these are the scientists .'|risk assessment has to be undertaken by those who are"
                        + " qualified and expert in that area - that is the scientists .|63.361730",
                "' Die    Beziehung zwischen  Obama und Netanjahu ist nicht gerade  freundlich. '|Das"
                        + " Verhältnis zwischen Obama und Netanyahu ist nicht gerade freundschaftlich.|64.1302698",
                "Niemand hat die Absicht, eine Mauer zu errichten|Niemand hat die Absicht, eine Mauer zu"
                        + " errichten|100.0"
            })
    void epsilonSmoothing(String hyp, String ref, double expected) {
        Chrf chrf = Chrf.builder().optBeta(3).optEpsSmoothing(true).build();
        assertThat(corpus(chrf, hyp, ref)).isCloseTo(expected, within(1e-4));
    }

    @Test
    void epsilonSmoothingTwoSegments() {
        Chrf chrf = Chrf.builder().optBeta(3).optEpsSmoothing(true).build();
        assertThat(chrf.corpusScore(List.of("a", "b"), List.of(List.of("a", "c")))
                        .score())
                .isCloseTo(8.3333, within(1e-4));
    }

    /** test_chrf.py {@code test_cases_effective_order}: β = 3, sacreBLEU's default averaging. */
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {"a|a|100.0", "''|reference|0.0", "a b c|a b c|100.0", "a b c|abc|100.0", "''|c|0.0", "aa|ab|25.0"})
    void effectiveOrder(String hyp, String ref, double expected) {
        assertThat(corpus(Chrf.builder().optBeta(3).build(), hyp, ref)).isCloseTo(expected, within(1e-4));
    }

    @Test
    void effectiveOrderTwoSegments() {
        Chrf chrf = Chrf.builder().optBeta(3).build();
        assertThat(chrf.corpusScore(List.of("a", "b"), List.of(List.of("a", "c")))
                        .score())
                .isCloseTo(50.0, within(1e-4));
    }

    /** test_chrf.py {@code test_cases_keep_whitespace}. */
    @Test
    void keepWhitespace() {
        Chrf chrf = Chrf.builder().optBeta(3).optWhitespace(true).build();
        assertThat(corpus(
                        chrf,
                        "Die Beziehung zwischen Obama und Netanjahu ist nicht gerade freundlich.",
                        "Das Verhältnis zwischen Obama und Netanyahu ist nicht gerade freundschaftlich."))
                .isCloseTo(67.3481606, within(1e-4));
        assertThat(corpus(
                        chrf,
                        "risk assessment must be made of those who are qualified and expertise in the"
                                + " sector - these are the scientists .",
                        "risk assessment has to be undertaken by those who are qualified and expert in that"
                                + " area - that is the scientists ."))
                .isCloseTo(65.2414427, within(1e-4));
    }

    /** test_chrf.py {@code test_sentence_level_chrf}: β = 2, epsilon smoothing. */
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "Co nás nejvíc trápí, protože lékaři si vybírají, kdo bude žít a kdo zemře.|Nejvíce"
                        + " smutní jsme z toho, že musíme rozhodovat o tom, kdo bude žít a kdo zemře.|39.14078509",
                "Nebo prostě nemají vybavení, které by jim pomohlo, uvedli lékaři.|A někdy nemáme ani"
                        + " potřebný materiál, abychom jim pomohli, popsali lékaři.|31.22557079",
                "Lapali po dechu, jejich životy skončily dřív, než skutečně začaly.|Lapali po dechu a pak"
                        + " jejich život skončil - dřív, než skutečně mohl začít, připomněli.|57.15704367"
            })
    void sentenceLevel(String hyp, String ref, double expected) {
        Chrf chrf = Chrf.builder().optEpsSmoothing(true).build();
        assertThat(chrf.sentenceScore(hyp, List.of(ref)).score()).isCloseTo(expected, within(1e-4));
    }

    /**
     * Hand-worked: "ab" against "ac". Order 1: hyp {a,b}, ref {a,c}, 1 match: P = R = 1/2. Order 2:
     * "ab" vs "ac", no match: P = R = 0. Orders 3..6 have no n-grams and are left out of the average.
     * Mean P = R = 1/4, so chrF = 100 · 5 · (1/16) / (4/4 + 1/4) = 25.
     */
    @Test
    void handWorkedExample() {
        assertThat(corpus(Chrf.defaults(), "ab", "ac")).isCloseTo(25.0, within(1e-12));
    }

    @Test
    void bestReferencePerSentenceIsKept() {
        Chrf chrf = Chrf.defaults();
        double good = corpus(chrf, "the cat", "the cat");
        double both = chrf.corpusScore(List.of("the cat"), List.of(List.of("a dog"), List.of("the cat")))
                .score();
        assertThat(good).isCloseTo(100.0, within(1e-9));
        assertThat(both).isEqualTo(good);
    }

    @Test
    void chrfPlusPlusNameAndWordOrders() {
        Chrf chrfPlusPlus = Chrf.builder().optWordOrder(2).build();
        ChrfScore s = chrfPlusPlus.corpusScore(BleuTest.HYPS, BleuTest.REFS);
        assertThat(s.name()).isEqualTo("chrF2++");
        // Word n-grams are counted: the same corpus scores differently from character-only chrF,
        // and a perfect hypothesis still scores 100.
        assertThat(s.score())
                .isNotEqualTo(Chrf.defaults()
                        .corpusScore(BleuTest.HYPS, BleuTest.REFS)
                        .score());
        assertThat(chrfPlusPlus
                        .corpusScore(BleuTest.REFS.getFirst(), List.of(BleuTest.REFS.getFirst()))
                        .score())
                .isEqualTo(100.0);
    }
}
