package io.moeplatform.worker.session;

import io.moeplatform.core.data.LanguagePair;
import java.nio.file.Path;
import java.util.Map;

/**
 * One job's model and optimiser on this worker: the seam between the Batch steps (which own
 * the job's life, checkpoints in object storage and reporting) and the engine in moe-core (which
 * owns the numbers). Not thread-safe: one training thread drives it.
 */
public interface TrainingSession extends AutoCloseable {

    /** Optimiser steps completed so far (restored from a checkpoint after {@link #load}). */
    long step();

    /** Runs one optimiser step and returns its metrics. */
    StepReport trainStep();

    /** Writes a checkpoint of model, optimiser and data-order state into an empty directory. */
    void save(Path dir);

    /** Restores the state that {@link #save} wrote; refuses a checkpoint of another model shape. */
    void load(Path dir);

    /** Mean per-token cross-entropy on the validation split. */
    double validationLoss();

    /** Corpus BLEU (sacreBLEU defaults) per language pair on up to {@code maxSentences} each. */
    Map<LanguagePair, Double> bleuByPair(int maxSentences);

    @Override
    void close();
}
