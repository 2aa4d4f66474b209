package io.moeplatform.core.spec;

/**
 * What a job needs in memory, per rank, as {@link MemoryPlanner} estimates it.
 *
 * @param parameters all parameters of the model
 * @param expertParameters the part of them in experts
 * @param deviceBytes bytes one rank needs on its device (GPU, or RAM for a CPU rank)
 * @param hostBytes bytes one rank needs in host memory for offloaded state
 * @param diskBytes bytes one rank keeps on disk for offloaded state
 */
public record MemoryPlan(long parameters, long expertParameters, long deviceBytes, long hostBytes, long diskBytes) {

    /** A line for people: the numbers in GiB. */
    public String describe() {
        return String.format(
                "%,d parameters (%,d in experts): %.2f GiB device, %.2f GiB host, %.2f GiB disk per rank",
                parameters, expertParameters, gib(deviceBytes), gib(hostBytes), gib(diskBytes));
    }

    static double gib(long bytes) {
        return bytes / (1024.0 * 1024 * 1024);
    }
}
