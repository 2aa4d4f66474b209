package io.moeplatform.core.data;

import java.util.List;
import java.util.SortedMap;

/**
 * What reading a corpus file found: statistics per language pair, entries deliberately skipped,
 * and problems.
 *
 * @param file the file name as given
 * @param format its format
 * @param stats statistics per language pair, sorted by pair
 * @param skipped entries left out by design, not errors: gettext header, fuzzy, obsolete and
 *     untranslated entries, blank lines
 * @param problems the first problems (up to the configured cap), in file order
 * @param totalProblems all problems found
 */
public record CorpusReport(
        String file,
        CorpusFormat format,
        SortedMap<LanguagePair, PairStats> stats,
        long skipped,
        List<CorpusProblem> problems,
        long totalProblems) {

    /** Whether the file can be imported. */
    public boolean valid() {
        return totalProblems == 0;
    }

    /** The statistics over all language pairs. */
    public PairStats total() {
        return stats.values().stream().reduce(new PairStats(0, 0, 0, 0, 0, 0), PairStats::plus);
    }

    /** @throws InvalidCorpusException when the report has problems */
    public CorpusReport orThrow() {
        if (!valid()) {
            throw new InvalidCorpusException(file, problems, totalProblems);
        }
        return this;
    }
}
