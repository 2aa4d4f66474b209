/**
 * The spec of a training run, as teams submit it to the platform and as {@code moe local train}
 * reads it: model, MoE layers, parallelism, offload, schedule and checkpointing, with defaults
 * ({@link io.moeplatform.core.spec.JobSpec#withDefaults()}), validation that names each field at
 * fault ({@link io.moeplatform.core.spec.JobSpecValidator}) and the memory estimate that the
 * platform checks workers against ({@link io.moeplatform.core.spec.MemoryPlanner}).
 */
package io.moeplatform.core.spec;
