package io.moeplatform.core.gate;

/**
 * The number of token slots each expert has in one routing call.
 *
 * <p>{@code capacity = max(minCapacity, ceil(k · tokens / experts · capacityFactor))} (GShard
 * §2.2; Switch Transformer §2.2). A factor of 1 gives exactly enough slots for a perfectly
 * balanced router; larger factors trade memory and compute for fewer dropped tokens. In dropless
 * mode the capacity is the largest number of assignments any expert received, so nothing is
 * dropped (the padding cost of MegaBlocks-style dropless routing without its block-sparse
 * kernels).
 */
public final class ExpertCapacity {

    private ExpertCapacity() {}

    /**
     * Computes the capacity from the formula.
     *
     * @param tokens the number of tokens routed in this call
     * @param experts the number of experts, E
     * @param topK the choices per token, k
     * @param capacityFactor the capacity factor (training or evaluation)
     * @param minCapacity the floor
     * @return slots per expert
     */
    public static int of(int tokens, int experts, int topK, double capacityFactor, int minCapacity) {
        if (tokens < 0 || experts <= 0 || topK <= 0 || capacityFactor <= 0) {
            throw new IllegalArgumentException("capacity needs tokens (" + tokens + ") >= 0, experts (" + experts
                    + ") > 0, topK (" + topK + ") > 0, capacityFactor (" + capacityFactor + ") > 0");
        }
        // Computed in double then nudged: 4 * 8 / 4 * 1.25 must give 10, not 10.000000000000002 -> 11.
        double exact = (double) topK * tokens / experts * capacityFactor;
        int capacity = (int) Math.ceil(exact - 1e-9);
        return Math.max(minCapacity, capacity);
    }

    /**
     * Dropless capacity: the largest load over experts.
     *
     * @param loads assignments per expert (all choices counted)
     * @param minCapacity the floor
     * @return slots per expert
     */
    public static int dropless(int[] loads, int minCapacity) {
        int max = 0;
        for (int load : loads) {
            max = Math.max(max, load);
        }
        return Math.max(minCapacity, max);
    }
}
