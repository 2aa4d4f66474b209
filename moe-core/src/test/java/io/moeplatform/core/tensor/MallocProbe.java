package io.moeplatform.core.tensor;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A child process for {@link MallocTuningTest}: applies {@link MallocTuning} (or not, by its
 * environment), then on a fresh thread, as a training step would, mallocs three 16 MiB blocks,
 * writes every page, frees them, four times over, and prints the minor page faults of the last
 * round: {@code faults=N}.
 */
public final class MallocProbe {

    private static final long BLOCK = 16L << 20;

    private MallocProbe() {}

    public static void main(String[] args) throws Exception {
        System.out.println(MallocTuning.apply().description());
        long[] lastRound = new long[1];
        Thread step = new Thread(() -> {
            try {
                Linker linker = Linker.nativeLinker();
                MethodHandle malloc = linker.downcallHandle(linker.defaultLookup().find("malloc").orElseThrow(),
                        FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
                MethodHandle free = linker.downcallHandle(linker.defaultLookup().find("free").orElseThrow(),
                        FunctionDescriptor.ofVoid(ValueLayout.ADDRESS));
                for (int round = 0; round < 4; round++) {
                    long before = minorFaults();
                    MemorySegment[] blocks = new MemorySegment[3];
                    for (int b = 0; b < blocks.length; b++) {
                        blocks[b] = ((MemorySegment) malloc.invokeExact(BLOCK)).reinterpret(BLOCK);
                        blocks[b].fill((byte) 1);
                    }
                    for (MemorySegment block : blocks) {
                        free.invokeExact(block);
                    }
                    lastRound[0] = minorFaults() - before;
                }
            } catch (Throwable e) {
                throw new IllegalStateException(e);
            }
        });
        step.start();
        step.join();
        System.out.println("faults=" + lastRound[0]);
    }

    private static long minorFaults() throws java.io.IOException {
        String stat = Files.readString(Path.of("/proc/self/stat"));
        return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[7]);
    }
}
