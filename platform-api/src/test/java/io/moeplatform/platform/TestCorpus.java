package io.moeplatform.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Small corpora cut from the project's sample corpus ({@code samples/corpus}). */
public final class TestCorpus {

    private TestCorpus() {}

    /** The sample corpus's training split, found from the module directory or the repository root. */
    public static Path sampleTrain() {
        for (Path p : List.of(Path.of("../samples/corpus/train.tsv"), Path.of("samples/corpus/train.tsv"))) {
            if (Files.exists(p)) {
                return p;
            }
        }
        throw new IllegalStateException(
                "samples/corpus/train.tsv not found from " + Path.of("").toAbsolutePath());
    }

    /**
     * A TSV (with header) of the first {@code perLanguage} pairs of each of {@code languages}, all
     * with English source.
     */
    public static byte[] tsv(List<String> languages, int perLanguage) {
        try {
            List<String> lines = Files.readAllLines(sampleTrain(), StandardCharsets.UTF_8);
            Map<String, List<String>> byLanguage =
                    lines.stream().skip(1).collect(Collectors.groupingBy(l -> l.split("\t", 3)[1]));
            StringBuilder out = new StringBuilder("src_lang\ttgt_lang\tsrc\ttgt\n");
            for (String language : languages) {
                byLanguage.getOrDefault(language, List.of()).stream()
                        .limit(perLanguage)
                        .forEach(l -> out.append(l).append('\n'));
            }
            return out.toString().getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
