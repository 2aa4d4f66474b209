package io.moeplatform.core.eval;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Corpus BLEU as sacreBLEU 2.x computes it (Papineni et al., 2002; Post, 2018).
 *
 * <p>Defaults are sacreBLEU's: tokenizer {@code 13a}, case-sensitive, maximum order N = 4,
 * smoothing {@code exp}, no effective order. For each segment:
 *
 * <ol>
 *   <li>hypothesis and references are right-stripped, optionally lower-cased and tokenized;
 *   <li>n-grams of orders 1..N are counted; the reference count of an n-gram is its maximum over
 *       the references; matches are {@code min(hypCount, refCount)};
 *   <li>the segment's reference length is the one closest to the hypothesis length, ties going to
 *       the shorter reference.
 * </ol>
 *
 * Counts and lengths are summed over the corpus, then {@code p_n = 100 · matches_n / total_n} and
 * {@code BLEU = bp · exp(Σ log p_n / N)}, {@code bp = min(1, exp(1 - refLen / sysLen))}. A corpus
 * with no match at all scores 0.
 *
 * <p>References are given in sacreBLEU's layout: a list of reference <em>streams</em>, each
 * aligned with the hypotheses; a {@code null} entry means that segment has one reference fewer.
 * Instances are immutable and thread-safe.
 */
public final class Bleu {

    /** The value of {@code log 0} in sacreBLEU ({@code my_log}). */
    private static final double LOG_ZERO = -9999999999.0;

    /** What this implementation writes as {@code version} in signatures. */
    public static final String SIGNATURE_VERSION = "moe-0.1.0";

    private final boolean lowercase;
    private final BleuTokenizer tokenizer;
    private final BleuSmoothing smoothing;
    private final double smoothValue;
    private final int maxNgramOrder;
    private final boolean effectiveOrder;

    private Bleu(Builder b) {
        this.lowercase = b.lowercase;
        this.tokenizer = b.tokenizer;
        this.smoothing = b.smoothing;
        this.smoothValue = Double.isNaN(b.smoothValue) ? b.smoothing.defaultValue() : b.smoothValue;
        this.maxNgramOrder = b.maxNgramOrder;
        this.effectiveOrder = b.effectiveOrder;
    }

    /** sacreBLEU's default BLEU. */
    public static Bleu defaults() {
        return builder().build();
    }

    /** A builder starting from sacreBLEU's defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Corpus BLEU.
     *
     * @param hypotheses one segment per entry: {@code [segments]}
     * @param references reference streams, each {@code [segments]}; {@code null} entries are absent
     *     references
     * @throws IllegalArgumentException when a stream's length differs from the hypotheses'
     */
    public BleuScore corpusScore(List<String> hypotheses, List<List<String>> references) {
        checkShapes(hypotheses, references);
        long[] correct = new long[maxNgramOrder];
        long[] total = new long[maxNgramOrder];
        long sysLen = 0;
        long refLen = 0;
        for (int i = 0; i < hypotheses.size(); i++) {
            List<String> refs = new ArrayList<>();
            for (List<String> stream : references) {
                if (stream.get(i) != null) {
                    refs.add(stream.get(i));
                }
            }
            long[] stats = segmentStatistics(hypotheses.get(i), refs);
            sysLen += stats[0];
            refLen += stats[1];
            for (int n = 0; n < maxNgramOrder; n++) {
                correct[n] += stats[2 + n];
                total[n] += stats[2 + maxNgramOrder + n];
            }
        }
        return computeBleu(correct, total, sysLen, refLen, smoothing, smoothValue, effectiveOrder, maxNgramOrder);
    }

    /** BLEU of one segment against its references (consider {@code optEffectiveOrder(true)}). */
    public BleuScore sentenceScore(String hypothesis, List<String> references) {
        List<List<String>> streams = new ArrayList<>();
        for (String r : references) {
            List<String> one = new ArrayList<>(1);
            one.add(r);
            streams.add(one);
        }
        return corpusScore(List.of(hypothesis), streams);
    }

    /**
     * sacreBLEU's reproducibility signature, e.g. {@code
     * nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:moe-0.1.0}.
     */
    public String signature(List<List<String>> references) {
        String smooth = smoothing.signatureName();
        if (smoothing.takesValue()) {
            smooth += "[" + PythonText.fixed(smoothValue, 2) + "]";
        }
        return "nrefs:"
                + referenceCount(references)
                + "|case:"
                + (lowercase ? "lc" : "mixed")
                + "|eff:"
                + (effectiveOrder ? "yes" : "no")
                + "|tok:"
                + tokenizer.signatureName()
                + "|smooth:"
                + smooth
                + "|version:"
                + SIGNATURE_VERSION;
    }

    /**
     * BLEU from summed statistics, as sacreBLEU's {@code BLEU.compute_bleu}.
     *
     * @param correct matched n-grams per order, {@code [maxOrder]}
     * @param total hypothesis n-grams per order, {@code [maxOrder]}
     */
    public static BleuScore computeBleu(
            long[] correct,
            long[] total,
            long sysLen,
            long refLen,
            BleuSmoothing smoothing,
            double smoothValue,
            boolean effectiveOrder,
            int maxOrder) {
        if (Double.isNaN(smoothValue)) {
            smoothValue = smoothing.defaultValue();
        }
        double bp = 1.0;
        if (sysLen < refLen) {
            bp = sysLen > 0 ? Math.exp(1.0 - (double) refLen / sysLen) : 0.0;
        }
        double ratio = refLen != 0 ? (double) sysLen / refLen : 0.0;
        double[] precisions = new double[maxOrder];
        boolean anyMatch = false;
        for (long c : correct) {
            anyMatch |= c != 0;
        }
        if (!anyMatch) {
            return new BleuScore(0.0, correct, total, precisions, bp, ratio, sysLen, refLen);
        }
        double smoothMteval = 1.0;
        int effOrder = maxOrder;
        for (int n = 1; n <= maxOrder; n++) {
            double c = correct[n - 1];
            double t = total[n - 1];
            if (smoothing == BleuSmoothing.ADD_K && n > 1) {
                c += smoothValue;
                t += smoothValue;
            }
            if (t == 0) {
                break;
            }
            if (effectiveOrder) {
                effOrder = n;
            }
            if (c == 0) {
                if (smoothing == BleuSmoothing.EXP) {
                    smoothMteval *= 2;
                    precisions[n - 1] = 100.0 / (smoothMteval * t);
                } else if (smoothing == BleuSmoothing.FLOOR) {
                    precisions[n - 1] = 100.0 * smoothValue / t;
                }
            } else {
                precisions[n - 1] = 100.0 * c / t;
            }
        }
        double sumLog = 0.0;
        for (int n = 0; n < effOrder; n++) {
            sumLog += precisions[n] == 0.0 ? LOG_ZERO : Math.log(precisions[n]);
        }
        double score = bp * Math.exp(sumLog / effOrder);
        return new BleuScore(score, correct, total, precisions, bp, ratio, sysLen, refLen);
    }

    /** {@code [hypLen, refLen, correct[N]..., total[N]...]} for one segment. */
    private long[] segmentStatistics(String hypothesis, List<String> references) {
        Map<String, Integer> refNgrams = new HashMap<>();
        List<Integer> refLens = new ArrayList<>();
        for (String ref : references) {
            List<String> tokens = PythonText.split(preprocess(ref));
            refLens.add(tokens.size());
            ngrams(tokens).forEach((g, c) -> refNgrams.merge(g, c, Math::max));
        }
        List<String> hypTokens = PythonText.split(preprocess(hypothesis));
        int hypLen = hypTokens.size();
        long[] stats = new long[2 + 2 * maxNgramOrder];
        stats[0] = hypLen;
        stats[1] = closestRefLen(hypLen, refLens);
        ngrams(hypTokens).forEach((g, c) -> {
            int order = spaces(g); // n-gram order minus one
            stats[2 + maxNgramOrder + order] += c;
            Integer r = refNgrams.get(g);
            if (r != null) {
                stats[2 + order] += Math.min(c, r);
            }
        });
        return stats;
    }

    private String preprocess(String segment) {
        String s = lowercase ? segment.toLowerCase(Locale.ROOT) : segment;
        return tokenizer.tokenize(PythonText.rstrip(s));
    }

    /** n-grams of orders 1..N keyed by their tokens joined with single spaces. */
    private Map<String, Integer> ngrams(List<String> tokens) {
        Map<String, Integer> counts = new HashMap<>();
        for (int n = 1; n <= maxNgramOrder; n++) {
            for (int i = 0; i + n <= tokens.size(); i++) {
                counts.merge(String.join(" ", tokens.subList(i, i + n)), 1, Integer::sum);
            }
        }
        return counts;
    }

    private static int spaces(String s) {
        int k = 0;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == ' ') {
                k++;
            }
        }
        return k;
    }

    /** The reference length closest to {@code hypLen}; on a tie the shorter; -1 without refs. */
    static int closestRefLen(int hypLen, List<Integer> refLens) {
        int closestDiff = -1;
        int closestLen = -1;
        for (int len : refLens) {
            int diff = Math.abs(hypLen - len);
            if (closestDiff == -1 || diff < closestDiff) {
                closestDiff = diff;
                closestLen = len;
            } else if (diff == closestDiff && len < closestLen) {
                closestLen = len;
            }
        }
        return closestLen;
    }

    static void checkShapes(List<String> hypotheses, List<List<String>> references) {
        Objects.requireNonNull(hypotheses, "hypotheses");
        if (references == null || references.isEmpty()) {
            throw new IllegalArgumentException("at least one reference stream is needed");
        }
        for (int k = 0; k < references.size(); k++) {
            if (references.get(k).size() != hypotheses.size()) {
                throw new IllegalArgumentException("reference stream "
                        + (k + 1)
                        + " has "
                        + references.get(k).size()
                        + " segments but there are "
                        + hypotheses.size()
                        + " hypotheses");
            }
        }
        for (int i = 0; i < hypotheses.size(); i++) {
            if (hypotheses.get(i) == null) {
                throw new IllegalArgumentException("hypothesis " + (i + 1) + " is null");
            }
        }
    }

    /** The number of references per segment, or {@code var} when it varies. */
    static String referenceCount(List<List<String>> references) {
        int segments = references.isEmpty() ? 0 : references.get(0).size();
        int count = -1;
        for (int i = 0; i < segments; i++) {
            int c = 0;
            for (List<String> stream : references) {
                if (stream.get(i) != null) {
                    c++;
                }
            }
            if (count == -1) {
                count = c;
            } else if (count != c) {
                return "var";
            }
        }
        return Integer.toString(count == -1 ? references.size() : count);
    }

    /**
     * Options of {@link Bleu}; every default is sacreBLEU's.
     *
     * <ul>
     *   <li>{@code optLowercase} (false): lower-case before tokenizing ({@code case:lc}).
     *   <li>{@code optTokenizer} ({@link BleuTokenizer#THIRTEEN_A}).
     *   <li>{@code optSmoothing} ({@link BleuSmoothing#EXP}) and {@code optSmoothValue} (the
     *       method's default: 0.1 for floor, 1 for add-k).
     *   <li>{@code optMaxNgramOrder} (4): N.
     *   <li>{@code optEffectiveOrder} (false): average only over orders that have n-grams; meant for
     *       sentence-level BLEU, off for corpus BLEU as in sacreBLEU.
     * </ul>
     */
    public static final class Builder {
        private boolean lowercase;
        private BleuTokenizer tokenizer = BleuTokenizer.THIRTEEN_A;
        private BleuSmoothing smoothing = BleuSmoothing.EXP;
        private double smoothValue = Double.NaN;
        private int maxNgramOrder = 4;
        private boolean effectiveOrder;

        private Builder() {}

        public Builder optLowercase(boolean lowercase) {
            this.lowercase = lowercase;
            return this;
        }

        public Builder optTokenizer(BleuTokenizer tokenizer) {
            this.tokenizer = Objects.requireNonNull(tokenizer, "tokenizer");
            return this;
        }

        public Builder optSmoothing(BleuSmoothing smoothing) {
            this.smoothing = Objects.requireNonNull(smoothing, "smoothing");
            return this;
        }

        public Builder optSmoothValue(double smoothValue) {
            this.smoothValue = smoothValue;
            return this;
        }

        public Builder optMaxNgramOrder(int maxNgramOrder) {
            this.maxNgramOrder = maxNgramOrder;
            return this;
        }

        public Builder optEffectiveOrder(boolean effectiveOrder) {
            this.effectiveOrder = effectiveOrder;
            return this;
        }

        /** Validates and builds. */
        public Bleu build() {
            if (maxNgramOrder < 1) {
                throw new IllegalArgumentException("maxNgramOrder (" + maxNgramOrder + ") must be >= 1");
            }
            if (!Double.isNaN(smoothValue) && !smoothing.takesValue()) {
                throw new IllegalArgumentException(
                        "smoothValue (" + smoothValue + ") given but smoothing " + smoothing + " takes none");
            }
            return new Bleu(this);
        }
    }
}
