package io.moeplatform.core.model;

import ai.djl.ndarray.NDArray;
import io.moeplatform.core.moe.MoeOutput;
import java.util.List;

/**
 * The encoded source, reusable for every decoder step.
 *
 * @param memory the final-LayerNorm encoder states {@code [B, Ls, d]}
 * @param memoryMask additive mask over padding source positions {@code [B, 1, 1, Ls]}
 * @param moeOutputs the encoder MoE layers' outputs
 */
public record EncoderOutput(NDArray memory, NDArray memoryMask, List<MoeOutput> moeOutputs) {}
