/**
 * Tensor plumbing shared by the engine: a named registry of trainable parameters and a seeded,
 * checkpointable random generator. Everything random in the engine (initialisation, jitter,
 * Gumbel noise, Random Token Selection priorities) draws from {@link
 * io.moeplatform.core.tensor.SeededRandom} so that a run is reproducible and resumable bit for
 * bit on CPU.
 */
package io.moeplatform.core.tensor;
