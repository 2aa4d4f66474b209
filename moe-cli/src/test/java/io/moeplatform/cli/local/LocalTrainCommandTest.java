package io.moeplatform.cli.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.moeplatform.cli.MoeCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code moe local train} and {@code moe local translate} on a small cut of the sample corpus. */
class LocalTrainCommandTest {

    record Run(int exit, String out, String err) {}

    static Run moe(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new MoeCommand());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    static Path corpus(Path dir) throws Exception {
        Path sample = Path.of("../samples/corpus/train.tsv");
        try (Stream<String> lines = Files.lines(sample, StandardCharsets.UTF_8)) {
            List<String> rows = lines.skip(1)
                    .filter(l -> l.split("\t")[1].matches("de|fr"))
                    .limit(300)
                    .toList();
            Path file = dir.resolve("small.tsv");
            Files.writeString(
                    file, "src_lang\ttgt_lang\tsrc\ttgt\n" + rows.stream().collect(Collectors.joining("\n")) + "\n");
            return file;
        }
    }

    @Test
    void trainsCheckpointsResumesAndTranslates(@TempDir Path dir) throws Exception {
        corpus(dir);
        Path config = dir.resolve("tiny.yaml");
        Files.writeString(config, """
        corpus: small.tsv
        model: {dModel: 32, heads: 2, encoderLayers: 2, decoderLayers: 2, ffnHidden: 64, vocabSize: 300, maxLength: 20}
        moe: {experts: 4, topK: 2, moeEvery: 2}
        schedule: {steps: 4, batchTokens: 400, warmupSteps: 2, learningRate: 0.003}
        checkpoint: {intervalSteps: 2, keepLast: 1}
        """);
        Run first = moe("local", "train", config.toString(), "--bleu-sentences", "2", "--eval-every", "2");
        assertThat(first.exit()).as(first.err()).isZero();
        assertThat(first.err()).contains("step 4/4").contains("loss");
        assertThat(first.out())
                .contains("step 2: validation loss")
                .contains("step 4: validation loss")
                .contains("BLEU en>de = ");
        Path metrics = dir.resolve("runs/tiny/metrics.tsv");
        List<String[]> rows =
                Files.readAllLines(metrics).stream().map(l -> l.split("\t", -1)).toList();
        assertThat(rows.getFirst())
                .containsExactly(
                        "step", "loss", "aux_loss", "z_loss", "dropped_fraction", "tokens_per_second", "val_loss");
        assertThat(rows.stream().skip(1).map(r -> r[0])).containsExactly("1", "2", "3", "4");
        assertThat(rows.stream().skip(1).map(r -> r[6].isEmpty())).containsExactly(true, false, true, false);
        assertThat(Double.parseDouble(rows.get(4)[6])).isPositive();
        Path checkpoints = dir.resolve("runs/tiny/checkpoints");
        try (Stream<Path> s = Files.list(checkpoints)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly("step-000000004");
        }

        Run second = moe("local", "train", config.toString(), "--steps", "6", "--bleu-sentences", "0");
        assertThat(second.exit()).as(second.err()).isZero();
        assertThat(second.out()).contains("resumed from").contains("at step 4");
        assertThat(second.err()).contains("step 6/6").doesNotContain("step 4/");
        assertThat(Files.readAllLines(metrics).stream().skip(1).map(l -> l.split("\t", -1)[0]))
                .containsExactly("1", "2", "3", "4", "5", "6");

        Run translated = moe(
                "local",
                "translate",
                "-c",
                checkpoints.resolve("step-000000006").toString(),
                "--to",
                "de",
                "File not found");
        assertThat(translated.exit()).as(translated.err()).isZero();
        assertThat(translated.out().lines().count()).isEqualTo(1);
    }

    @Test
    void aBadConfigNamesTheKeyAndTrainsNothing(@TempDir Path dir) throws Exception {
        corpus(dir);
        Path config = dir.resolve("bad.yaml");
        Files.writeString(config, "corpus: small.tsv\nmoe: {experts: 4, topk: 2}\n");
        Run run = moe("local", "train", config.toString());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("moe.topk: unknown key");
        assertThat(Files.exists(dir.resolve("runs"))).isFalse();

        Files.writeString(config, "corpus: small.tsv\nmoe: {experts: 2, topK: 3}\n");
        run = moe("local", "train", config.toString());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("moe.topK: topK (3) > experts (2)");
    }

    @Test
    void progressShowsTheEtaFromTheMeanStepTime() {
        assertThat(LocalTrainCommand.Progress.format(java.time.Duration.ofSeconds(3725)))
                .isEqualTo("1h02m");
        assertThat(LocalTrainCommand.Progress.format(java.time.Duration.ofSeconds(125)))
                .isEqualTo("2m05s");
        assertThat(LocalTrainCommand.Progress.format(java.time.Duration.ofSeconds(7)))
                .isEqualTo("7s");
    }
}
