package io.moeplatform.core.checkpoint;

import io.moeplatform.core.model.TransformerConfig;
import java.util.List;

/**
 * The content of a checkpoint's {@code config.json}.
 *
 * @param formatVersion the format version ({@link Checkpoint#FORMAT_VERSION} when written)
 * @param modelType the model class ({@code MoeTransformer} or {@code DecoderOnlyLm})
 * @param model the model configuration
 * @param moeLayers parameter prefixes of the MoE layers; index i names {@code layer-i} shards
 * @param step optimiser steps completed (0 for a weights-only checkpoint of a fresh model)
 * @param hasOptimizerState whether {@code optimizer.safetensors} was written
 */
public record CheckpointConfig(
        int formatVersion,
        String modelType,
        TransformerConfig model,
        List<String> moeLayers,
        long step,
        boolean hasOptimizerState) {}
