/**
 * The {@code moe} command: the platform's REST API for people and CI, and the engine locally.
 *
 * <p>Commands that run the engine in this process ({@code moe local …}, {@code moe score}) live in
 * {@link io.moeplatform.cli.local}; every other command talks to the platform over REST and must
 * not load the engine (the architecture test checks that no class outside {@code local} depends
 * on {@code io.moeplatform.core} or DJL).
 */
package io.moeplatform.cli;
