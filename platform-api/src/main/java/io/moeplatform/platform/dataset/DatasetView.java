package io.moeplatform.platform.dataset;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * A dataset as {@code GET /api/v1/datasets/{id}} shows it.
 *
 * @param id the dataset's id, used by job specs
 * @param name unique within the team
 * @param format the uploaded format ({@code TSV}, {@code JSONL}, {@code MOSES}, {@code PO}, {@code MO})
 * @param status {@code READY}, or {@code DELETING} while a delete is under way
 * @param pairs sentence pairs over all language pairs
 * @param sizeBytes bytes of the original files
 * @param stats {@code languagePairs} (statistics per pair by {@code LanguagePair.key()}, e.g.
 *     {@code "en>pt-BR": {pairs, sourceChars, targetChars, sourceWords, targetWords, duplicates}}),
 *     {@code total} and {@code skipped} (entries left out by design: headers, fuzzy or untranslated
 *     gettext entries)
 * @param files the original files
 * @param createdAt when the upload was accepted
 */
public record DatasetView(
        UUID id,
        String name,
        String format,
        String status,
        long pairs,
        long sizeBytes,
        JsonNode stats,
        List<DatasetFile> files,
        Instant createdAt) {

    /**
     * One original file of a dataset.
     *
     * @param name the file name as uploaded (sanitised to letters, digits, {@code . _ -})
     * @param sizeBytes its size
     * @param sha256 hex SHA-256 of its content
     * @param lines its lines (for {@code .mo}, its entries)
     */
    public record DatasetFile(String name, long sizeBytes, String sha256, long lines) {}

    /** A dataset as listings show it: no statistics per pair, no files. */
    public record Summary(
            UUID id,
            String name,
            String format,
            String status,
            long pairs,
            long sizeBytes,
            List<String> languagePairs,
            Instant createdAt) {}
}
