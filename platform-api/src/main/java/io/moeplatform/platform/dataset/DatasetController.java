package io.moeplatform.platform.dataset;

import io.moeplatform.core.data.CorpusFormat;
import io.moeplatform.jobs.ObjectKeys;
import io.moeplatform.platform.dataset.CorpusUpload.ReceivedFile;
import io.moeplatform.platform.dataset.DatasetImporter.CheckedCorpus;
import io.moeplatform.platform.dataset.DatasetRepository.Row;
import io.moeplatform.platform.team.Caller;
import io.moeplatform.platform.web.ApiException;
import io.moeplatform.platform.web.Idempotency;
import io.moeplatform.platform.web.Page;
import io.moeplatform.store.ObjectNotFoundException;
import io.moeplatform.store.ObjectStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * Datasets of the caller's team: upload (validated whole before anything is stored), list, get
 * with statistics per language pair, preview of the first pairs, and delete.
 */
@RestController
@RequestMapping("/api/v1/datasets")
class DatasetController {

    /** Dataset names: what a CLI user types, so no spaces or slashes. */
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private final DatasetRepository datasets;
    private final DatasetImporter importer;
    private final ObjectStore store;
    private final Idempotency idempotency;
    private final TransactionTemplate tx;

    DatasetController(
            DatasetRepository datasets,
            DatasetImporter importer,
            ObjectStore store,
            Idempotency idempotency,
            TransactionTemplate tx) {
        this.datasets = datasets;
        this.importer = importer;
        this.store = store;
        this.idempotency = idempotency;
        this.tx = tx;
    }

    /**
     * Uploads a corpus: a {@code name}, an optional {@code format}, and either one {@code file} part
     * or {@code source} and {@code target} parts (a Moses pair, languages from the file suffixes).
     */
    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<?> upload(
            Caller caller,
            @RequestHeader(name = "Idempotency-Key", required = false) String key,
            @RequestParam(required = false) String name,
            @RequestParam(required = false) String format,
            @RequestPart(name = "file", required = false) MultipartFile file,
            @RequestPart(name = "source", required = false) MultipartFile source,
            @RequestPart(name = "target", required = false) MultipartFile target)
            throws IOException {
        checkName(name);
        CorpusFormat requested = parseFormat(format);
        try (CorpusUpload upload = CorpusUpload.create()) {
            CorpusFormat resolved;
            if (file != null) {
                if (source != null || target != null) {
                    throw ApiException.invalid(
                            "file", "give either one file part or source and target parts, not both");
                }
                ReceivedFile received = upload.add("file", file.getOriginalFilename(), file.getInputStream());
                resolved = requested != null ? requested : CorpusFormat.fromFileName(received.name());
                if (resolved == CorpusFormat.MOSES) {
                    throw ApiException.invalid(
                            requested != null ? "format" : "file",
                            requested != null
                                    ? "MOSES needs two parts, source and target"
                                    : "cannot tell the format of " + received.name()
                                            + " (not .tsv, .jsonl, .po or .mo): set format, or upload a Moses pair as source and target");
                }
            } else if (source != null && target != null) {
                if (requested != null && requested != CorpusFormat.MOSES) {
                    throw ApiException.invalid("format", "source and target parts are a Moses pair, not " + requested);
                }
                upload.add("source", source.getOriginalFilename(), source.getInputStream());
                upload.add("target", target.getOriginalFilename(), target.getInputStream());
                resolved = CorpusFormat.MOSES;
            } else {
                throw ApiException.invalid(
                        file == null && source == null && target == null
                                ? "file"
                                : (source == null ? "source" : "target"),
                        "required: one file part, or source and target parts");
            }
            CheckedCorpus corpus = importer.check(upload, resolved);
            return idempotency.execute(
                    caller,
                    key,
                    requestHash(name, resolved, corpus.files()),
                    () -> {
                        DatasetView view = importer.store(caller.teamId(), name, corpus);
                        return ResponseEntity.created(URI.create("/api/v1/datasets/" + view.id()))
                                .body(view);
                    },
                    body -> body);
        }
    }

    /** Identifies an upload for {@code Idempotency-Key}: name, format and every file's SHA-256. */
    private static String requestHash(String name, CorpusFormat format, List<ReceivedFile> files) {
        MessageDigest sha = CorpusUpload.sha256();
        StringBuilder s = new StringBuilder("dataset\n")
                .append(name)
                .append('\n')
                .append(format)
                .append('\n');
        for (ReceivedFile f : files) {
            s.append(f.part())
                    .append(' ')
                    .append(f.name())
                    .append(' ')
                    .append(f.sha256())
                    .append('\n');
        }
        return HexFormat.of().formatHex(sha.digest(s.toString().getBytes(StandardCharsets.UTF_8)));
    }

    static void checkName(String name) {
        if (name == null || name.isBlank()) {
            throw ApiException.invalid("name", "required");
        }
        if (!NAME.matcher(name).matches()) {
            throw ApiException.invalid(
                    "name",
                    "must be 1-128 letters, digits, '.', '_' or '-', starting with a letter or digit; was " + name);
        }
    }

    private static CorpusFormat parseFormat(String format) {
        if (format == null || format.isBlank()) {
            return null;
        }
        try {
            return CorpusFormat.valueOf(format.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("format", "must be one of TSV, JSONL, MOSES, PO, MO; was " + format);
        }
    }

    @GetMapping
    Page<DatasetView.Summary> list(
            Caller caller, @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size) {
        Page.check(page, size);
        List<DatasetView.Summary> items = datasets.list(caller.teamId(), page * size, size).stream()
                .map(r -> new DatasetView.Summary(
                        r.id(),
                        r.name(),
                        r.format(),
                        r.status(),
                        r.pairs(),
                        r.sizeBytes(),
                        DatasetRepository.languagePairs(r.stats()),
                        r.createdAt()))
                .toList();
        return new Page<>(items, page, size, datasets.count(caller.teamId()));
    }

    @GetMapping("/{id}")
    DatasetView get(Caller caller, @PathVariable UUID id) {
        return importer.view(find(caller, id));
    }

    /** One pair of the normalised corpus. */
    record PreviewPair(String srcLang, String tgtLang, String src, String tgt) {}

    /** The first {@code n} pairs of the normalised corpus. */
    record Preview(UUID dataset, int n, List<PreviewPair> pairs) {}

    @GetMapping("/{id}/preview")
    Preview preview(Caller caller, @PathVariable UUID id, @RequestParam(defaultValue = "10") int n) {
        if (n < 1 || n > 1000) {
            throw ApiException.invalid("n", "must be in 1..1000, was " + n);
        }
        Row row = find(caller, id);
        List<PreviewPair> pairs = new ArrayList<>();
        // Only the first lines are read; the SHA-256 is checked when a stream is read to its end,
        // which a preview never does, so the split below is defensive.
        try (InputStream in = store.get(ObjectKeys.corpus(caller.teamId(), row.id()));
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line = reader.readLine();
            if (line != null && !line.equals(DatasetImporter.CORPUS_HEADER)) {
                throw new IllegalStateException("normalised corpus of dataset " + id + " has no header");
            }
            while (pairs.size() < n && (line = reader.readLine()) != null) {
                String[] f = line.split("\t", -1);
                if (f.length == 4) {
                    pairs.add(new PreviewPair(f[0], f[1], f[2], f[3]));
                }
            }
        } catch (ObjectNotFoundException e) {
            throw new ApiException(
                    HttpStatus.CONFLICT,
                    "dataset-unavailable",
                    "dataset " + id + " has no stored corpus (status " + row.status() + ")",
                    Map.of("status", row.status()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Preview(row.id(), n, pairs);
    }

    /**
     * Deletes a dataset: refused while a queued or running job uses it; otherwise marked {@code
     * DELETING} (jobs can no longer be submitted against it), its objects deleted, then its rows. A
     * delete that failed half-way can be repeated.
     */
    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(Caller caller, @PathVariable UUID id) {
        Row row = tx.execute(status -> {
            Row locked = datasets.lock(caller.teamId(), id).orElseThrow(() -> ApiException.notFound("dataset", id));
            List<String> jobs = datasets.activeJobs(id);
            if (!jobs.isEmpty()) {
                throw ApiException.conflict(
                        "dataset-in-use",
                        "dataset " + id + " is used by " + jobs.size() + " queued or running job(s): "
                                + jobs.getFirst(),
                        Map.of("jobs", jobs));
            }
            datasets.markDeleting(id);
            return locked;
        });
        store.deletePrefix(ObjectKeys.dataset(row.teamId(), row.id()));
        datasets.delete(row.id());
    }

    private Row find(Caller caller, UUID id) {
        return datasets.find(caller.teamId(), id).orElseThrow(() -> ApiException.notFound("dataset", id));
    }
}
