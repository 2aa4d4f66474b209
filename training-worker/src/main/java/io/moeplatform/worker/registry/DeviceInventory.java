package io.moeplatform.worker.registry;

import ai.djl.Device;
import ai.djl.util.cuda.CudaUtils;
import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The devices of this worker: its GPUs (through CUDA's runtime, without loading PyTorch), or its
 * CPU when it has none, and the memory of each.
 *
 * @param devices one entry per device, e.g. {@code {type: gpu, index: 0, memoryBytes: …}}
 * @param deviceMemoryBytes memory of the smallest device: what one rank can use
 * @param hostMemoryBytes physical memory of the host
 */
public record DeviceInventory(List<Map<String, Object>> devices, long deviceMemoryBytes, long hostMemoryBytes) {

    /** Detects the devices; non-zero overrides replace the detected memory sizes. */
    public static DeviceInventory detect(long deviceMemoryOverride, long hostMemoryOverride) {
        long host = ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getTotalMemorySize();
        List<Map<String, Object>> devices = new ArrayList<>();
        long deviceMemory = Long.MAX_VALUE;
        int gpus = gpuCount();
        for (int i = 0; i < gpus; i++) {
            long memory = CudaUtils.getGpuMemory(Device.gpu(i)).getMax();
            devices.add(Map.of("type", "gpu", "index", i, "memoryBytes", memory));
            deviceMemory = Math.min(deviceMemory, memory);
        }
        if (gpus == 0) {
            devices.add(
                    Map.of("type", "cpu", "cores", Runtime.getRuntime().availableProcessors(), "memoryBytes", host));
            deviceMemory = host;
        }
        return new DeviceInventory(
                List.copyOf(devices),
                deviceMemoryOverride > 0 ? deviceMemoryOverride : deviceMemory,
                hostMemoryOverride > 0 ? hostMemoryOverride : host);
    }

    private static int gpuCount() {
        try {
            return CudaUtils.hasCuda() ? CudaUtils.getGpuCount() : 0;
        } catch (RuntimeException | LinkageError e) {
            return 0;
        }
    }
}
