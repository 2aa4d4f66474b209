package io.moeplatform.jobs;

import java.util.UUID;

/**
 * A job that this worker holds the lease of.
 *
 * @param id the job
 * @param teamId its team
 * @param datasetId its dataset
 * @param specJson its spec, as submitted (defaults applied)
 * @param attempt 1 for the first run, +1 for each claim after a lost lease or a resume
 * @param step the last step reported before this claim
 */
public record ClaimedJob(UUID id, UUID teamId, UUID datasetId, String specJson, int attempt, long step) {}
