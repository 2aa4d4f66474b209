/** The {@code moe} command: the platform's REST API for people and CI, and the engine locally. */
package io.moeplatform.cli;
