package io.moeplatform.core.gate;

/**
 * Noise added to routing while training (never in evaluation).
 *
 * <ul>
 *   <li>{@link #NONE}: deterministic routing.
 *   <li>{@link #JITTER}: the router input is multiplied element-wise by a uniform draw from
 *       {@code [1 - ε, 1 + ε]} (Switch Transformer, Fedus et al. 2021, §2.4 "jitter noise";
 *       ε = {@link GateConfig#jitterEpsilon()}).
 *   <li>{@link #GUMBEL}: Gumbel(0, 1) noise is added to the logits when choosing the second and
 *       later experts, which samples them in proportion to the router probabilities (GShard's
 *       random routing as DeepSpeed's {@code top2gating} implements it with {@code
 *       noisy_gate_policy='RSample'}); the first choice stays the argmax and the gate values
 *       are the noise-free probabilities.
 * </ul>
 */
public enum NoisePolicy {
    /** No noise. */
    NONE,
    /** Multiplicative jitter on the router input (Switch). */
    JITTER,
    /** Gumbel noise on the logits for the second and later choices (GShard top-2). */
    GUMBEL
}
