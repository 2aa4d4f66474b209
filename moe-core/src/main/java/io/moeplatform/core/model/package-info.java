/**
 * Sparse-MoE transformers: a pre-LayerNorm encoder-decoder for many-to-many translation ({@link
 * io.moeplatform.core.model.MoeTransformer}) and a decoder-only language model ({@link
 * io.moeplatform.core.model.DecoderOnlyLm}) built from the same {@link
 * io.moeplatform.core.model.TransformerBlock}s, with the MoE FFN on every {@code moeEvery}-th
 * layer (GShard, Lepikhin et al. 2020).
 */
package io.moeplatform.core.model;
