/**
 * Multilingual parallel data: reading and validating corpora, per-pair statistics, and batching.
 *
 * <p>{@link io.moeplatform.core.data.ParallelCorpusReader} reads TSV, JSONL, Moses-style pairs of
 * aligned files, and gettext {@code .po}/{@code .mo} catalogs into {@link
 * io.moeplatform.core.data.SentencePair}s, checking every line (strict UTF-8, alignment, empty
 * sides, BCP 47 language tags, length ratio). A bad file is rejected whole with all its {@link
 * io.moeplatform.core.data.CorpusProblem}s in an {@link
 * io.moeplatform.core.data.InvalidCorpusException}. {@link
 * io.moeplatform.core.data.TemperatureSampler} and {@link io.moeplatform.core.data.TokenBatcher}
 * turn tokenized pairs into training batches.
 */
package io.moeplatform.core.data;
