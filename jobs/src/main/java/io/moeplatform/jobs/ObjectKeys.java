package io.moeplatform.jobs;

import java.util.UUID;

/**
 * The layout of the bucket, in one place: every object of a team lives under {@code
 * teams/{teamId}/}, so deleting a team is deleting one prefix.
 *
 * <pre>
 * teams/{team}/datasets/{dataset}/files/{name}       the files as uploaded
 * teams/{team}/datasets/{dataset}/corpus.tsv         the normalised corpus workers read
 * teams/{team}/jobs/{job}/data/…                     a job's prepared data (split, tokenizer)
 * teams/{team}/jobs/{job}/checkpoints/step-NNNNNNNNN/ a checkpoint's shards and manifest
 * </pre>
 *
 * <p>The corpus is a UTF-8 TSV with the header {@code src_lang	tgt_lang	src	tgt} and one pair
 * per line, whatever format was uploaded.
 */
public final class ObjectKeys {

    /** The normalised copy's object name inside a dataset's prefix. */
    public static final String CORPUS = "corpus.tsv";

    private ObjectKeys() {}

    /** {@code teams/{teamId}/}: everything of one team. */
    public static String team(UUID teamId) {
        return "teams/" + teamId + "/";
    }

    /** {@code teams/{teamId}/datasets/{datasetId}/}: everything of one dataset. */
    public static String dataset(UUID teamId, UUID datasetId) {
        return team(teamId) + "datasets/" + datasetId + "/";
    }

    /** The normalised corpus that workers read. */
    public static String corpus(UUID teamId, UUID datasetId) {
        return dataset(teamId, datasetId) + CORPUS;
    }

    /** An original uploaded file. */
    public static String datasetFile(UUID teamId, UUID datasetId, String fileName) {
        return dataset(teamId, datasetId) + "files/" + fileName;
    }

    /** {@code teams/{teamId}/jobs/{jobId}/}: everything of one job. */
    public static String job(UUID teamId, UUID jobId) {
        return team(teamId) + "jobs/" + jobId + "/";
    }

    /** The data a job prepared once (split, tokenizer), so that every attempt uses the same. */
    public static String jobData(UUID teamId, UUID jobId) {
        return job(teamId, jobId) + "data/";
    }

    /** The prefix under which a job's checkpoints live, one {@code step-…/} each. */
    public static String checkpoints(UUID teamId, UUID jobId) {
        return job(teamId, jobId) + "checkpoints/";
    }
}
