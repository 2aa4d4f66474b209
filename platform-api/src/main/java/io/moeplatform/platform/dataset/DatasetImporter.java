package io.moeplatform.platform.dataset;

import io.moeplatform.core.data.CorpusFormat;
import io.moeplatform.core.data.CorpusProblem;
import io.moeplatform.core.data.CorpusReaderOptions;
import io.moeplatform.core.data.CorpusReport;
import io.moeplatform.core.data.LanguagePair;
import io.moeplatform.core.data.PairStats;
import io.moeplatform.core.data.ParallelCorpusReader;
import io.moeplatform.core.data.SentencePair;
import io.moeplatform.jobs.ObjectKeys;
import io.moeplatform.platform.dataset.CorpusUpload.ReceivedFile;
import io.moeplatform.platform.dataset.DatasetRepository.Row;
import io.moeplatform.platform.dataset.DatasetRepository.StoredFile;
import io.moeplatform.platform.web.ApiException;
import io.moeplatform.store.ObjectStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.UUID;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns an upload into a dataset, all or nothing:
 *
 * <ol>
 *   <li>{@link #check}: the moe-core importer reads every file (strict UTF-8, structure, pair
 *       alignment, language tags) and, as it goes, writes the normalised {@code corpus.tsv} to the
 *       upload's temporary directory; any problem rejects the upload with every problem named;
 *   <li>{@link #store}, inside the caller's transaction: the original files and the normalised
 *       copy go to the object store, then the rows are inserted. If the transaction does not
 *       commit (a duplicate name, a failed insert, a failed upload), the objects written are
 *       deleted again, so that a rejected upload leaves nothing behind.
 * </ol>
 */
@Component
class DatasetImporter {

    private static final Logger log = LoggerFactory.getLogger(DatasetImporter.class);

    /** The normalised corpus's header line. */
    static final String CORPUS_HEADER = "src_lang\ttgt_lang\tsrc\ttgt";

    private final ObjectStore store;
    private final DatasetRepository datasets;
    private final JsonMapper json;
    private final CorpusReaderOptions options;

    DatasetImporter(ObjectStore store, DatasetRepository datasets, JsonMapper json, DatasetProperties properties) {
        this.store = store;
        this.datasets = datasets;
        this.json = json;
        this.options = CorpusReaderOptions.defaults().withMaxProblems(properties.maxProblems());
    }

    /**
     * A corpus that passed every check.
     *
     * @param format its format
     * @param files the original files
     * @param normalised the normalised TSV on local disk
     * @param report the importer's report (for a Moses pair, of both files together)
     */
    record CheckedCorpus(CorpusFormat format, List<ReceivedFile> files, Path normalised, CorpusReport report) {}

    /**
     * Validates the upload and writes its normalised copy.
     *
     * @throws ApiException 400 {@code invalid-corpus} naming the first problem's file and line, with
     *     the problems (capped) and their total
     */
    CheckedCorpus check(CorpusUpload upload, CorpusFormat format) throws IOException {
        List<ReceivedFile> files = upload.files();
        Path normalised = upload.scratch(ObjectKeys.CORPUS);
        CorpusReport report;
        ParallelCorpusReader reader = new ParallelCorpusReader(options);
        try (Writer out = Files.newBufferedWriter(normalised, StandardCharsets.UTF_8)) {
            out.write(CORPUS_HEADER);
            out.write('\n');
            Consumer<SentencePair> sink = pair -> write(out, pair);
            if (format == CorpusFormat.MOSES) {
                ReceivedFile src = files.get(0);
                ReceivedFile tgt = files.get(1);
                try (InputStream a = Files.newInputStream(src.path());
                        InputStream b = Files.newInputStream(tgt.path())) {
                    report = reader.scanMoses(a, src.name(), b, tgt.name(), sink);
                }
            } else {
                ReceivedFile file = files.getFirst();
                try (InputStream in = Files.newInputStream(file.path())) {
                    report = reader.scan(in, format, file.name(), sink);
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        if (!report.valid()) {
            throw invalid(report);
        }
        if (report.total().pairs() == 0) {
            String file = files.getFirst().name();
            throw invalid(new CorpusReport(
                    file,
                    format,
                    report.stats(),
                    report.skipped(),
                    List.of(new CorpusProblem(file, 0, null, "no sentence pairs")),
                    1));
        }
        return new CheckedCorpus(format, files, normalised, report);
    }

    private static void write(Writer out, SentencePair pair) {
        try {
            out.write(pair.srcLang());
            out.write('\t');
            out.write(pair.tgtLang());
            out.write('\t');
            out.write(field(pair.src()));
            out.write('\t');
            out.write(field(pair.tgt()));
            out.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** TSV fields cannot hold tabs or line breaks (JSONL and gettext text can): they become spaces. */
    static String field(String text) {
        return text.indexOf('\t') < 0 && text.indexOf('\n') < 0 && text.indexOf('\r') < 0
                ? text
                : text.replace("\r\n", " ")
                        .replace('\t', ' ')
                        .replace('\n', ' ')
                        .replace('\r', ' ');
    }

    static ApiException invalid(CorpusReport report) {
        CorpusProblem first = report.problems().getFirst();
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("file", first.file());
        properties.put("line", first.line());
        if (first.field() != null) {
            properties.put("field", first.field());
        }
        properties.put("problems", report.problems());
        properties.put("totalProblems", report.totalProblems());
        return new ApiException(HttpStatus.BAD_REQUEST, "invalid-corpus", first.toString(), properties);
    }

    /**
     * Stores a checked corpus as dataset {@code name} of the team; must run in a transaction.
     *
     * @throws ApiException 409 {@code dataset-exists} when the team has a dataset of that name
     */
    DatasetView store(UUID teamId, String name, CheckedCorpus corpus) {
        if (datasets.exists(teamId, name)) {
            throw duplicate(name);
        }
        UUID id = UUID.randomUUID();
        String prefix = ObjectKeys.dataset(teamId, id);
        // Registered before the first object is written: whatever was written goes if we roll back.
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
                if (status != STATUS_COMMITTED) {
                    deleteQuietly(prefix);
                }
            }
        });
        List<StoredFile> stored = new ArrayList<>();
        long size = 0;
        for (ReceivedFile f : corpus.files()) {
            String key = ObjectKeys.datasetFile(teamId, id, f.name());
            store.put(key, f.path(), contentType(corpus.format()));
            long lines =
                    corpus.format() == CorpusFormat.MO ? corpus.report().total().pairs() : f.lines();
            stored.add(new StoredFile(f.name(), key, f.sizeBytes(), f.sha256(), lines));
            size += f.sizeBytes();
        }
        store.put(ObjectKeys.corpus(teamId, id), corpus.normalised(), "text/tab-separated-values; charset=utf-8");
        Row row = new Row(
                id,
                teamId,
                name,
                corpus.format().name(),
                "READY",
                corpus.report().total().pairs(),
                size,
                stats(corpus.report()),
                null);
        try {
            datasets.insert(row, stored);
        } catch (DuplicateKeyException e) {
            throw duplicate(name);
        }
        log.info(
                "Dataset {} ({}) of team {}: {} pairs in {} language pairs",
                name,
                id,
                teamId,
                row.pairs(),
                corpus.report().stats().size());
        return view(datasets.find(teamId, id).orElseThrow());
    }

    private static ApiException duplicate(String name) {
        return ApiException.conflict(
                "dataset-exists",
                "the team already has a dataset named " + name,
                Map.of("field", "name", "name", name));
    }

    private JsonNode stats(CorpusReport report) {
        Map<String, Object> byPair = new LinkedHashMap<>();
        SortedMap<LanguagePair, PairStats> stats = report.stats();
        stats.forEach((pair, s) -> byPair.put(pair.key(), s));
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("languagePairs", byPair);
        doc.put("total", report.total());
        doc.put("skipped", report.skipped());
        return json.valueToTree(doc);
    }

    DatasetView view(Row row) {
        return new DatasetView(
                row.id(),
                row.name(),
                row.format(),
                row.status(),
                row.pairs(),
                row.sizeBytes(),
                row.stats(),
                datasets.files(row.id()),
                row.createdAt());
    }

    /** Deletes every object under the prefix; failures are logged, not thrown. */
    void deleteQuietly(String prefix) {
        try {
            store.deletePrefix(prefix);
        } catch (RuntimeException e) {
            log.warn("Could not delete the objects under {} of a rejected upload: {}", prefix, e.getMessage());
        }
    }

    private static String contentType(CorpusFormat format) {
        return switch (format) {
            case TSV -> "text/tab-separated-values";
            case JSONL -> "application/jsonl";
            case PO -> "text/x-gettext-translation";
            case MO -> "application/x-gettext-translation";
            case MOSES -> "text/plain";
        };
    }
}
