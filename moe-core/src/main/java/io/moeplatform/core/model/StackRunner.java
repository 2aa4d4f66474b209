package io.moeplatform.core.model;

import ai.djl.ndarray.NDArray;
import io.moeplatform.core.moe.MoeOutput;
import io.moeplatform.core.tensor.SeededRandom;
import java.util.List;

/** Runs a list of blocks in order, collecting MoE outputs (shared by encoder, decoder and LM). */
final class StackRunner {

    private StackRunner() {}

    static NDArray run(
            List<TransformerBlock> blocks,
            NDArray x,
            NDArray selfMask,
            NDArray memory,
            NDArray memoryMask,
            boolean[] active,
            boolean training,
            SeededRandom random,
            List<MoeOutput> moeOutputs) {
        for (TransformerBlock block : blocks) {
            BlockOutput out = block.forward(x, selfMask, memory, memoryMask, active, training, random);
            x = out.hidden();
            if (out.moe() != null) {
                moeOutputs.add(out.moe());
            }
        }
        return x;
    }

    static boolean[] active(int[][] ids, int padId) {
        int length = ids[0].length;
        boolean[] active = new boolean[ids.length * length];
        for (int b = 0; b < ids.length; b++) {
            for (int l = 0; l < length; l++) {
                active[b * length + l] = ids[b][l] != padId;
            }
        }
        return active;
    }
}
