/**
 * The project's checkpoint format: safetensors files plus a {@code config.json}, in one
 * directory (the platform uploads the files to object storage itself).
 *
 * <pre>
 *   config.json                                  formatVersion, model type, model config, MoE layer prefixes, step
 *   dense.safetensors                            every non-expert parameter
 *   experts/layer-{i}-expert-{j}.safetensors     expert j of MoE layer i (i in model order), one slice per tensor
 *   optimizer.safetensors                        AdamW moments m.*, v.*, step count, training RNG state
 * </pre>
 *
 * <p>safetensors (Hugging Face): 8-byte little-endian header length, a JSON header mapping each
 * tensor name to {@code {dtype, shape, data_offsets}}, then raw little-endian data; so a
 * checkpoint opens in the Python ecosystem too.
 */
package io.moeplatform.core.checkpoint;
