package io.moeplatform.core.eval;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The character n-gram F-score chrF (Popović, 2015) and chrF++ (Popović, 2017), as sacreBLEU 2.x
 * computes them.
 *
 * <p>Defaults are sacreBLEU's {@code CHRF()}: character orders 1..6, no word n-grams, β = 2,
 * case-sensitive, whitespace removed before extracting character n-grams, no epsilon smoothing.
 *
 * <p>Per segment and order n, the statistics are hypothesis n-grams, reference n-grams and
 * matches {@code Σ min(hyp, ref)}. With several references, the reference giving the best
 * segment-level F-score is kept (the first on a tie). Statistics are summed over the corpus, then
 * precision {@code P_n} and recall {@code R_n} are averaged over the orders where both the
 * hypothesis and the reference have n-grams (sacreBLEU's "effective order"), and
 *
 * <pre>chrF = 100 · (1 + β²) · P · R / (β² · P + R)</pre>
 *
 * <p>With {@code optEpsSmoothing(true)} (chrF++.py, NLTK, Moses), the F-score is computed per
 * order with {@code ε = 1e-16} standing in for undefined ratios and averaged over all orders.
 * Immutable and thread-safe. Characters are Unicode code points, as in Python.
 */
public final class Chrf {

    private static final double EPS = 1e-16;
    private static final String PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

    private final int charOrder;
    private final int wordOrder;
    private final int beta;
    private final boolean lowercase;
    private final boolean whitespace;
    private final boolean epsSmoothing;

    private Chrf(Builder b) {
        this.charOrder = b.charOrder;
        this.wordOrder = b.wordOrder;
        this.beta = b.beta;
        this.lowercase = b.lowercase;
        this.whitespace = b.whitespace;
        this.epsSmoothing = b.epsSmoothing;
    }

    /** sacreBLEU's default chrF. */
    public static Chrf defaults() {
        return builder().build();
    }

    /** A builder starting from sacreBLEU's defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Corpus chrF; references in sacreBLEU's layout as in {@link Bleu#corpusScore}.
     *
     * @throws IllegalArgumentException when a stream's length differs from the hypotheses'
     */
    public ChrfScore corpusScore(List<String> hypotheses, List<List<String>> references) {
        Bleu.checkShapes(hypotheses, references);
        int orders = charOrder + wordOrder;
        long[] sum = new long[3 * orders];
        for (int i = 0; i < hypotheses.size(); i++) {
            List<Map<String, Integer>> hyp = extract(preprocess(hypotheses.get(i)));
            long[] best = new long[0];
            double bestF = -1.0;
            for (List<String> stream : references) {
                String ref = stream.get(i);
                if (ref == null) {
                    continue;
                }
                List<Map<String, Integer>> refNgrams = extract(preprocess(ref));
                long[] stats = new long[3 * orders];
                for (int n = 0; n < orders; n++) {
                    matchStatistics(hyp.get(n), refNgrams.get(n), stats, 3 * n);
                }
                double f = fScore(stats);
                if (f > bestF) {
                    bestF = f;
                    best = stats;
                }
            }
            for (int k = 0; k < best.length; k++) {
                sum[k] += best[k];
            }
        }
        return new ChrfScore(fScore(sum), charOrder, wordOrder, beta);
    }

    /** chrF of one segment against its references. */
    public ChrfScore sentenceScore(String hypothesis, List<String> references) {
        List<List<String>> streams = new ArrayList<>();
        for (String r : references) {
            List<String> one = new ArrayList<>(1);
            one.add(r);
            streams.add(one);
        }
        return corpusScore(List.of(hypothesis), streams);
    }

    /**
     * sacreBLEU's signature, e.g. {@code nrefs:1|case:mixed|eff:yes|nc:6|nw:0|space:no|version:…}.
     */
    public String signature(List<List<String>> references) {
        return "nrefs:"
                + Bleu.referenceCount(references)
                + "|case:"
                + (lowercase ? "lc" : "mixed")
                + "|eff:"
                + (epsSmoothing ? "no" : "yes")
                + "|nc:"
                + charOrder
                + "|nw:"
                + wordOrder
                + "|space:"
                + (whitespace ? "yes" : "no")
                + "|version:"
                + Bleu.SIGNATURE_VERSION;
    }

    private String preprocess(String s) {
        return lowercase ? s.toLowerCase(Locale.ROOT) : s;
    }

    /** Character n-gram counters of orders 1..charOrder, then word n-grams 1..wordOrder. */
    private List<Map<String, Integer>> extract(String line) {
        List<Map<String, Integer>> out = new ArrayList<>();
        String text = whitespace ? line : PythonText.removeSpaces(line);
        int[] cps = text.codePoints().toArray();
        for (int n = 1; n <= charOrder; n++) {
            Map<String, Integer> counts = new HashMap<>();
            for (int i = 0; i + n <= cps.length; i++) {
                counts.merge(new String(cps, i, n), 1, Integer::sum);
            }
            out.add(counts);
        }
        if (wordOrder > 0) {
            List<String> words = separatePunctuation(line);
            for (int n = 1; n <= wordOrder; n++) {
                Map<String, Integer> counts = new HashMap<>();
                for (int i = 0; i + n <= words.size(); i++) {
                    counts.merge(String.join(" ", words.subList(i, i + n)), 1, Integer::sum);
                }
                out.add(counts);
            }
        }
        return out;
    }

    /**
     * chrF++ word splitting (after Popović's chrF++.py): a word longer than one character loses one
     * trailing, or else one leading, ASCII punctuation mark to a token of its own.
     */
    private static List<String> separatePunctuation(String sentence) {
        List<String> out = new ArrayList<>();
        for (String w : PythonText.split(sentence)) {
            int len = w.codePointCount(0, w.length());
            if (len == 1) {
                out.add(w);
                continue;
            }
            int last = w.codePointBefore(w.length());
            int first = w.codePointAt(0);
            if (last < 128 && PUNCTUATION.indexOf(last) >= 0) {
                out.add(w.substring(0, w.length() - 1));
                out.add(w.substring(w.length() - 1));
            } else if (first < 128 && PUNCTUATION.indexOf(first) >= 0) {
                out.add(w.substring(0, 1));
                out.add(w.substring(1));
            } else {
                out.add(w);
            }
        }
        return out;
    }

    private static void matchStatistics(Map<String, Integer> hyp, Map<String, Integer> ref, long[] stats, int at) {
        long match = 0;
        long hypCount = 0;
        for (Map.Entry<String, Integer> e : hyp.entrySet()) {
            hypCount += e.getValue();
            Integer r = ref.get(e.getKey());
            if (r != null) {
                match += Math.min(e.getValue(), r);
            }
        }
        long refCount = 0;
        for (int c : ref.values()) {
            refCount += c;
        }
        // sacreBLEU counts no hypothesis n-grams when the reference has none of that order.
        stats[at] = ref.isEmpty() ? 0 : hypCount;
        stats[at + 1] = refCount;
        stats[at + 2] = match;
    }

    /** The F-score in [0, 100] of summed {@code [hyp, ref, match]} triplets. */
    private double fScore(long[] stats) {
        int orders = charOrder + wordOrder;
        double factor = (double) beta * beta;
        double score = 0.0;
        double avgPrec = 0.0;
        double avgRec = 0.0;
        int effective = 0;
        for (int i = 0; i < orders; i++) {
            long nHyp = stats[3 * i];
            long nRef = stats[3 * i + 1];
            long nMatch = stats[3 * i + 2];
            double prec = nHyp > 0 ? (double) nMatch / nHyp : EPS;
            double rec = nRef > 0 ? (double) nMatch / nRef : EPS;
            double denom = factor * prec + rec;
            score += denom > 0 ? (1 + factor) * prec * rec / denom : EPS;
            if (nHyp > 0 && nRef > 0) {
                avgPrec += prec;
                avgRec += rec;
                effective++;
            }
        }
        if (epsSmoothing) {
            return 100 * score / orders;
        }
        if (effective == 0) {
            avgPrec = 0.0;
            avgRec = 0.0;
        } else {
            avgPrec /= effective;
            avgRec /= effective;
        }
        if (avgPrec + avgRec != 0) {
            return 100 * (1 + factor) * avgPrec * avgRec / (factor * avgPrec + avgRec);
        }
        return 0.0;
    }

    /**
     * Options of {@link Chrf}; every default is sacreBLEU's.
     *
     * <ul>
     *   <li>{@code optCharOrder} (6), {@code optWordOrder} (0; 2 gives chrF++), {@code optBeta} (2).
     *   <li>{@code optLowercase} (false), {@code optWhitespace} (false: spaces are removed before
     *       extracting character n-grams).
     *   <li>{@code optEpsSmoothing} (false): per-order F with ε instead of effective-order averaging.
     * </ul>
     */
    public static final class Builder {
        private int charOrder = 6;
        private int wordOrder = 0;
        private int beta = 2;
        private boolean lowercase;
        private boolean whitespace;
        private boolean epsSmoothing;

        private Builder() {}

        public Builder optCharOrder(int charOrder) {
            this.charOrder = charOrder;
            return this;
        }

        public Builder optWordOrder(int wordOrder) {
            this.wordOrder = wordOrder;
            return this;
        }

        public Builder optBeta(int beta) {
            this.beta = beta;
            return this;
        }

        public Builder optLowercase(boolean lowercase) {
            this.lowercase = lowercase;
            return this;
        }

        public Builder optWhitespace(boolean whitespace) {
            this.whitespace = whitespace;
            return this;
        }

        public Builder optEpsSmoothing(boolean epsSmoothing) {
            this.epsSmoothing = epsSmoothing;
            return this;
        }

        /** Validates and builds. */
        public Chrf build() {
            if (charOrder < 1) {
                throw new IllegalArgumentException("charOrder (" + charOrder + ") must be >= 1");
            }
            if (wordOrder < 0) {
                throw new IllegalArgumentException("wordOrder (" + wordOrder + ") must be >= 0");
            }
            if (beta < 1) {
                throw new IllegalArgumentException("beta (" + beta + ") must be >= 1");
            }
            return new Chrf(this);
        }
    }
}
