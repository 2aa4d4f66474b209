/**
 * Mixture-of-Experts feed-forward layers: stacked expert weights, index-based token dispatch and
 * combine, residual MoE and experts prototyping. The entry point is {@link
 * io.moeplatform.core.moe.MoeLayer}.
 */
package io.moeplatform.core.moe;
