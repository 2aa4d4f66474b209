package io.moeplatform.worker.session;

import io.moeplatform.core.run.CorpusPreparation;
import io.moeplatform.core.spec.JobSpec;
import java.nio.file.Path;
import java.util.List;

/**
 * Turns a dataset's normalised corpus into what training reads: a deterministic train/validation
 * split and a subword tokenizer trained on the training split. Run once per job; its outputs are
 * stored with the job so that every later attempt, on any worker, trains on the same data with
 * the same vocabulary.
 */
@FunctionalInterface
public interface DataPreparation {

    /** The files {@link #prepare} writes into its output directory. */
    List<String> OUTPUTS = CorpusPreparation.OUTPUTS;

    /**
     * @param spec the job's spec (vocabulary size, seed)
     * @param corpusTsv the dataset: {@code src_lang, tgt_lang, src, tgt} per line
     * @param outDir where to write {@link #OUTPUTS}
     */
    void prepare(JobSpec spec, Path corpusTsv, Path outDir);
}
