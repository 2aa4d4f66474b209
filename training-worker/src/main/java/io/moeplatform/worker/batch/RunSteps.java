package io.moeplatform.worker.batch;

import io.moeplatform.core.data.LanguagePair;
import io.moeplatform.jobs.JobQueue;
import io.moeplatform.jobs.MetricSeries;
import io.moeplatform.jobs.ObjectKeys;
import io.moeplatform.store.ObjectStore;
import io.moeplatform.store.checkpoint.CheckpointManifest;
import io.moeplatform.worker.WorkerProperties;
import io.moeplatform.worker.checkpoint.CheckpointPublisher;
import io.moeplatform.worker.run.JobRunner;
import io.moeplatform.worker.run.RunContext;
import io.moeplatform.worker.run.StopReason;
import io.moeplatform.worker.session.DataPreparation;
import io.moeplatform.worker.session.StepReport;
import io.moeplatform.worker.session.TrainingSession;
import io.moeplatform.worker.session.TrainingSessionFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;

/**
 * The work of the four Batch steps of {@code trainingJob}, on the job the worker is running.
 * Each step is safe to run again after a crash: preparing data reuses what an earlier attempt
 * stored, training resumes from the last committed checkpoint, and evaluation and publishing
 * overwrite what they wrote before.
 */
public class RunSteps {

    private static final Logger log = LoggerFactory.getLogger(RunSteps.class);

    /** What every BLEU metric name starts with; the pair's {@link LanguagePair#key()} follows. */
    public static final String BLEU_PREFIX = "bleu/";

    private final ObjectProvider<JobRunner> runner;
    private final ObjectStore store;
    private final DataPreparation preparation;
    private final TrainingSessionFactory sessions;
    private final CheckpointPublisher checkpoints;
    private final MetricSeries metrics;
    private final JobQueue queue;
    private final WorkerProperties properties;

    public RunSteps(
            ObjectProvider<JobRunner> runner,
            ObjectStore store,
            DataPreparation preparation,
            TrainingSessionFactory sessions,
            CheckpointPublisher checkpoints,
            MetricSeries metrics,
            JobQueue queue,
            WorkerProperties properties) {
        this.runner = runner;
        this.store = store;
        this.preparation = preparation;
        this.sessions = sessions;
        this.checkpoints = checkpoints;
        this.metrics = metrics;
        this.queue = queue;
        this.properties = properties;
    }

    private RunContext run() {
        return runner.getObject().current().orElseThrow(() -> new IllegalStateException("no job is running"));
    }

    /**
     * Step 1: split the dataset and train the tokenizer, once per job. The outputs go to object
     * storage under the job, so that every later attempt on any worker uses the same ones.
     */
    public void prepareData() {
        RunContext run = run();
        String prefix = ObjectKeys.jobData(run.job().teamId(), run.jobId());
        if (DataPreparation.OUTPUTS.stream()
                .allMatch(f -> store.stat(prefix + f).isPresent())) {
            queue.log(run.jobId(), run.workerId(), "INFO", "data prepared by an earlier attempt; reusing it");
            return;
        }
        Path dir = run.workDir().resolve("prepare");
        try {
            Files.createDirectories(dir);
            Path corpus = dir.resolve("corpus.tsv");
            String corpusKey = ObjectKeys.corpus(run.job().teamId(), run.job().datasetId());
            store.download(corpusKey, corpus);
            Path out = Files.createDirectories(dir.resolve("out"));
            preparation.prepare(run.spec(), corpus, out);
            for (String f : DataPreparation.OUTPUTS) {
                store.put(prefix + f, out.resolve(f), "text/plain");
            }
            queue.log(
                    run.jobId(), run.workerId(), "INFO", "data prepared: tokenizer trained, train/valid split stored");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Step 2: the training loop, from the last committed checkpoint to the last step. Every step
     * checks the stop signal (cancel, shutdown, lost lease); a checkpoint is published every
     * {@code checkpoint.intervalSteps} and when the run stops for cancel or shutdown.
     *
     * @return the reason training stopped early, or empty when it reached the last step
     */
    public Optional<StopReason> train() {
        RunContext run = run();
        TrainingSession session = session(run);
        long total = run.spec().schedule().steps();
        int interval = run.spec().checkpoint().intervalSteps();
        long lastCheckpoint = session.step();
        while (session.step() < total) {
            StopReason stop = run.stopReason();
            if (stop == null && queue.cancelRequested(run.jobId())) {
                run.requestStop(StopReason.CANCEL);
                stop = StopReason.CANCEL;
            }
            if (stop != null) {
                if (stop != StopReason.LEASE_LOST && session.step() > lastCheckpoint) {
                    publish(run, session, session.validationLoss());
                }
                return Optional.of(stop);
            }
            StepReport report = session.trainStep();
            run.step(report.step());
            if (report.step() % properties.metricsEvery() == 0 || report.step() == total) {
                metrics.record(run.jobId(), report.step(), report.series());
                queue.reportStep(run.jobId(), run.workerId(), report.step());
            }
            if (report.step() % interval == 0 || report.step() == total) {
                publish(run, session, session.validationLoss());
                lastCheckpoint = report.step();
            }
        }
        return Optional.empty();
    }

    /** Step 3: validation loss and BLEU per language pair of the final model. */
    public Map<String, Double> evaluate() {
        RunContext run = run();
        TrainingSession session = session(run);
        Map<String, Double> results = new LinkedHashMap<>();
        results.put("val_loss", session.validationLoss());
        session.bleuByPair(32).forEach((pair, bleu) -> results.put(bleuMetric(pair), bleu));
        metrics.record(run.jobId(), session.step(), results);
        queue.log(run.jobId(), run.workerId(), "INFO", "evaluation: " + results);
        return results;
    }

    /** The metric name of a pair's BLEU: {@code bleu/} and the pair's key, e.g. {@code bleu/en>pt-BR}. */
    public static String bleuMetric(LanguagePair pair) {
        return BLEU_PREFIX + pair.key();
    }

    /** Step 4: the final checkpoint carries the validation loss that retention ranks it by. */
    public void publish(Map<String, Double> evaluation) {
        RunContext run = run();
        TrainingSession session = session(run);
        Double valLoss = evaluation == null ? null : evaluation.get("val_loss");
        checkpoints.recordValidationLoss(run, session.step(), valLoss);
        run.closeSession();
    }

    private void publish(RunContext run, TrainingSession session, Double valLoss) {
        Path dir = run.workDir().resolve("checkpoint-" + session.step());
        try {
            deleteRecursively(dir);
            Files.createDirectories(dir);
            session.save(dir);
            CheckpointManifest m = checkpoints.publish(run, dir, session.step(), valLoss);
            queue.log(
                    run.jobId(),
                    run.workerId(),
                    "INFO",
                    "checkpoint at step " + m.step() + " committed ("
                            + m.shards().size() + " shards, " + m.totalSize() + " bytes)");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteRecursively(dir);
        }
    }

    /** The run's engine session, opened on first use and restored from the last checkpoint. */
    private TrainingSession session(RunContext run) {
        if (run.session().isPresent()) {
            return run.session().get();
        }
        try {
            Path data = Files.createDirectories(run.workDir().resolve("data"));
            for (String f : DataPreparation.OUTPUTS) {
                if (!Files.exists(data.resolve(f))) {
                    store.download(ObjectKeys.jobData(run.job().teamId(), run.jobId()) + f, data.resolve(f));
                }
            }
            TrainingSession session = sessions.open(run.spec(), data);
            run.session(session);
            Path restore = run.workDir().resolve("restore");
            deleteRecursively(restore);
            Files.createDirectories(restore);
            Optional<CheckpointManifest> latest = checkpoints.restoreLatest(run, restore);
            if (latest.isPresent()) {
                session.load(restore);
                run.step(session.step());
                queue.log(run.jobId(), run.workerId(), "INFO", "resumed from the checkpoint at step " + session.step());
            }
            deleteRecursively(restore);
            return session;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            log.warn("Could not delete {}: {}", dir, e.getMessage());
        }
    }
}
