package io.moeplatform.core.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.random.RandomGenerator;

/**
 * Temperature-based sampling over language pairs: pair i, with n_i training examples, is drawn
 * with probability
 *
 * <pre>p_i = n_i^(1/T) / Σ_j n_j^(1/T)</pre>
 *
 * T = 1 samples in proportion to the data (high-resource pairs dominate); T → ∞ samples pairs
 * uniformly (low-resource pairs are over-fitted). T = 5 is the balance found by Arivazhagan et
 * al. (2019), "Massively Multilingual Neural Machine Translation in the Wild: Findings and
 * Challenges" (arXiv:1907.05019), and used by mBART and M2M-100; Conneau and Lample (2019, XLM)
 * write the same rule as an exponent α = 1/T.
 *
 * <p>Deterministic under a seed: pairs are kept in sorted order, and all randomness comes from the
 * {@link RandomGenerator} passed in. Immutable and thread-safe.
 */
public final class TemperatureSampler {

    /** The default temperature, after Arivazhagan et al. (2019). */
    public static final double DEFAULT_TEMPERATURE = 5.0;

    private final List<LanguagePair> pairs;
    private final double[] probabilities;
    private final double[] cumulative;

    /**
     * @param sizes examples per language pair; pairs with 0 examples are never drawn
     * @param temperature T ≥ 1 (values below 1 would favour large pairs even more than the data)
     */
    public TemperatureSampler(Map<LanguagePair, Long> sizes, double temperature) {
        if (!(temperature >= 1.0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature (" + temperature + ") must be finite and >= 1");
        }
        SortedMap<LanguagePair, Long> sorted = new TreeMap<>(sizes);
        pairs = new ArrayList<>();
        List<Double> weights = new ArrayList<>();
        sorted.forEach((pair, n) -> {
            if (n < 0) {
                throw new IllegalArgumentException("size of " + pair + " (" + n + ") is negative");
            }
            if (n > 0) {
                pairs.add(pair);
                weights.add(Math.pow(n, 1.0 / temperature));
            }
        });
        if (pairs.isEmpty()) {
            throw new IllegalArgumentException("no language pair has examples: " + sizes);
        }
        double sum = weights.stream().mapToDouble(Double::doubleValue).sum();
        probabilities = new double[pairs.size()];
        cumulative = new double[pairs.size()];
        double acc = 0;
        for (int i = 0; i < probabilities.length; i++) {
            probabilities[i] = weights.get(i) / sum;
            acc += probabilities[i];
            cumulative[i] = acc;
        }
        cumulative[cumulative.length - 1] = 1.0;
    }

    /** A sampler over the pairs of a corpus report with {@link #DEFAULT_TEMPERATURE}. */
    public static TemperatureSampler of(CorpusReport report) {
        Map<LanguagePair, Long> sizes = new LinkedHashMap<>();
        report.stats().forEach((pair, s) -> sizes.put(pair, s.pairs()));
        return new TemperatureSampler(sizes, DEFAULT_TEMPERATURE);
    }

    /** p_i per language pair, in sorted pair order. */
    public Map<LanguagePair, Double> probabilities() {
        Map<LanguagePair, Double> out = new LinkedHashMap<>();
        for (int i = 0; i < pairs.size(); i++) {
            out.put(pairs.get(i), probabilities[i]);
        }
        return Collections.unmodifiableMap(out);
    }

    /** Draws one language pair. */
    public LanguagePair next(RandomGenerator random) {
        double u = random.nextDouble();
        int lo = 0;
        int hi = cumulative.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (u < cumulative[mid]) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return pairs.get(lo);
    }

    /**
     * Examples per pair in an epoch of {@code epochSize} examples: {@code p_i · epochSize}, rounded
     * by largest remainder so the counts sum to {@code epochSize}.
     */
    public Map<LanguagePair, Long> epochCounts(long epochSize) {
        long[] counts = new long[pairs.size()];
        double[] remainder = new double[pairs.size()];
        long assigned = 0;
        for (int i = 0; i < counts.length; i++) {
            double exact = probabilities[i] * epochSize;
            counts[i] = (long) Math.floor(exact);
            remainder[i] = exact - counts[i];
            assigned += counts[i];
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < counts.length; i++) {
            order.add(i);
        }
        order.sort((a, b) ->
                remainder[a] != remainder[b] ? Double.compare(remainder[b], remainder[a]) : Integer.compare(a, b));
        for (int k = 0; assigned < epochSize; k++, assigned++) {
            counts[order.get(k % order.size())]++;
        }
        Map<LanguagePair, Long> out = new LinkedHashMap<>();
        for (int i = 0; i < counts.length; i++) {
            out.put(pairs.get(i), counts[i]);
        }
        return out;
    }

    /**
     * One epoch of examples drawn by temperature: for each pair, {@link #epochCounts} examples taken
     * from seeded shuffles of its data (whole passes first, so a pair up-sampled k times shows every
     * example k or k+1 times; a down-sampled pair shows each example at most once).
     *
     * @param data examples per language pair (keys as in the sizes given to the constructor)
     * @return the examples grouped by pair in sorted pair order; batch them with {@link
     *     TokenBatcher}, which mixes and shuffles
     */
    public <T> List<T> resample(Map<LanguagePair, List<T>> data, long epochSize, long seed) {
        List<T> out = new ArrayList<>();
        Random random = new Random(seed);
        for (Map.Entry<LanguagePair, Long> e : epochCounts(epochSize).entrySet()) {
            List<T> examples = data.get(e.getKey());
            if (examples == null || examples.isEmpty()) {
                throw new IllegalArgumentException("no examples for " + e.getKey());
            }
            long need = e.getValue();
            List<T> pass = new ArrayList<>(examples);
            while (need > 0) {
                Collections.shuffle(pass, random);
                int take = (int) Math.min(need, pass.size());
                out.addAll(pass.subList(0, take));
                need -= take;
            }
        }
        return out;
    }
}
