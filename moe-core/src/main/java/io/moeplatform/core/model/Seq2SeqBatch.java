package io.moeplatform.core.model;

import java.util.Arrays;
import java.util.List;

/**
 * A padded batch for many-to-many translation.
 *
 * <p>The target-language tag is the FIRST DECODER INPUT (in place of a BOS token), as in
 * mBART/M2M-100 style decoders: {@code targetIn = [tag, y_1 … y_n]}, {@code targetOut = [y_1 …
 * y_n, eos]}. The encoder then stays language-agnostic, and one encoding can be decoded into
 * several languages by changing only the first decoder token.
 *
 * @param source source ids {@code [B][Ls]}, padded with padId
 * @param targetIn decoder inputs {@code [B][Lt]}
 * @param targetOut decoder targets {@code [B][Lt]}, padded with padId (ignored by the loss)
 */
public record Seq2SeqBatch(int[][] source, int[][] targetIn, int[][] targetOut) {

    /**
     * Builds a batch from unpadded sequences.
     *
     * @param sources source sequences
     * @param targetTags the target-language tag id of each pair
     * @param targets target sequences (without tag or eos)
     * @param padId padding id
     * @param eosId end-of-sequence id
     * @return the batch
     */
    public static Seq2SeqBatch forTranslation(
            List<int[]> sources, int[] targetTags, List<int[]> targets, int padId, int eosId) {
        int batch = sources.size();
        if (targets.size() != batch || targetTags.length != batch) {
            throw new IllegalArgumentException("sources (" + batch + "), targetTags (" + targetTags.length
                    + ") and targets (" + targets.size() + ") differ in size");
        }
        int sourceLength = sources.stream().mapToInt(s -> s.length).max().orElse(1);
        int targetLength = targets.stream().mapToInt(t -> t.length).max().orElse(0) + 1;
        int[][] source = pad(sources, sourceLength, padId);
        int[][] targetIn = new int[batch][targetLength];
        int[][] targetOut = new int[batch][targetLength];
        for (int b = 0; b < batch; b++) {
            Arrays.fill(targetIn[b], padId);
            Arrays.fill(targetOut[b], padId);
            int[] target = targets.get(b);
            targetIn[b][0] = targetTags[b];
            System.arraycopy(target, 0, targetIn[b], 1, target.length);
            System.arraycopy(target, 0, targetOut[b], 0, target.length);
            targetOut[b][target.length] = eosId;
        }
        return new Seq2SeqBatch(source, targetIn, targetOut);
    }

    /**
     * Copies rows into a rectangle, each padded at the end with padId.
     *
     * @param rows the rows, none longer than {@code length}
     * @param length the padded length
     * @param padId padding id
     * @return {@code [rows][length]}
     */
    public static int[][] pad(List<int[]> rows, int length, int padId) {
        int[][] padded = new int[rows.size()][length];
        for (int b = 0; b < padded.length; b++) {
            Arrays.fill(padded[b], padId);
            System.arraycopy(rows.get(b), 0, padded[b], 0, rows.get(b).length);
        }
        return padded;
    }
}
