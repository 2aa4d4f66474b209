package io.moeplatform.core.tensor;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A child process for {@link MallocTuningTest}: applies {@link MallocTuning} (or not, by its
 * environment), then on a fresh thread, as training steps would, runs ten rounds that each malloc
 * four blocks of 16 MiB (more than one of glibc's 64 MiB per-thread heaps), write every page, and
 * free them in a shuffled order (a step's tensors are not freed in the same order every step), and
 * prints the minor page faults of rounds 3 to 10 together: {@code faults=N}. One round's memory is
 * 16,384 pages of 4 KiB.
 */
public final class MallocProbe {

    private static final long MIB = 1L << 20;
    private static final long[] BLOCKS = {16 * MIB, 16 * MIB, 16 * MIB, 16 * MIB};
    private static final int ROUNDS = 10;
    private static final int WARM_ROUNDS = 2;

    private MallocProbe() {}

    public static void main(String[] args) throws Exception {
        System.out.println(MallocTuning.apply().description());
        long[] faults = new long[1];
        Thread step = new Thread(() -> {
            try {
                Linker linker = Linker.nativeLinker();
                MethodHandle malloc = linker.downcallHandle(
                        linker.defaultLookup().find("malloc").orElseThrow(),
                        FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
                MethodHandle free = linker.downcallHandle(
                        linker.defaultLookup().find("free").orElseThrow(),
                        FunctionDescriptor.ofVoid(ValueLayout.ADDRESS));
                java.util.Random random = new java.util.Random(42);
                for (int round = 0; round < ROUNDS; round++) {
                    long before = minorFaults();
                    List<MemorySegment> blocks = new ArrayList<>();
                    for (long size : BLOCKS) {
                        MemorySegment block = ((MemorySegment) malloc.invokeExact(size)).reinterpret(size);
                        block.fill((byte) 1);
                        blocks.add(block);
                    }
                    Collections.shuffle(blocks, random);
                    for (MemorySegment block : blocks) {
                        free.invokeExact(block);
                    }
                    if (round >= WARM_ROUNDS) {
                        faults[0] += minorFaults() - before;
                    }
                }
            } catch (Throwable e) {
                throw new IllegalStateException(e);
            }
        });
        step.start();
        step.join();
        System.out.println("faults=" + faults[0]);
    }

    private static long minorFaults() throws java.io.IOException {
        String stat = Files.readString(Path.of("/proc/self/stat"));
        return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[7]);
    }
}
