package io.moeplatform.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TemperatureSamplerTest {

    static final LanguagePair DE = new LanguagePair("en", "de");
    static final LanguagePair FR = new LanguagePair("en", "fr");
    static final LanguagePair SW = new LanguagePair("en", "sw");
    static final LanguagePair YO = new LanguagePair("en", "yo");

    static final Map<LanguagePair, Long> SIZES = Map.of(DE, 1_000_000L, FR, 100_000L, SW, 10_000L, YO, 100L);

    /** p_i = n_i^(1/T) / Σ n_j^(1/T), written out. */
    private static double expected(LanguagePair p, double t) {
        double sum = 0;
        for (long n : SIZES.values()) {
            sum += Math.pow(n, 1 / t);
        }
        return Math.pow(SIZES.get(p), 1 / t) / sum;
    }

    @Test
    void probabilitiesFollowTheFormula() {
        for (double t : new double[] {1, 2, 5, 100}) {
            Map<LanguagePair, Double> p = new TemperatureSampler(SIZES, t).probabilities();
            for (LanguagePair pair : SIZES.keySet()) {
                assertThat(p.get(pair)).as("T=%s %s", t, pair).isCloseTo(expected(pair, t), within(1e-12));
            }
        }
        // T = 1 is proportional; T = 5 lifts the 100-example pair from 0.009% to over 6%
        assertThat(new TemperatureSampler(SIZES, 1).probabilities().get(YO))
                .isCloseTo(100.0 / 1_110_100, within(1e-12));
        assertThat(new TemperatureSampler(SIZES, 5).probabilities().get(YO)).isGreaterThan(0.06);
    }

    /** Pearson's χ² of observed counts against probabilities. */
    private static double chiSquare(Map<LanguagePair, Integer> observed, Map<LanguagePair, Double> p, int n) {
        double chi = 0;
        for (Map.Entry<LanguagePair, Double> e : p.entrySet()) {
            double exp = e.getValue() * n;
            double d = observed.getOrDefault(e.getKey(), 0) - exp;
            chi += d * d / exp;
        }
        return chi;
    }

    @Test
    void drawsMatchTheDistributionByChiSquare() {
        TemperatureSampler s = new TemperatureSampler(SIZES, 5);
        SplittableRandom random = new SplittableRandom(20261126L);
        int n = 200_000;
        Map<LanguagePair, Integer> counts = new HashMap<>();
        for (int i = 0; i < n; i++) {
            counts.merge(s.next(random), 1, Integer::sum);
        }
        // 3 degrees of freedom: the 0.1% critical value is 16.27
        assertThat(chiSquare(counts, s.probabilities(), n)).isLessThan(16.27);
        // the same draws are far from the proportional (T = 1) distribution: the test can fail
        assertThat(chiSquare(counts, new TemperatureSampler(SIZES, 1).probabilities(), n))
                .isGreaterThan(1000);
    }

    @Test
    void deterministicUnderASeed() {
        TemperatureSampler s = new TemperatureSampler(SIZES, 5);
        List<LanguagePair> a = draws(s, 7);
        assertThat(draws(s, 7)).isEqualTo(a);
        assertThat(draws(s, 8)).isNotEqualTo(a);
        // insertion order of the sizes does not matter
        Map<LanguagePair, Long> reversed = new LinkedHashMap<>();
        reversed.put(YO, 100L);
        reversed.put(SW, 10_000L);
        reversed.put(FR, 100_000L);
        reversed.put(DE, 1_000_000L);
        assertThat(draws(new TemperatureSampler(reversed, 5), 7)).isEqualTo(a);
    }

    private static List<LanguagePair> draws(TemperatureSampler s, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        return IntStream.range(0, 100).mapToObj(i -> s.next(r)).toList();
    }

    @Test
    void epochCountsSumAndResampleRepeatsSmallPairsEvenly() {
        TemperatureSampler s = new TemperatureSampler(Map.of(DE, 1000L, YO, 10L), 5);
        Map<LanguagePair, Long> counts = s.epochCounts(1000);
        assertThat(counts.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(1000);
        // p(yo) = 10^0.2 / (1000^0.2 + 10^0.2) = 0.2847
        assertThat(counts.get(YO)).isEqualTo(285);

        Map<LanguagePair, List<String>> data = new HashMap<>();
        data.put(DE, IntStream.range(0, 1000).mapToObj(i -> "de" + i).toList());
        data.put(YO, IntStream.range(0, 10).mapToObj(i -> "yo" + i).toList());
        List<String> epoch = s.resample(data, 1000, 3);
        assertThat(epoch).hasSize(1000);
        Map<String, Integer> seen = new HashMap<>();
        epoch.forEach(x -> seen.merge(x, 1, Integer::sum));
        // 285 yo draws over 10 examples: every example 28 or 29 times
        for (int i = 0; i < 10; i++) {
            assertThat(seen.get("yo" + i)).isBetween(28, 29);
        }
        // 715 de draws from 1000 examples: none twice
        assertThat(seen.entrySet())
                .filteredOn(e -> e.getKey().startsWith("de"))
                .hasSize(715)
                .allMatch(e -> e.getValue() == 1);
        assertThat(s.resample(data, 1000, 3)).isEqualTo(epoch);
    }

    @Test
    void invalidArgumentsNameTheValue() {
        assertThatThrownBy(() -> new TemperatureSampler(SIZES, 0.5))
                .hasMessage("temperature (0.5) must be finite and >= 1");
        assertThatThrownBy(() -> new TemperatureSampler(Map.of(DE, 0L), 5))
                .hasMessageContaining("no language pair has examples");
    }
}
