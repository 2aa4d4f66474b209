/**
 * Benchmarks. Each one runs as {@code benchmarks/bench NAME} and ends with one line
 * {@code RESULT NAME key=value ...}, every value a ratio against a baseline measured in the same
 * run.
 */
package io.moeplatform.benchmarks;
