package io.moeplatform.core.moe;

import ai.djl.ndarray.NDArray;
import io.moeplatform.core.gate.GateOutput;
import java.util.List;

/**
 * The result of one {@link MoeLayer} forward.
 *
 * @param output the layer output {@code [T, d]}
 * @param routings one gate output per prototype group (one without experts prototyping);
 *     group g's expert indices are local to the group (global index = g · E/G + local)
 * @param loadBalancingLoss sum over groups of the balance loss, scalar
 * @param zLoss sum over groups of the router z-loss, scalar
 */
public record MoeOutput(NDArray output, List<GateOutput> routings, NDArray loadBalancingLoss, NDArray zLoss) {

    /**
     * Kept tokens per (global) expert.
     *
     * @return counts {@code [E]}
     */
    public int[] expertCounts() {
        int total = routings.stream().mapToInt(GateOutput::experts).sum();
        int[] counts = new int[total];
        int offset = 0;
        for (GateOutput routing : routings) {
            System.arraycopy(routing.expertCounts(), 0, counts, offset, routing.experts());
            offset += routing.experts();
        }
        return counts;
    }

    /** @return mean dropped-assignment fraction over groups */
    public double droppedFraction() {
        return routings.stream()
                .mapToDouble(GateOutput::droppedFraction)
                .average()
                .orElse(0);
    }
}
