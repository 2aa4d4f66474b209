package io.moeplatform.core.gate;

/**
 * Which tokens an expert keeps when more tokens choose it than it has slots.
 *
 * <ul>
 *   <li>{@link #POSITION}: tokens are served in sequence order, so the earliest tokens keep
 *       their slots and the latest are dropped (GShard, Lepikhin et al. 2020).
 *   <li>{@link #RANDOM_TOKEN_SELECTION}: every token draws a random priority from the seeded
 *       generator and an expert keeps its highest-priority tokens, so drops spread evenly over
 *       positions (Random Token Selection, Kim et al. 2021, "Scalable and Efficient MoE
 *       Training for Multitask Multilingual Models", arXiv:2109.10465; DeepSpeed-MoE {@code
 *       use_rts}).
 * </ul>
 *
 * <p>With either policy an expert's first-choice tokens take its slots before any second-choice
 * token does (GShard top-2).
 */
public enum DropPolicy {
    /** Earliest tokens first (GShard). */
    POSITION,
    /** Highest random priority first (RTS, Kim et al. 2021). */
    RANDOM_TOKEN_SELECTION
}
