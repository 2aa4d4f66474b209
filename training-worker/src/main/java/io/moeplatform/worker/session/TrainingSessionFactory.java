package io.moeplatform.worker.session;

import io.moeplatform.core.spec.JobSpec;
import java.nio.file.Path;

/** Opens the engine for a job, on data that the prepare-data step left in {@code dataDir}. */
@FunctionalInterface
public interface TrainingSessionFactory {

    /**
     * @param spec the job's spec, defaults applied
     * @param dataDir holds {@code tokenizer.json}, {@code train.tsv} and {@code valid.tsv}
     */
    TrainingSession open(JobSpec spec, Path dataDir);
}
