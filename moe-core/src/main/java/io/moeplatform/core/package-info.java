/**
 * The MoE engine: a sparse Mixture-of-Experts transformer on Deep Java Library (PyTorch engine).
 *
 * <p>Packages by concept: {@code gate} (routing), {@code moe} (expert layers and dispatch),
 * {@code model} (transformer), {@code train} (optimiser, schedule, loop), {@code checkpoint}
 * (on-disk format), {@code data}, {@code tokenize}, {@code decode}, {@code eval}, {@code prune},
 * {@code parallel} and {@code offload}. Plain Java: nothing here imports Spring.
 */
package io.moeplatform.core;
