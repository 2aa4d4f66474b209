/**
 * Decoding a trained {@link io.moeplatform.core.model.MoeTransformer}: {@link
 * io.moeplatform.core.decode.BeamSearch} with the GNMT {@link
 * io.moeplatform.core.decode.LengthPenalty}, batched over sentences on the model's key/value
 * cache. Greedy decoding is {@link io.moeplatform.core.model.MoeTransformer#greedyDecode}, which
 * beam search with one beam reproduces.
 */
package io.moeplatform.core.decode;
