/**
 * A translation training run from files: preparing a corpus (split and tokenizer), training an
 * MoE transformer on it with deterministic, resumable data order, checkpointing, validation loss,
 * BLEU per language pair and translation. The training worker and {@code moe local train} both
 * drive the engine through this package.
 */
package io.moeplatform.core.run;
