package io.moeplatform.core.model;

import ai.djl.ndarray.NDArray;
import io.moeplatform.core.moe.MoeOutput;
import java.util.List;

/**
 * Logits of a forward pass with the routing of every MoE layer.
 *
 * @param logits {@code [B, L, V]}
 * @param moeOutputs the MoE layers' outputs in model order
 */
public record ModelOutput(NDArray logits, List<MoeOutput> moeOutputs) {}
