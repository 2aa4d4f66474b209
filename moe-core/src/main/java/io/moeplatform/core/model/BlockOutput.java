package io.moeplatform.core.model;

import ai.djl.ndarray.NDArray;
import io.moeplatform.core.moe.MoeOutput;

/**
 * The result of one {@link TransformerBlock}.
 *
 * @param hidden the block output {@code [B, L, d]}
 * @param moe the MoE layer's output (routing, losses) or null for a dense block
 */
public record BlockOutput(NDArray hidden, MoeOutput moe) {}
