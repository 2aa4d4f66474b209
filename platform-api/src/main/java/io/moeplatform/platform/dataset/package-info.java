/**
 * Datasets: parallel corpora uploaded by a team, validated whole by the moe-core importer before
 * anything is stored, kept in the object store as the original files plus a normalised {@code
 * corpus.tsv} that training workers read, and described in PostgreSQL ({@code datasets}, {@code
 * dataset_files}) with per-language-pair statistics.
 *
 * <p>Object layout: {@code teams/{teamId}/datasets/{datasetId}/files/{fileName}} for each
 * original file and {@code teams/{teamId}/datasets/{datasetId}/corpus.tsv} for the normalised
 * copy (see {@link io.moeplatform.jobs.ObjectKeys}).
 */
package io.moeplatform.platform.dataset;
