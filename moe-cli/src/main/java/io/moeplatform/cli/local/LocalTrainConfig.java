package io.moeplatform.cli.local;

import io.moeplatform.core.spec.JobSpec;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The config file of {@code moe local train}: YAML or JSON with the sections of a platform job
 * spec ({@code model}, {@code moe}, {@code schedule}, {@code checkpoint}; see {@link JobSpec})
 * plus {@code corpus} (a parallel corpus file) and {@code output} (the run directory). Unknown
 * keys are errors that name the key, so a typo never silently falls back to a default.
 *
 * @param corpus the corpus to train on (TSV, JSONL, PO or MO)
 * @param output where the run keeps its data, checkpoints and log
 * @param spec the training spec, defaults applied
 */
record LocalTrainConfig(Path corpus, Path output, JobSpec spec) {

    private static final Map<String, Set<String>> KEYS = Map.of(
            "model",
                    Set.of(
                            "architecture",
                            "dModel",
                            "heads",
                            "encoderLayers",
                            "decoderLayers",
                            "ffnHidden",
                            "vocabSize",
                            "maxLength"),
            "moe",
                    Set.of(
                            "experts",
                            "topK",
                            "moeEvery",
                            "capacityFactor",
                            "evalCapacityFactor",
                            "minCapacity",
                            "dropPolicy",
                            "auxLossWeight",
                            "zLossWeight"),
            "schedule",
                    Set.of(
                            "steps",
                            "batchTokens",
                            "learningRate",
                            "warmupSteps",
                            "gradientClip",
                            "accumulation",
                            "labelSmoothing",
                            "seed"),
            "checkpoint", Set.of("intervalSteps", "keepLast", "keepBest"),
            "parallelism", Set.of("expertParallel", "dataParallel"),
            "offload", Set.of("optimizer", "experts"));
    private static final Set<String> TOP =
            Set.of("name", "corpus", "output", "model", "moe", "schedule", "checkpoint", "parallelism", "offload");

    static LocalTrainConfig read(Path file) {
        Object root;
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    file + ": not valid YAML or JSON: "
                            + e.getMessage().lines().findFirst().orElse(""),
                    e);
        }
        if (!(root instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException(file + ": expected a mapping at the top level");
        }
        unknown(file, "", map.keySet(), TOP);
        for (var section : KEYS.entrySet()) {
            if (map.get(section.getKey()) instanceof Map<?, ?> m) {
                unknown(file, section.getKey() + ".", m.keySet(), section.getValue());
            }
        }
        Object corpus = map.get("corpus");
        if (corpus == null) {
            throw new IllegalArgumentException(file + ": corpus: required (a parallel corpus file)");
        }
        Path base = file.toAbsolutePath().getParent();
        Path corpusPath = resolve(base, corpus.toString());
        String name = map.containsKey("name")
                ? map.get("name").toString()
                : file.getFileName().toString().replaceFirst("\\.[^.]+$", "");
        Path output = map.containsKey("output")
                ? resolve(base, map.get("output").toString())
                : base.resolve("runs").resolve(name);
        JobSpec spec = new JobSpec(
                        name,
                        null,
                        new JobSpec.Model(
                                str(file, map, "model", "architecture"),
                                integer(file, map, "model", "dModel"),
                                integer(file, map, "model", "heads"),
                                integer(file, map, "model", "encoderLayers"),
                                integer(file, map, "model", "decoderLayers"),
                                integer(file, map, "model", "ffnHidden"),
                                integer(file, map, "model", "vocabSize"),
                                integer(file, map, "model", "maxLength")),
                        new JobSpec.Moe(
                                integer(file, map, "moe", "experts"),
                                integer(file, map, "moe", "topK"),
                                integer(file, map, "moe", "moeEvery"),
                                dbl(file, map, "moe", "capacityFactor"),
                                dbl(file, map, "moe", "evalCapacityFactor"),
                                integer(file, map, "moe", "minCapacity"),
                                str(file, map, "moe", "dropPolicy"),
                                dbl(file, map, "moe", "auxLossWeight"),
                                dbl(file, map, "moe", "zLossWeight")),
                        new JobSpec.Parallelism(
                                integer(file, map, "parallelism", "expertParallel"),
                                integer(file, map, "parallelism", "dataParallel")),
                        null,
                        new JobSpec.Schedule(
                                lng(file, map, "schedule", "steps"),
                                integer(file, map, "schedule", "batchTokens"),
                                dbl(file, map, "schedule", "learningRate"),
                                integer(file, map, "schedule", "warmupSteps"),
                                dbl(file, map, "schedule", "gradientClip"),
                                integer(file, map, "schedule", "accumulation"),
                                dbl(file, map, "schedule", "labelSmoothing"),
                                lng(file, map, "schedule", "seed")),
                        new JobSpec.Checkpoint(
                                integer(file, map, "checkpoint", "intervalSteps"),
                                integer(file, map, "checkpoint", "keepLast"),
                                integer(file, map, "checkpoint", "keepBest")))
                .withDefaults();
        return new LocalTrainConfig(corpusPath, output, spec);
    }

    private static Path resolve(Path base, String path) {
        Path p = Path.of(path);
        return p.isAbsolute() ? p : base.resolve(p).normalize();
    }

    private static void unknown(Path file, String prefix, Collection<?> keys, Set<String> known) {
        for (Object key : keys) {
            if (!known.contains(String.valueOf(key))) {
                throw new IllegalArgumentException(
                        file + ": " + prefix + key + ": unknown key; known: " + new TreeSet<>(known));
            }
        }
    }

    private static Object value(Map<?, ?> root, String section, String key) {
        return root.get(section) instanceof Map<?, ?> m ? m.get(key) : null;
    }

    private static Number number(Path file, Map<?, ?> root, String section, String key) {
        Object v = value(root, section, key);
        if (v == null) {
            return null;
        }
        if (v instanceof Number n) {
            return n;
        }
        try {
            return Double.valueOf(v.toString());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(file + ": " + section + "." + key + ": not a number: " + v);
        }
    }

    private static Integer integer(Path file, Map<?, ?> root, String section, String key) {
        Number n = number(file, root, section, key);
        if (n == null) {
            return null;
        }
        if (n.doubleValue() != Math.rint(n.doubleValue())) {
            throw new IllegalArgumentException(file + ": " + section + "." + key + ": not a whole number: " + n);
        }
        return n.intValue();
    }

    private static Long lng(Path file, Map<?, ?> root, String section, String key) {
        Integer i = integer(file, root, section, key);
        return i == null ? null : i.longValue();
    }

    private static Double dbl(Path file, Map<?, ?> root, String section, String key) {
        Number n = number(file, root, section, key);
        return n == null ? null : n.doubleValue();
    }

    private static String str(Path file, Map<?, ?> root, String section, String key) {
        Object v = value(root, section, key);
        return v == null ? null : v.toString();
    }
}
