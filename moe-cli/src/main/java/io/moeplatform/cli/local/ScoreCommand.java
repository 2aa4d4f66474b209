package io.moeplatform.cli.local;

import io.moeplatform.core.data.Utf8LineReader;
import io.moeplatform.core.eval.Bleu;
import io.moeplatform.core.eval.BleuScore;
import io.moeplatform.core.eval.Chrf;
import io.moeplatform.core.eval.ChrfScore;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code moe score}: corpus BLEU or chrF of a hypothesis file against one or more reference files,
 * one segment per line, computed as sacreBLEU 2.x does by default.
 *
 * <p>Text output is sacreBLEU's score line ({@code BLEU = 48.53 82.4/50.0/45.5/37.5 (BP = 0.943
 * ratio = 0.944 hyp_len = 17 ref_len = 18)}); {@code --output json} prints sacreBLEU's JSON keys
 * on one line. The score has {@code --width} decimals: 2 by default as in sacreBLEU's Python API
 * (its command line defaults to 1). Exit status 0 on success, 1 when a file cannot be read or the
 * files differ in line count, 2 on bad options.
 */
@Command(
        name = "score",
        mixinStandardHelpOptions = true,
        description = "Score translations: corpus BLEU or chrF as sacreBLEU computes them by default.")
public final class ScoreCommand implements Callable<Integer> {

    /** The metrics {@code --metric} accepts. */
    enum Metric {
        bleu,
        chrf
    }

    /** The formats {@code --output} accepts. */
    enum Output {
        text,
        json
    }

    @Spec
    CommandSpec spec;

    @Option(names = "--metric", defaultValue = "bleu", description = "bleu or chrf (default: ${DEFAULT-VALUE}).")
    Metric metric;

    @Option(names = "--hyp", required = true, paramLabel = "FILE", description = "Hypotheses, one per line.")
    Path hyp;

    @Option(
            names = "--ref",
            required = true,
            paramLabel = "FILE",
            description = "References, one per line, aligned with --hyp; repeat for several references.")
    List<Path> refs;

    @Option(names = "--output", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE}).")
    Output output;

    @Option(names = "--width", defaultValue = "2", description = "Decimals of the score (default: ${DEFAULT-VALUE}).")
    int width;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<String> hypotheses;
        List<List<String>> references = new ArrayList<>();
        try {
            hypotheses = readLines(hyp);
            for (Path ref : refs) {
                List<String> lines = readLines(ref);
                if (lines.size() != hypotheses.size()) {
                    err.println("moe score: "
                            + ref
                            + " has "
                            + lines.size()
                            + " lines but "
                            + hyp
                            + " has "
                            + hypotheses.size()
                            + "; references must be aligned line by line with the hypotheses");
                    return 1;
                }
                references.add(lines);
            }
        } catch (IOException e) {
            err.println("moe score: " + e.getMessage());
            return 1;
        }
        String line = switch (metric) {
            case bleu -> {
                Bleu bleu = Bleu.defaults();
                BleuScore s = bleu.corpusScore(hypotheses, references);
                yield output == Output.json ? s.toJson(width, bleu.signature(references)) : s.format(width);
            }
            case chrf -> {
                Chrf chrf = Chrf.defaults();
                ChrfScore s = chrf.corpusScore(hypotheses, references);
                yield output == Output.json ? s.toJson(width, chrf.signature(references)) : s.format(width);
            }
        };
        out.println(line);
        out.flush();
        return 0;
    }

    /** Reads a UTF-8 file strictly; a malformed byte sequence is reported with file and line. */
    static List<String> readLines(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": no such file");
        }
        List<String> lines = new ArrayList<>();
        try (Utf8LineReader r = new Utf8LineReader(Files.newInputStream(file))) {
            for (Utf8LineReader.Line line = r.next(); line != null; line = r.next()) {
                if (!line.ok()) {
                    throw new IOException(file + ":" + line.number() + ": " + line.error());
                }
                lines.add(line.text());
            }
        }
        return lines;
    }
}
