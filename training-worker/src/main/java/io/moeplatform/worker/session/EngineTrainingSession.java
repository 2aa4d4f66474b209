package io.moeplatform.worker.session;

import io.moeplatform.core.data.LanguagePair;
import io.moeplatform.core.run.TranslationTraining;
import io.moeplatform.core.spec.JobSpec;
import io.moeplatform.core.train.StepMetrics;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * A job's training on the moe-core engine: the job spec mapped onto a {@link
 * TranslationTraining}, whose data order is a pure function of seed and step, so that a session
 * restored from a checkpoint continues exactly as an uninterrupted one would.
 */
public final class EngineTrainingSession implements TrainingSession {

    private final TranslationTraining training;

    private EngineTrainingSession(TranslationTraining training) {
        this.training = training;
    }

    /** Opens a session on the outputs of the prepare-data step. */
    public static TrainingSession open(JobSpec spec, Path dataDir) {
        return new EngineTrainingSession(TranslationTraining.open(TranslationTraining.Settings.of(spec), dataDir));
    }

    @Override
    public long step() {
        return training.step();
    }

    @Override
    public StepReport trainStep() {
        StepMetrics m = training.trainStep();
        return new StepReport(
                m.step(),
                m.loss(),
                m.auxLoss(),
                m.zLoss(),
                m.tokensPerSecond(),
                m.droppedFraction(),
                m.learningRate(),
                loadFractions(m));
    }

    /** Kept tokens per layer and expert, as fractions of each layer's kept tokens. */
    static double[][] loadFractions(StepMetrics m) {
        double[][] load = new double[m.expertLoad().length][];
        for (int l = 0; l < load.length; l++) {
            int[] counts = m.expertLoad()[l];
            double total = Arrays.stream(counts).sum();
            load[l] = Arrays.stream(counts)
                    .mapToDouble(c -> total == 0 ? 0 : c / total)
                    .toArray();
        }
        return load;
    }

    @Override
    public void save(Path dir) {
        training.save(dir);
    }

    @Override
    public void load(Path dir) {
        training.load(dir);
    }

    @Override
    public double validationLoss() {
        return training.validationLoss();
    }

    @Override
    public Map<LanguagePair, Double> bleuByPair(int maxSentences) {
        return training.bleuByPair(maxSentences);
    }

    @Override
    public void close() {
        training.close();
    }
}
