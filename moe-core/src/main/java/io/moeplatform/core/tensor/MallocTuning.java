package io.moeplatform.core.tensor;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells glibc's {@code malloc}, which PyTorch allocates CPU tensors with, to keep the memory a
 * training step frees for the next step instead of handing it back to the kernel.
 *
 * <p>Why: a training step allocates and frees the same few hundred MiB of tensors every step, most
 * of them a few MiB to 16 MiB ({@link AllocationBound}). With glibc's defaults, a thread other than
 * the process's first (every Java thread, {@code main} included) allocates from an arena of heaps
 * of at most 64 MiB (its own, until there are eight arenas per core), and glibc unmaps a heap as
 * soon as everything in it is free, or trims it once more than its trim threshold is free at its
 * top. Whether that happens in a given step depends on the order the step's tensors are freed in,
 * which is not the same from one step to the next, so how much tensor memory was faulted in afresh,
 * and how long a step took on identical inputs, varied widely from step to step (ADR 4).
 *
 * <p>What {@link #apply()} sets, through {@code mallopt(3)}:
 *
 * <ul>
 *   <li>{@code M_TOP_PAD} 64 MiB: the free space a heap keeps when glibc would shrink it; since a
 *       thread's heaps are at most 64 MiB, no heap is unmapped or shrunk any more, and an arena
 *       keeps the memory of its busiest step;
 *   <li>{@code M_MMAP_THRESHOLD} 32 MiB (glibc's own upper limit): setting any option stops
 *       glibc's sliding threshold where it is (128 KiB in a fresh process, so that every tensor
 *       would be mapped afresh), so it is set to the size the sliding threshold reaches by itself;
 *       larger requests are still mapped and unmapped on their own;
 *   <li>{@code M_TRIM_THRESHOLD} 256 MiB: the process's first arena (grown with {@code brk})
 *       returns memory only when more than that is free at its top.
 * </ul>
 *
 * <p>The cost is resident memory: a process that trained keeps its peak native memory per thread
 * until it exits, which for a training worker is the memory the next step needs anyway. The same
 * is what PyTorch's performance tuning guide gets by preloading jemalloc or TCMalloc; this needs no
 * library that a machine may lack.
 *
 * <p>Nothing is changed when the process does not run on glibc (the C library has no {@code
 * gnu_get_libc_version}), when glibc's own {@code MALLOC_TOP_PAD_}, {@code MALLOC_MMAP_THRESHOLD_},
 * {@code MALLOC_TRIM_THRESHOLD_}, {@code MALLOC_MMAP_MAX_} or {@code MALLOC_ARENA_MAX} or a {@code
 * glibc.malloc} tunable in {@code GLIBC_TUNABLES} is set (the operator chose), or when {@value
 * #SWITCH} is {@code off}, {@code false}, {@code no} or {@code 0}. Calls after the first return the
 * first outcome.
 */
public final class MallocTuning {

    /** The environment variable that turns the tuning off ({@code off}, {@code false}, {@code no} or {@code 0}). */
    public static final String SWITCH = "MOE_MALLOC_TUNING";

    /** {@code M_TOP_PAD}: 64 MiB, a whole per-thread heap. */
    public static final int TOP_PAD = 64 << 20;

    /** {@code M_MMAP_THRESHOLD}: 32 MiB, the largest glibc accepts. */
    public static final int MMAP_THRESHOLD = 32 << 20;

    /** {@code M_TRIM_THRESHOLD}: 256 MiB. */
    public static final int TRIM_THRESHOLD = 256 << 20;

    // mallopt parameter numbers from glibc's malloc.h
    private static final int M_TRIM_THRESHOLD = -1;
    private static final int M_TOP_PAD = -2;
    private static final int M_MMAP_THRESHOLD = -3;

    /** glibc's environment variables for the options this class sets, or that an operator may have set instead. */
    private static final List<String> GLIBC_VARIABLES = List.of(
            "MALLOC_TOP_PAD_",
            "MALLOC_MMAP_THRESHOLD_",
            "MALLOC_TRIM_THRESHOLD_",
            "MALLOC_MMAP_MAX_",
            "MALLOC_ARENA_MAX");

    /**
     * What {@link #apply()} did.
     *
     * @param applied true if glibc now runs with this class's options
     * @param description one line for a log or a benchmark header
     */
    public record Outcome(boolean applied, String description) {}

    /** The C library's {@code mallopt}: returns 1 on success. */
    @FunctionalInterface
    interface Mallopt {
        int set(int parameter, int value);
    }

    private static final Logger log = LoggerFactory.getLogger(MallocTuning.class);

    private static Outcome outcome;

    private MallocTuning() {}

    /**
     * Applies the options once per process (see the class comment).
     *
     * @return what was done, the same object on every call
     */
    public static synchronized Outcome apply() {
        if (outcome == null) {
            try {
                outcome = apply(System.getenv(), glibc());
            } catch (RuntimeException e) { // e.g. IllegalCallerException where the JVM denies native access
                outcome = new Outcome(false, "malloc: left as it is (" + e + ")");
            }
            log.info(outcome.description());
        }
        return outcome;
    }

    /**
     * The decision and the calls, with the environment and the C library given.
     *
     * @param environment the process environment
     * @param glibc glibc's version and {@code mallopt}, or empty when the C library is not glibc
     * @return what was done
     */
    static Outcome apply(Map<String, String> environment, Optional<Glibc> glibc) {
        String setting = environment.getOrDefault(SWITCH, "on").trim().toLowerCase(Locale.ROOT);
        if (List.of("off", "false", "0", "no").contains(setting)) {
            return new Outcome(false, "malloc: left as it is (" + SWITCH + "=" + environment.get(SWITCH) + ")");
        }
        if (glibc.isEmpty()) {
            return new Outcome(false, "malloc: not glibc, left as it is");
        }
        List<String> operatorSet =
                GLIBC_VARIABLES.stream().filter(environment::containsKey).toList();
        if (!operatorSet.isEmpty()) {
            return new Outcome(
                    false, "malloc: glibc " + glibc.get().version() + ", left to " + String.join(", ", operatorSet));
        }
        if (environment.getOrDefault("GLIBC_TUNABLES", "").contains("glibc.malloc.")) {
            return new Outcome(false, "malloc: glibc " + glibc.get().version() + ", left to GLIBC_TUNABLES");
        }
        Mallopt mallopt = glibc.get().mallopt();
        int[][] options = {{M_MMAP_THRESHOLD, MMAP_THRESHOLD}, {M_TOP_PAD, TOP_PAD}, {M_TRIM_THRESHOLD, TRIM_THRESHOLD}
        };
        for (int[] option : options) {
            if (mallopt.set(option[0], option[1]) != 1) {
                return new Outcome(
                        false,
                        "malloc: glibc " + glibc.get().version() + " refused mallopt(" + option[0] + ", " + option[1]
                                + ")");
            }
        }
        return new Outcome(
                true,
                "malloc: glibc " + glibc.get().version() + ", freed memory kept (mmap threshold "
                        + (MMAP_THRESHOLD >> 20) + " MiB, top pad " + (TOP_PAD >> 20) + " MiB, trim threshold "
                        + (TRIM_THRESHOLD >> 20) + " MiB; " + SWITCH + "=off leaves glibc's defaults)");
    }

    /**
     * glibc as seen from Java.
     *
     * @param version what {@code gnu_get_libc_version()} returns, e.g. {@code 2.36}
     * @param mallopt its {@code mallopt}
     */
    record Glibc(String version, Mallopt mallopt) {}

    /**
     * glibc's version and mallopt, or empty on another C library or platform.
     *
     * @throws IllegalCallerException where the JVM denies this module native access
     */
    private static Optional<Glibc> glibc() {
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
            return Optional.empty();
        }
        Linker linker = Linker.nativeLinker();
        SymbolLookup lookup = linker.defaultLookup();
        Optional<MemorySegment> versionSymbol = lookup.find("gnu_get_libc_version");
        Optional<MemorySegment> malloptSymbol = lookup.find("mallopt");
        if (versionSymbol.isEmpty() || malloptSymbol.isEmpty()) {
            return Optional.empty();
        }
        MethodHandle version = linker.downcallHandle(versionSymbol.get(), FunctionDescriptor.of(ValueLayout.ADDRESS));
        MethodHandle mallopt = linker.downcallHandle(
                malloptSymbol.get(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
        String text;
        try {
            text = ((MemorySegment) version.invokeExact())
                    .reinterpret(64, Arena.global(), null)
                    .getString(0);
        } catch (Throwable e) {
            throw new IllegalStateException("gnu_get_libc_version failed", e);
        }
        return Optional.of(new Glibc(text, (parameter, value) -> {
            try {
                return (int) mallopt.invokeExact(parameter, value);
            } catch (Throwable e) {
                throw new IllegalStateException("mallopt failed", e);
            }
        }));
    }
}
