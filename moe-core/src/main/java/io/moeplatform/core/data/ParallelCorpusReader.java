package io.moeplatform.core.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Reads and validates a parallel corpus file in any {@link CorpusFormat}.
 *
 * <p>Every entry is checked: strict UTF-8 (the declared charset for {@code .mo}), structure
 * (field count, JSON, gettext syntax, alignment of Moses pairs), language tags ({@link
 * LanguageTags}: ISO 639-1/639-3 and BCP 47 tags such as {@code pt-BR}), empty sides, and the
 * length ratio ({@link CorpusReaderOptions}). Exact duplicates within a language pair are counted
 * in {@link PairStats}, not rejected.
 *
 * <p>All-or-nothing: {@link #read} collects the pairs in memory and returns them only when the
 * whole file is valid, otherwise throws {@link InvalidCorpusException} with every problem (up to
 * the cap, plus the total). {@link #scan} streams valid pairs to a sink as it goes and returns the
 * report, for callers that stage the pairs elsewhere (a temporary object) and discard them when
 * the report is invalid. Streams are read once and closed.
 *
 * <pre>{@code
 * ParallelCorpusReader reader = new ParallelCorpusReader(CorpusReaderOptions.defaults());
 * ParallelCorpus corpus = reader.read(Path.of("train.tsv"));      // or throws with problems
 * corpus.report().stats().forEach((pair, s) -> System.out.println(pair + " " + s.pairs()));
 * }</pre>
 */
public final class ParallelCorpusReader {

    private final CorpusReaderOptions options;

    public ParallelCorpusReader(CorpusReaderOptions options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    /** A reader with {@link CorpusReaderOptions#defaults()}. */
    public ParallelCorpusReader() {
        this(CorpusReaderOptions.defaults());
    }

    /**
     * Reads one file whose format is not {@link CorpusFormat#MOSES}.
     *
     * @param name the file's name, used in problems
     * @throws InvalidCorpusException when anything in the file is invalid
     */
    public ParallelCorpus read(InputStream in, CorpusFormat format, String name) throws IOException {
        List<SentencePair> pairs = new ArrayList<>();
        CorpusReport report = scan(in, format, name, pairs::add).orThrow();
        return new ParallelCorpus(pairs, report);
    }

    /** Reads a file, its format from its name ({@link CorpusFormat#fromFileName}; not Moses). */
    public ParallelCorpus read(Path file) throws IOException {
        CorpusFormat format = CorpusFormat.fromFileName(file.getFileName().toString());
        if (format == CorpusFormat.MOSES) {
            throw new IllegalArgumentException(
                    file + ": not .tsv, .jsonl, .po or .mo; for a Moses pair use readMoses(src, tgt)");
        }
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, format, file.toString());
        }
    }

    /**
     * Reads a Moses pair of line-aligned files, languages from their suffixes.
     *
     * @throws InvalidCorpusException when anything is invalid, including differing line counts
     */
    public ParallelCorpus readMoses(InputStream src, String srcName, InputStream tgt, String tgtName)
            throws IOException {
        List<SentencePair> pairs = new ArrayList<>();
        CorpusReport report = scanMoses(src, srcName, tgt, tgtName, pairs::add).orThrow();
        return new ParallelCorpus(pairs, report);
    }

    /** Reads a Moses pair of files ({@code corpus.en}, {@code corpus.de}). */
    public ParallelCorpus readMoses(Path src, Path tgt) throws IOException {
        try (InputStream a = Files.newInputStream(src);
                InputStream b = Files.newInputStream(tgt)) {
            return readMoses(a, src.toString(), b, tgt.toString());
        }
    }

    /**
     * Checks a file and passes each valid pair to {@code sink} (may be null) as it is read.
     *
     * @return the report; the pairs given to the sink must be discarded unless it is {@link
     *     CorpusReport#valid() valid}
     */
    public CorpusReport scan(InputStream in, CorpusFormat format, String name, Consumer<SentencePair> sink)
            throws IOException {
        PairChecker checker = new PairChecker(name, format, options, sink);
        switch (format) {
            case TSV -> TsvParser.parse(in, checker);
            case JSONL -> JsonlParser.parse(in, checker);
            case PO -> PoParser.parse(in, checker, options);
            case MO -> MoParser.parse(in, checker, options);
            case MOSES ->
                throw new IllegalArgumentException(name + ": a Moses corpus is two files; use scanMoses/readMoses");
        }
        return checker.report();
    }

    /** As {@link #scan} for a Moses pair of files. */
    public CorpusReport scanMoses(
            InputStream src, String srcName, InputStream tgt, String tgtName, Consumer<SentencePair> sink)
            throws IOException {
        PairChecker checker = new PairChecker(srcName, tgtName, CorpusFormat.MOSES, options, sink);
        MosesParser.parse(src, srcName, tgt, tgtName, checker);
        return checker.report();
    }
}
