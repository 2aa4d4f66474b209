package io.moeplatform.cli.local;

import io.moeplatform.core.data.LanguagePair;
import io.moeplatform.core.run.CorpusPreparation;
import io.moeplatform.core.run.TranslationTraining;
import io.moeplatform.core.spec.JobSpecValidator;
import io.moeplatform.core.spec.MemoryPlanner;
import io.moeplatform.core.spec.SpecViolation;
import io.moeplatform.core.train.StepMetrics;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code moe local train CONFIG}: trains an MoE translation model on a local corpus, with a
 * progress line (step, loss, tokens/s, ETA), per-step metrics in {@code OUTPUT/metrics.tsv} (with the
 * validation loss every {@code --eval-every} steps), checkpoints under {@code OUTPUT/checkpoints},
 * and an automatic resume from the newest checkpoint when run again.
 */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        description = {
            "Train an MoE translation model on a local corpus.",
            "CONFIG is YAML or JSON with corpus, output and the sections of a job spec (model, moe,"
                    + " schedule, checkpoint). Run it again to resume from the newest checkpoint."
        })
final class LocalTrainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "CONFIG", description = "the run's YAML or JSON config")
    Path config;

    @Option(names = "--steps", description = "train to this step instead of schedule.steps")
    Long steps;

    @Option(
            names = "--eval-every",
            defaultValue = "0",
            paramLabel = "N",
            description =
                    "validation loss every N steps, printed and written to OUTPUT/metrics.tsv (default ${DEFAULT-VALUE}: only at the end)")
    int evalEvery;

    @Option(
            names = "--bleu-sentences",
            defaultValue = "50",
            description =
                    "validation sentences per language pair for BLEU at the end (default ${DEFAULT-VALUE}; 0 skips)")
    int bleuSentences;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        LocalTrainConfig run;
        try {
            run = LocalTrainConfig.read(config);
        } catch (IllegalArgumentException e) {
            err.println("moe local train: " + e.getMessage());
            return 2;
        }
        List<SpecViolation> violations = JobSpecValidator.validate(run.spec()).stream()
                .filter(v -> !v.field().equals("dataset"))
                .toList();
        if (!violations.isEmpty()) {
            violations.forEach(v -> err.println("moe local train: " + config + ": " + v.field() + ": " + v.message()));
            return 2;
        }
        if (!Files.isRegularFile(run.corpus())) {
            err.println("moe local train: " + config + ": corpus: no such file " + run.corpus());
            return 2;
        }
        if (evalEvery < 0) {
            err.println("moe local train: --eval-every: must be 0 or more, not " + evalEvery);
            return 2;
        }
        long total = steps != null ? steps : run.spec().schedule().steps();
        out.printf("%s: %s%n", run.spec().name(), MemoryPlanner.plan(run.spec()).describe());
        Path data = run.output().resolve("data");
        Path checkpoints = run.output().resolve("checkpoints");
        try {
            if (!CorpusPreparation.OUTPUTS.stream().allMatch(f -> Files.exists(data.resolve(f)))) {
                out.printf(
                        "preparing %s: split and %d-token vocabulary…%n",
                        run.corpus(), run.spec().model().vocabSize());
                out.flush();
                CorpusPreparation.prepare(
                        run.corpus(),
                        data,
                        run.spec().model().vocabSize(),
                        run.spec().schedule().seed());
            }
            Files.createDirectories(checkpoints);
            try (TranslationTraining training =
                    TranslationTraining.open(TranslationTraining.Settings.of(run.spec()), data)) {
                Optional<Path> latest = latest(checkpoints);
                if (latest.isPresent()) {
                    training.load(latest.get());
                    out.printf("resumed from %s at step %d%n", latest.get(), training.step());
                }
                double validationLoss;
                try (MetricsLog metrics = MetricsLog.open(run.output().resolve(METRICS_FILE), training.step())) {
                    validationLoss = train(training, total, run, checkpoints, metrics, out, err);
                }
                if (Double.isNaN(validationLoss)) {
                    validationLoss = training.validationLoss();
                }
                out.printf("step %d: validation loss %.4f%n", training.step(), validationLoss);
                if (bleuSentences > 0) {
                    for (Map.Entry<LanguagePair, Double> e :
                            training.bleuByPair(bleuSentences).entrySet()) {
                        out.printf("BLEU %s = %.2f%n", e.getKey().key(), e.getValue());
                    }
                }
                out.printf("checkpoints in %s%n", checkpoints);
            }
            return 0;
        } catch (IOException e) {
            err.println("moe local train: " + e.getMessage());
            return 1;
        }
    }

    /**
     * Trains to step {@code total}, one metrics row per step, the validation loss every {@code
     * --eval-every} steps and at the last one. Returns the validation loss of the last step, or NaN
     * when no step ran.
     */
    private double train(
            TranslationTraining training,
            long total,
            LocalTrainConfig run,
            Path checkpoints,
            MetricsLog metrics,
            PrintWriter out,
            PrintWriter err)
            throws IOException {
        int interval = run.spec().checkpoint().intervalSteps();
        boolean terminal = System.console() != null;
        Progress progress = new Progress(training.step(), total, terminal);
        long lastSaved = training.step();
        double validationLoss = Double.NaN;
        while (training.step() < total) {
            StepMetrics m = training.trainStep();
            String line = progress.update(m, System.nanoTime());
            if (line != null) {
                err.print(line);
                err.flush();
            }
            validationLoss = Double.NaN;
            if (m.step() == total || (evalEvery > 0 && m.step() % evalEvery == 0)) {
                validationLoss = training.validationLoss();
                if (m.step() != total) {
                    if (terminal) {
                        err.println();
                        err.flush();
                    }
                    out.printf("step %d: validation loss %.4f%n", m.step(), validationLoss);
                    out.flush();
                }
            }
            metrics.write(m, validationLoss);
            if (m.step() % interval == 0 || m.step() == total) {
                save(training, checkpoints, run.spec().checkpoint().keepLast());
                lastSaved = m.step();
            }
        }
        if (lastSaved != training.step()) {
            save(training, checkpoints, run.spec().checkpoint().keepLast());
        }
        err.println();
        return validationLoss;
    }

    /** The per-step metrics file in the run directory. */
    static final String METRICS_FILE = "metrics.tsv";

    /**
     * {@code OUTPUT/metrics.tsv}: a header and one row per optimiser step (step, loss, aux_loss,
     * z_loss, dropped_fraction, tokens_per_second, val_loss; val_loss empty where not evaluated),
     * flushed after every row. On resume it keeps the rows up to the restored step and drops the
     * later ones (steps after the last checkpoint of an interrupted run), so that the file always
     * describes one run from step 1.
     */
    static final class MetricsLog implements AutoCloseable {
        static final String HEADER = "step\tloss\taux_loss\tz_loss\tdropped_fraction\ttokens_per_second\tval_loss";
        private final BufferedWriter writer;

        private MetricsLog(BufferedWriter writer) {
            this.writer = writer;
        }

        static MetricsLog open(Path file, long step) throws IOException {
            List<String> kept = new ArrayList<>();
            if (Files.exists(file)) {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    int tab = line.indexOf('\t');
                    if (tab > 0
                            && line.substring(0, tab).matches("\\d+")
                            && Long.parseLong(line.substring(0, tab)) <= step) {
                        kept.add(line);
                    }
                }
            }
            Files.createDirectories(file.toAbsolutePath().getParent());
            BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
            w.write(HEADER);
            w.newLine();
            for (String line : kept) {
                w.write(line);
                w.newLine();
            }
            w.flush();
            return new MetricsLog(w);
        }

        void write(StepMetrics m, double validationLoss) throws IOException {
            writer.write(String.format(
                    Locale.ROOT,
                    "%d\t%.6f\t%.6f\t%.6f\t%.6f\t%.1f\t%s",
                    m.step(),
                    m.loss(),
                    m.auxLoss(),
                    m.zLoss(),
                    m.droppedFraction(),
                    m.tokensPerSecond(),
                    Double.isNaN(validationLoss) ? "" : String.format(Locale.ROOT, "%.6f", validationLoss)));
            writer.newLine();
            writer.flush();
        }

        @Override
        public void close() throws IOException {
            writer.close();
        }
    }

    /** Writes the checkpoint beside its final name and renames it, so a crash leaves no half one. */
    static void save(TranslationTraining training, Path checkpoints, int keepLast) throws IOException {
        Path target = checkpoints.resolve(String.format("step-%09d", training.step()));
        Path partial = checkpoints.resolve(target.getFileName() + ".partial");
        deleteRecursively(partial);
        training.save(partial);
        deleteRecursively(target);
        Files.move(partial, target);
        List<Path> all = list(checkpoints);
        for (Path old : all.subList(0, Math.max(0, all.size() - keepLast))) {
            deleteRecursively(old);
        }
    }

    static Optional<Path> latest(Path checkpoints) throws IOException {
        List<Path> all = list(checkpoints);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.getLast());
    }

    private static List<Path> list(Path checkpoints) throws IOException {
        try (Stream<Path> s = Files.list(checkpoints)) {
            return s.filter(p ->
                            p.getFileName().toString().matches("step-\\d+") && Files.exists(p.resolve("config.json")))
                    .sorted(Comparator.comparing(p -> p.getFileName().toString()))
                    .toList();
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /**
     * The progress line: step, loss, aux loss, dropped fraction, tokens/s and ETA from the mean
     * step time since the run (re)started. On a terminal it rewrites one line; otherwise it prints
     * a line every 10 steps and at the end.
     */
    static final class Progress {
        private final long firstStep;
        private final long total;
        private final boolean terminal;
        private long startNanos = -1;

        Progress(long firstStep, long total, boolean terminal) {
            this.firstStep = firstStep;
            this.total = total;
            this.terminal = terminal;
        }

        String update(StepMetrics m, long nowNanos) {
            if (startNanos < 0) {
                startNanos = nowNanos;
            }
            long done = m.step() - firstStep;
            double perStep = done <= 1 ? Double.NaN : (nowNanos - startNanos) / 1e9 / (done - 1);
            String eta = Double.isNaN(perStep)
                    ? "?"
                    : format(Duration.ofMillis((long) (perStep * (total - m.step()) * 1000)));
            String text = String.format(
                    "step %d/%d  loss %.4f  aux %.4f  dropped %.3f  tok/s %,.0f  ETA %s",
                    m.step(), total, m.loss(), m.auxLoss(), m.droppedFraction(), m.tokensPerSecond(), eta);
            if (terminal) {
                return "\r" + text + "   ";
            }
            return m.step() % 10 == 0 || m.step() == total ? text + System.lineSeparator() : null;
        }

        static String format(Duration d) {
            long s = d.toSeconds();
            if (s >= 3600) {
                return String.format("%dh%02dm", s / 3600, (s % 3600) / 60);
            }
            return s >= 60 ? String.format("%dm%02ds", s / 60, s % 60) : s + "s";
        }
    }
}
