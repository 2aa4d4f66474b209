/** Expert utilisation, pruning to N experts per layer, and evaluation runs of checkpoints. */
package io.moeplatform.pruning;
