package io.moeplatform.core.model;

/**
 * How token positions enter the model (added to the scaled token embedding).
 *
 * <ul>
 *   <li>{@link #SINUSOIDAL}: fixed {@code PE(p, 2i) = sin(p / 10000^(2i/d))}, {@code PE(p, 2i+1) =
 *       cos(p / 10000^(2i/d))} (Vaswani et al. 2017, §3.5); no parameters, any length.
 *   <li>{@link #LEARNED}: a trainable table {@code [maxLength, d]} (BERT/GPT-2 style).
 * </ul>
 */
public enum PositionEncoding {
    /** Fixed sinusoids. */
    SINUSOIDAL,
    /** A trainable table of maxLength rows. */
    LEARNED
}
