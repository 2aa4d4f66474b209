package io.moeplatform.benchmarks;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/** Entry point of {@code benchmarks/bench NAME}: dispatches to the named benchmark. */
public final class Bench {

    private static final Map<String, Consumer<String[]>> BENCHMARKS = new TreeMap<>();

    static {
        BENCHMARKS.put("api-load", ApiLoadBenchmark::main);
        BENCHMARKS.put("moe-layer", MoeLayerBenchmark::main);
    }

    private Bench() {}

    public static void main(String[] args) {
        if (args.length == 0 || !BENCHMARKS.containsKey(args[0])) {
            System.err.println("usage: benchmarks/bench NAME [options]; NAME is one of " + BENCHMARKS.keySet());
            System.exit(2);
        }
        BENCHMARKS.get(args[0]).accept(Arrays.copyOfRange(args, 1, args.length));
    }
}
