/**
 * Top-k routing of tokens to experts: the linear router, capacity, token dropping, noisy gating
 * and the auxiliary losses.
 *
 * <p>{@link io.moeplatform.core.gate.TopKGate} covers k = 1 (Switch Transformer, Fedus et al.
 * 2021, arXiv:2101.03961), k = 2 (GShard, Lepikhin et al. 2020, arXiv:2006.16668, as DeepSpeed
 * implements it in {@code deepspeed/moe/sharded_moe.py}) and any larger k. Every result of a
 * routing call, the losses included, is returned in a {@link io.moeplatform.core.gate.GateOutput};
 * nothing is kept in global state.
 */
package io.moeplatform.core.gate;
