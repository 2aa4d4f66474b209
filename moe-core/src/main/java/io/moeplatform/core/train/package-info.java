/**
 * Training: AdamW over NDArrays, warm-up + inverse-square-root schedule, clipping by global norm,
 * gradient accumulation and the step loop ({@link io.moeplatform.core.train.Trainer}). A step is
 * deterministic under a seed on CPU, and its whole state (parameters, moments, step count, RNG)
 * is what {@code io.moeplatform.core.checkpoint} saves, so resume is exact.
 */
package io.moeplatform.core.train;
