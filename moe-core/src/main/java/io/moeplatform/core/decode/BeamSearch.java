package io.moeplatform.core.decode;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.moeplatform.core.model.DecoderCache;
import io.moeplatform.core.model.EncoderOutput;
import io.moeplatform.core.model.MoeTransformer;
import io.moeplatform.core.tensor.Parameters;
import io.moeplatform.core.tensor.RowGather;
import io.moeplatform.core.tensor.SeededRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Batched beam search on a {@link MoeTransformer}'s key/value cache, with the GNMT length penalty
 * (Wu et al. 2016, §7, arXiv:1609.08144; the search itself as in Sutskever et al. 2014 and
 * fairseq's {@code SequenceGenerator}).
 *
 * <p>B sentences × K beams are B·K rows of one decoder batch: the source is encoded once per
 * sentence and its memory repeated K times; row {@code b·K + k} is beam k of sentence b. Each step
 *
 * <pre>
 *   logp   = log_softmax(decodeStep(cache, last tokens))             [B·K, V]   padding at −∞
 *   cand   = (logp + beamLogP[:, None]).reshape(B, K·V)              [B, K·V]
 *   top    = topK(cand, 2K)                                          [B, 2K]  values, indices
 *   beam   = index / V,  token = index % V
 * </pre>
 *
 * walks each sentence's 2K best candidates in order: an end-of-sequence candidate among the first
 * K becomes a finished {@link Hypothesis} scored {@code log P(y|x) / lp(|y|)}; the other
 * candidates fill the K live beams, which rank by their raw log-probability. The cache rows are
 * then reordered to the chosen parents ({@link DecoderCache#reorder}). The first step starts
 * from one live beam per sentence (the others at −∞), so the K beams do not duplicate it. The
 * padding id is never chosen ({@link MoeTransformer#forbidPadding}, applied after the softmax as
 * fairseq does, so the other tokens keep the model's probabilities).
 *
 * <p>A sentence stops when K hypotheses are finished, or when no live beam can beat the best
 * finished one: log-probabilities only fall and, for α ≥ 0, lp is non-decreasing, so a live beam
 * with log-probability s ≤ 0 can at best score {@code s / lp(maxLength)}. At the last step the
 * live beams are finished without an end-of-sequence id (as {@link MoeTransformer#greedyDecode}
 * truncates). The search returns each sentence's best finished hypothesis. With K = 1 it takes
 * the arg-max token at every step and stops at the first end-of-sequence id: greedy decoding.
 *
 * <p>Rows of sentences that stopped keep running (fed padding at −∞) until every sentence
 * stops; the cache is never shrunk. Memory: one scratch manager for the search, one per step
 * (the logits, the top-k and the cache reorder's intermediates die with it).
 */
public final class BeamSearch {

    private final MoeTransformer model;
    private final BeamSearchConfig config;

    /**
     * Creates a search over a model.
     *
     * @param model the model, used in evaluation mode
     * @param config the settings
     */
    public BeamSearch(MoeTransformer model, BeamSearchConfig config) {
        this.model = model;
        this.config = config;
    }

    /** @return the settings */
    public BeamSearchConfig config() {
        return config;
    }

    /**
     * Decodes a batch. Manages its own memory: must not be called while the model's parameters
     * are attached to another step manager.
     *
     * @param source source ids {@code [B][Ls]}, padded with padId
     * @param targetTags the target-language tag of each sentence (the first decoder input)
     * @param eosId the end-of-sequence id (not included in the hypotheses' tokens)
     * @return the best hypothesis of each sentence, in input order
     */
    public List<Hypothesis> decode(int[][] source, int[] targetTags, int eosId) {
        if (source.length != targetTags.length) {
            throw new IllegalArgumentException(
                    "source (" + source.length + ") and targetTags (" + targetTags.length + ") differ in size");
        }
        int sentences = source.length;
        if (sentences == 0) {
            return List.of();
        }
        int beams = config.beamSize();
        int steps = Math.min(config.maxLength(), model.config().maxLength() - 1);
        int vocab = model.config().vocabSize();
        int padId = model.config().padId();
        Beams state = new Beams(sentences, beams, steps);
        for (int b = 0; b < sentences; b++) {
            state.scores[b * beams] = 0; // one live beam per sentence to start from
            for (int k = 0; k < beams; k++) {
                state.tokens[b * beams + k] = targetTags[b];
            }
        }
        Parameters parameters = model.parameters();
        SeededRandom random = new SeededRandom(0); // only RTS draws from it in evaluation
        try (NDManager decoding = parameters.manager().newSubManager()) {
            parameters.attachTo(decoding);
            EncoderOutput encoded = repeatRows(model.encode(source, false, random), beams); // [B·K, Ls, d]
            try (DecoderCache cache = model.startDecoding(encoded)) {
                for (int t = 0; t < steps; t++) {
                    Candidates candidates;
                    try (NDManager step = decoding.newSubManager()) {
                        parameters.attachTo(step); // the step's arrays are freed with it
                        candidates = topCandidates(
                                model.decodeStep(cache, state.tokens, random), state.scores, sentences, beams, vocab);
                    }
                    long[] parents = state.advance(candidates, t, eosId, padId, config.lengthPenalty());
                    if (state.allStopped() || t == steps - 1) {
                        break;
                    }
                    cache.reorder(parents);
                }
            }
        }
        return state.best();
    }

    /**
     * The 2K best continuations of each sentence.
     *
     * @param logits {@code [B·K, V]}
     * @param beamScores the live beams' log-probabilities ({@code -∞} for dead rows), {@code [B·K]}
     * @return values and flat indices {@code beam · V + token}, each {@code [B, W]}, W = min(2K, K·V)
     */
    private Candidates topCandidates(NDArray logits, double[] beamScores, int sentences, int beams, int vocab) {
        NDManager manager = logits.getManager();
        NDArray logp = model.forbidPadding(logits.logSoftmax(1)); // [B·K, V], padding at -inf
        NDArray previous = manager.create(beamScores, new Shape(beamScores.length, 1))
                .toType(logp.getDataType(), false); // [B·K, 1]
        NDArray total = logp.add(previous).reshape(sentences, (long) beams * vocab); // [B, K·V]
        int width = Math.min(2 * beams, beams * vocab);
        NDList top = total.topK(width, 1, true, true); // values, indices: [B, W]
        double[] values = top.get(0).toType(DataType.FLOAT64, false).toDoubleArray();
        long[] indices = top.get(1).toType(DataType.INT64, false).toLongArray();
        return new Candidates(values, indices, width, vocab);
    }

    /** Repeats each sentence's encoder rows K times: memory {@code [B·K, Ls, d]}, mask {@code [B·K, 1, 1, Ls]}. */
    private static EncoderOutput repeatRows(EncoderOutput encoded, int beams) {
        Shape memory = encoded.memory().getShape(); // [B, Ls, d]
        int sentences = Math.toIntExact(memory.get(0));
        long[] rows = new long[sentences * beams];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = i / beams;
        }
        NDArray repeated = RowGather.gather(encoded.memory().reshape(sentences, -1), rows)
                .reshape(rows.length, memory.get(1), memory.get(2)); // [B·K, Ls, d]
        Shape mask = encoded.memoryMask().getShape(); // [B, 1, 1, Ls]
        NDArray repeatedMask = RowGather.gather(encoded.memoryMask().reshape(sentences, -1), rows)
                .reshape(rows.length, mask.get(1), mask.get(2), mask.get(3)); // [B·K, 1, 1, Ls]
        return new EncoderOutput(repeated, repeatedMask, encoded.moeOutputs());
    }

    /** One step's top candidates on the host: sentence b holds {@code values[b·width …]}. */
    private record Candidates(double[] values, long[] indices, int width, int vocab) {}

    /** The host-side state of the search: B·K live rows and each sentence's finished hypotheses. */
    private static final class Beams {

        final int sentences;
        final int beams;
        final int steps;
        final int[] tokens; // [B·K] the last token of each row (the next decoder input)
        final double[] scores; // [B·K] log P of each live row's prefix, -inf when dead
        int[][] prefixes; // [B·K][t] the generated tokens of each row
        final boolean[] stopped;
        final List<List<Hypothesis>> finished = new ArrayList<>();

        Beams(int sentences, int beams, int steps) {
            this.sentences = sentences;
            this.beams = beams;
            this.steps = steps;
            this.tokens = new int[sentences * beams];
            this.scores = new double[sentences * beams];
            Arrays.fill(scores, Double.NEGATIVE_INFINITY);
            this.prefixes = new int[sentences * beams][0];
            this.stopped = new boolean[sentences];
            for (int b = 0; b < sentences; b++) {
                finished.add(new ArrayList<>());
            }
        }

        /**
         * Applies step {@code t}'s candidates.
         *
         * <ol>
         *   <li>for each running sentence, walk its candidates best first: finish end-of-sequence
         *       ones ranked below K, let the others fill the live beams until K are live;
         *   <li>mark unused rows dead (padding, −∞, parent = a row of the same sentence);
         *   <li>at the last step finish the live beams unterminated; otherwise stop the sentences
         *       that cannot improve.
         * </ol>
         *
         * @return the parent row of every row, {@code [B·K]}, for {@link DecoderCache#reorder}
         */
        long[] advance(Candidates candidates, int t, int eosId, int padId, double alpha) {
            int rows = sentences * beams;
            long[] parents = new long[rows];
            int[] nextTokens = new int[rows];
            double[] nextScores = new double[rows];
            Arrays.fill(nextScores, Double.NEGATIVE_INFINITY);
            int[][] nextPrefixes = new int[rows][];
            int vocab = candidates.vocab();
            for (int b = 0; b < sentences; b++) {
                int live = 0;
                if (!stopped[b]) {
                    for (int r = 0; r < candidates.width() && live < beams; r++) {
                        double value = candidates.values()[b * candidates.width() + r];
                        if (value == Double.NEGATIVE_INFINITY) {
                            break; // sorted: only dead rows' candidates follow
                        }
                        long index = candidates.indices()[b * candidates.width() + r];
                        int parent = b * beams + (int) (index / vocab);
                        int token = (int) (index % vocab);
                        if (token == eosId) {
                            if (r < beams) {
                                int[] y = prefixes[parent];
                                finished.get(b)
                                        .add(new Hypothesis(
                                                y, value, LengthPenalty.score(value, y.length + 1, alpha), true));
                            }
                            continue;
                        }
                        int row = b * beams + live++;
                        parents[row] = parent;
                        nextTokens[row] = token;
                        nextScores[row] = value;
                        int[] y = Arrays.copyOf(prefixes[parent], prefixes[parent].length + 1);
                        y[y.length - 1] = token;
                        nextPrefixes[row] = y;
                    }
                }
                for (int k = live; k < beams; k++) {
                    int row = b * beams + k;
                    parents[row] = b * beams;
                    nextTokens[row] = padId;
                    nextPrefixes[row] = new int[0];
                }
            }
            System.arraycopy(nextTokens, 0, tokens, 0, rows);
            System.arraycopy(nextScores, 0, scores, 0, rows);
            prefixes = nextPrefixes;
            for (int b = 0; b < sentences; b++) {
                if (stopped[b]) {
                    continue;
                }
                if (t == steps - 1) {
                    for (int k = 0; k < beams; k++) {
                        double s = scores[b * beams + k];
                        if (s != Double.NEGATIVE_INFINITY) {
                            int[] y = prefixes[b * beams + k];
                            finished.get(b).add(new Hypothesis(y, s, LengthPenalty.score(s, y.length, alpha), false));
                        }
                    }
                    stopped[b] = true;
                } else {
                    stopped[b] = cannotImprove(b, alpha);
                }
            }
            return parents;
        }

        /** K finished, no live beam, or no live beam's best reachable score beats the best finished. */
        private boolean cannotImprove(int b, double alpha) {
            List<Hypothesis> done = finished.get(b);
            if (done.size() >= beams) {
                return true;
            }
            double bestFinished = Double.NEGATIVE_INFINITY;
            for (Hypothesis h : done) {
                bestFinished = Math.max(bestFinished, h.score());
            }
            for (int k = 0; k < beams; k++) {
                double s = scores[b * beams + k];
                if (s == Double.NEGATIVE_INFINITY) {
                    continue;
                }
                // s <= 0 and lp non-decreasing: the longest reachable |y| gives the highest bound
                int shortest = prefixes[b * beams + k].length + 1;
                double bound = s >= 0 ? s / LengthPenalty.of(shortest, alpha) : s / LengthPenalty.of(steps, alpha);
                if (bound > bestFinished) {
                    return false;
                }
            }
            return true; // also when no beam is live
        }

        boolean allStopped() {
            for (boolean s : stopped) {
                if (!s) {
                    return false;
                }
            }
            return true;
        }

        /**
         * The best finished hypothesis of each sentence (the first found on ties); an empty one
         * when the model has no position to decode ({@code maxLength} 1).
         */
        List<Hypothesis> best() {
            List<Hypothesis> best = new ArrayList<>(sentences);
            for (List<Hypothesis> done : finished) {
                Hypothesis top = null;
                for (Hypothesis h : done) {
                    if (top == null || h.score() > top.score()) {
                        top = h;
                    }
                }
                best.add(top == null ? new Hypothesis(new int[0], 0, 0, false) : top);
            }
            return best;
        }
    }
}
