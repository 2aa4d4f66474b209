package io.moeplatform.core.tensor;

/**
 * The size, in elements, that the engine keeps each tensor of a step within, and the two pieces of
 * arithmetic that split work to stay within it.
 *
 * <p>Why: PyTorch allocates CPU tensors through glibc {@code malloc}, which serves a request above
 * its mmap threshold (dynamic, at most 32 MiB) with a fresh {@code mmap} and unmaps it on free, so
 * such a tensor is faulted in again, 4 KiB page by page, every time it is created, which costs far
 * more than filling the same memory in place (ADR 4). Tensors of at most {@link #MAX_ELEMENTS}
 * (16 MiB in float32) stay under the threshold ({@link MallocTuning} fixes it at 32 MiB), so they
 * come from glibc's arenas, whose memory {@link MallocTuning} also keeps from one step to the
 * next. The expert weights are stored in blocks of this size ({@code moe.StackedExperts}), and the
 * expert and dense FFN activations are computed in chunks of it ({@code moe.DenseFfn}).
 */
public final class AllocationBound {

    /** The most elements per tensor: 4 Mi, 16 MiB in float32. */
    public static final long MAX_ELEMENTS = 1L << 22;

    private AllocationBound() {}

    /**
     * How many units of {@code elementsPerUnit} elements one tensor may hold.
     *
     * @param units the units there are (experts, rows)
     * @param elementsPerUnit elements one unit contributes
     * @return as many as fit within {@link #MAX_ELEMENTS}, at most {@code units} and at least 1
     */
    public static long unitsWithin(long units, long elementsPerUnit) {
        return Math.max(1, Math.min(units, MAX_ELEMENTS / Math.max(1, elementsPerUnit)));
    }

    /**
     * The split points that cut {@code units} into consecutive pieces of {@code piece} (the last
     * one shorter if it does not divide), for {@code NDArray.split(long[], axis)}.
     *
     * @param units how many units there are
     * @param piece units per piece, at least 1
     * @return {@code piece, 2 · piece, …}, all below {@code units}
     */
    public static long[] cuts(long units, long piece) {
        long[] cuts = new long[Math.toIntExact(Math.max(0, units - 1) / piece)];
        for (int c = 0; c < cuts.length; c++) {
            cuts[c] = (c + 1) * piece;
        }
        return cuts;
    }
}
