package io.moeplatform.core.model;

import java.util.Arrays;
import java.util.List;

/**
 * A padded batch for next-token language modelling: {@code input = s[0 … n-2]}, {@code target =
 * s[1 … n-1]}.
 *
 * @param input {@code [B][L]}
 * @param target {@code [B][L]}, padded with padId (ignored by the loss)
 */
public record LmBatch(int[][] input, int[][] target) {

    /**
     * Builds a batch from unpadded sequences of at least two tokens.
     *
     * @param sequences the sequences
     * @param padId padding id
     * @return the batch
     */
    public static LmBatch of(List<int[]> sequences, int padId) {
        int length = sequences.stream().mapToInt(s -> s.length).max().orElse(2) - 1;
        int[][] input = new int[sequences.size()][length];
        int[][] target = new int[sequences.size()][length];
        for (int b = 0; b < sequences.size(); b++) {
            int[] s = sequences.get(b);
            Arrays.fill(input[b], padId);
            Arrays.fill(target[b], padId);
            System.arraycopy(s, 0, input[b], 0, s.length - 1);
            System.arraycopy(s, 1, target[b], 0, s.length - 1);
        }
        return new LmBatch(input, target);
    }
}
