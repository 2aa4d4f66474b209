package io.moeplatform.cli.local;

import io.moeplatform.core.decode.BeamSearchConfig;
import io.moeplatform.core.run.Translator;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code moe local translate}: translation with a checkpoint, one sentence per line; greedy, or
 * beam search with {@code --beam N} (N > 1) and the GNMT length penalty {@code --length-penalty A}.
 */
@Command(
        name = "translate",
        mixinStandardHelpOptions = true,
        description = "Translate sentences (arguments, or standard input one per line) with a checkpoint.")
final class LocalTranslateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(
            names = {"-c", "--checkpoint"},
            required = true,
            description = "checkpoint directory (from moe local train or a platform download)")
    Path checkpoint;

    @Option(
            names = {"-t", "--to"},
            required = true,
            description = "target language, e.g. de")
    String target;

    @Option(names = "--tokenizer", description = "tokenizer.json, when the checkpoint has none")
    Path tokenizer;

    @Option(
            names = "--beam",
            paramLabel = "N",
            defaultValue = "1",
            description =
                    "beam size; 1 (default) decodes greedily, e.g. 4 searches 4 hypotheses per sentence (4x the decoder work)")
    int beam;

    @Option(
            names = "--length-penalty",
            paramLabel = "A",
            defaultValue = "1.0",
            description =
                    "GNMT length penalty alpha for --beam > 1: score = log P / ((5+|y|)/6)^A (default 1.0; 0 favours short output)")
    double lengthPenalty;

    @Parameters(paramLabel = "TEXT", arity = "0..*", description = "sentences; none reads standard input")
    List<String> texts = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        BeamSearchConfig beamSearch;
        try {
            beamSearch = BeamSearchConfig.builder()
                    .optBeamSize(beam)
                    .optLengthPenalty(lengthPenalty)
                    .build();
        } catch (IllegalArgumentException e) {
            err.println("moe local translate: --beam/--length-penalty: " + e.getMessage());
            return 2;
        }
        if (!Files.exists(checkpoint.resolve("config.json"))) {
            err.println("moe local translate: " + checkpoint + " is not a checkpoint (no config.json)");
            return 2;
        }
        List<String> sources = texts;
        if (sources.isEmpty()) {
            sources = new ArrayList<>();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line; (line = in.readLine()) != null; ) {
                sources.add(line);
            }
        }
        try (Translator translator =
                tokenizer == null ? Translator.load(checkpoint) : Translator.load(checkpoint, tokenizer)) {
            List<String> translated = beam == 1
                    ? translator.translate(sources, target)
                    : translator.translate(sources, target, beamSearch);
            translated.forEach(out::println);
            return 0;
        } catch (IllegalArgumentException e) {
            err.println("moe local translate: " + e.getMessage());
            return 2;
        }
    }
}
