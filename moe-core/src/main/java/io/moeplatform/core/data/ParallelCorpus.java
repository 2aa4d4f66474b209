package io.moeplatform.core.data;

import java.util.List;

/**
 * A corpus file read and validated completely: its pairs in file order and its report.
 *
 * @param pairs every pair of the file (duplicates kept; {@link PairStats#duplicates()} counts them)
 * @param report statistics; always {@link CorpusReport#valid() valid} here
 */
public record ParallelCorpus(List<SentencePair> pairs, CorpusReport report) {

    public ParallelCorpus {
        pairs = List.copyOf(pairs);
    }
}
