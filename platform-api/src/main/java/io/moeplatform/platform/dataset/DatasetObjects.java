package io.moeplatform.platform.dataset;

import java.util.UUID;

/**
 * Where a dataset's objects live in the bucket. Workers read {@link #corpusKey}: a UTF-8 TSV with
 * the header {@code src_lang	tgt_lang	src	tgt} and one pair per line, whatever format was uploaded.
 */
public final class DatasetObjects {

    /** The normalised copy's object name inside a dataset's prefix. */
    public static final String CORPUS = "corpus.tsv";

    private DatasetObjects() {}

    /** {@code teams/{teamId}/datasets/{datasetId}/}: everything of one dataset. */
    public static String prefix(UUID teamId, UUID datasetId) {
        return "teams/" + teamId + "/datasets/" + datasetId + "/";
    }

    /** The normalised corpus that workers read. */
    public static String corpusKey(UUID teamId, UUID datasetId) {
        return prefix(teamId, datasetId) + CORPUS;
    }

    /** An original uploaded file. */
    public static String fileKey(UUID teamId, UUID datasetId, String fileName) {
        return prefix(teamId, datasetId) + "files/" + fileName;
    }
}
