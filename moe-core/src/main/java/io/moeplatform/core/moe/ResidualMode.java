package io.moeplatform.core.moe;

/**
 * Whether a dense FFN runs beside the experts (Residual MoE of DeepSpeed-MoE, Rajbhandari et al.
 * 2022, "DeepSpeed-MoE: Advancing Mixture-of-Experts Inference and Training to Power
 * Next-Generation AI Scale", arXiv:2201.05596, §4.1 PR-MoE: the dense MLP is a fixed expert and
 * the MoE expert an error correction).
 *
 * <ul>
 *   <li>{@link #NONE}: {@code y = moe(x)}.
 *   <li>{@link #SUM}: {@code y = moe(x) + mlp(x)}.
 *   <li>{@link #LEARNED_COEFFICIENT}: {@code c = softmax(x · W_c + b_c)} with {@code W_c: [d,
 *       2]}, per token, and {@code y = c_0 · moe(x) + c_1 · mlp(x)}, as DeepSpeed's {@code
 *       MoE(use_residual=True)} combines them.
 * </ul>
 */
public enum ResidualMode {
    /** Experts only. */
    NONE,
    /** Plain sum of experts and dense FFN. */
    SUM,
    /** Per-token learned 2-way softmax coefficient (DeepSpeed). */
    LEARNED_COEFFICIENT
}
