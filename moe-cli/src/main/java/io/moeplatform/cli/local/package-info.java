/**
 * Commands that run the MoE engine in the CLI's own process, without a platform: {@code moe local
 * train}, {@code moe local translate} and {@code moe score}. The only package of the CLI that may
 * use {@code io.moeplatform.core} and DJL.
 */
package io.moeplatform.cli.local;
