package io.moeplatform.core.spec;

import io.moeplatform.core.spec.JobSpec.OffloadTarget;

/**
 * The platform's memory check: a closed-form estimate of the bytes a job needs per rank, so that
 * a job no worker can hold is refused at submission instead of failing after an hour.
 *
 * <p>This is the simple version that the full planner (per-tensor placement, ZeRO partitions,
 * prefetch buffers) will replace. It counts, per rank:
 *
 * <ul>
 *   <li>parameters of the encoder-decoder: tied embeddings {@code V·d}; per layer attention
 *       {@code 4d²+4d} (twice in the decoder, for cross-attention), layer norms {@code 2d} each,
 *       and a feed-forward network {@code 2dh+h+d}, which an MoE layer has {@code E} times plus a
 *       router {@code d·E}. Experts are split over the expert-parallel ranks.
 *   <li>fp32 training state: weights 4 and gradients 4 bytes per parameter on the device, and
 *       AdamW's two moments 8 bytes where {@code offload.optimizer} puts them (DEVICE, HOST or
 *       DISK). Experts offloaded to HOST or DISK keep one MoE layer's experts on the device
 *       (the layer being computed) and the rest of their weights, gradients and moments off it.
 *   <li>activations kept for the backward pass: {@code batchTokens · layers · (12d + 2hk +
 *       heads·maxLength) · 4} bytes, a rough bound for a pre-LayerNorm block.
 * </ul>
 */
public final class MemoryPlanner {

    private static final long FLOAT = 4;

    private MemoryPlanner() {}

    /** The estimate for a spec that {@link JobSpecValidator} accepted. */
    public static MemoryPlan plan(JobSpec spec) {
        JobSpec.Model m = spec.model();
        JobSpec.Moe e = spec.moe();
        long d = m.dModel();
        long h = m.ffnHidden();
        long experts = e.experts();
        long ffn = 2 * d * h + h + d;
        long attention = 4 * d * d + 4 * d;

        int layers = m.encoderLayers() + m.decoderLayers();
        long moeLayers = moeLayers(m.encoderLayers(), e.moeEvery()) + moeLayers(m.decoderLayers(), e.moeEvery());
        long expert = moeLayers * experts * ffn;
        long dense = (long) m.vocabSize() * d
                + m.encoderLayers() * (attention + 4 * d) // self-attention, two layer norms
                + m.decoderLayers() * (2 * attention + 6 * d) // self- and cross-attention, three layer norms
                + (layers - moeLayers) * ffn // dense FFNs
                + moeLayers * d * experts; // routers
        dense += 4 * d; // final layer norms

        long expertPerRank = expert / spec.parallelism().expertParallel();
        long expertOnDevice = spec.offload().experts() == OffloadTarget.DEVICE || moeLayers == 0
                ? expertPerRank
                : expertPerRank / moeLayers;
        long expertOffloaded = expertPerRank - expertOnDevice;

        long device = (dense + expertOnDevice) * 2 * FLOAT;
        long host = 0;
        long disk = 0;
        long moments = (dense + expertOnDevice) * 2 * FLOAT;
        switch (spec.offload().optimizer()) {
            case DEVICE -> device += moments;
            case HOST -> host += moments;
            case DISK -> disk += moments;
        }
        // Offloaded experts carry their weights, gradients and moments with them.
        long offloadedState = expertOffloaded * 4 * FLOAT;
        if (spec.offload().experts() == OffloadTarget.HOST) {
            host += offloadedState;
        } else if (spec.offload().experts() == OffloadTarget.DISK) {
            disk += offloadedState;
        }

        long perToken = 12 * d + 2 * h * e.topK() + (long) m.heads() * m.maxLength();
        device += (long) spec.schedule().batchTokens() * layers * perToken * FLOAT;
        return new MemoryPlan(dense + expert, expert, device, host, disk);
    }

    /**
     * MoE layers of a stack: layers {@code moeEvery-1, 2·moeEvery-1, …} (as {@code
     * TransformerConfig.isMoeLayer}), so every other layer for moeEvery = 2.
     */
    static int moeLayers(int stackLayers, int moeEvery) {
        return stackLayers / moeEvery;
    }
}
