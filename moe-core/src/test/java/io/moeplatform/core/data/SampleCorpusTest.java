package io.moeplatform.core.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The shipped sample corpus (samples/corpus, built by scripts/build-sample-corpus.sh) is valid. */
class SampleCorpusTest {

    static final Path DIR = Path.of("..", "samples", "corpus");

    @Test
    void everySplitReadsWithoutProblemsAndSplitsDoNotShareSources() throws IOException {
        ParallelCorpusReader reader = new ParallelCorpusReader();
        ParallelCorpus train = reader.read(DIR.resolve("train.tsv"));
        ParallelCorpus valid = reader.read(DIR.resolve("valid.tsv"));
        ParallelCorpus test = reader.read(DIR.resolve("test.tsv"));
        assertThat(train.report().stats()).hasSizeGreaterThanOrEqualTo(20);
        assertThat(train.report().stats().keySet()).allMatch(p -> p.src().equals("en"));
        assertThat(train.report().total().duplicates()).isZero();
        Set<String> trainSources = train.pairs().stream().map(SentencePair::src).collect(Collectors.toSet());
        Set<String> heldOut = new HashSet<>();
        valid.pairs().forEach(p -> heldOut.add(p.src()));
        test.pairs().forEach(p -> heldOut.add(p.src()));
        assertThat(heldOut).doesNotContainAnyElementsOf(trainSources);
        assertThat(test.report().stats()).hasSameSizeAs(train.report().stats());
    }
}
