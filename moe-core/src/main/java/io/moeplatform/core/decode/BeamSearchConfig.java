package io.moeplatform.core.decode;

/**
 * Beam search settings.
 *
 * @param beamSize K, the hypotheses kept per sentence (default 4; 1 equals greedy decoding; each
 *     sentence costs K rows of every decoder step and of the key/value cache)
 * @param lengthPenalty α of the GNMT length penalty {@link LengthPenalty} (default 1.0; 0 ranks by
 *     plain log-probability and favours short outputs)
 * @param maxLength the most decoder steps per sentence, the end-of-sequence id included (default
 *     {@link Integer#MAX_VALUE}: as many as the model has positions, {@code maxLength - 1})
 */
public record BeamSearchConfig(int beamSize, double lengthPenalty, int maxLength) {

    /** Validates the values; see {@link Builder#build()}. */
    public BeamSearchConfig {
        if (beamSize < 1) {
            throw new IllegalArgumentException("beamSize (" + beamSize + ") must be at least 1");
        }
        if (!(lengthPenalty >= 0) || Double.isInfinite(lengthPenalty)) {
            throw new IllegalArgumentException("lengthPenalty (" + lengthPenalty + ") must be finite and >= 0");
        }
        if (maxLength < 1) {
            throw new IllegalArgumentException("maxLength (" + maxLength + ") must be at least 1");
        }
    }

    /** @return a builder with the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** Builder of {@link BeamSearchConfig}; every value is optional. */
    public static final class Builder {

        private int beamSize = 4;
        private double lengthPenalty = 1.0;
        private int maxLength = Integer.MAX_VALUE;

        private Builder() {}

        /** @param beamSize K (default 4) @return this */
        public Builder optBeamSize(int beamSize) {
            this.beamSize = beamSize;
            return this;
        }

        /** @param alpha α of the length penalty (default 1.0) @return this */
        public Builder optLengthPenalty(double alpha) {
            this.lengthPenalty = alpha;
            return this;
        }

        /** @param maxLength the most decoder steps, end-of-sequence included (default: the model's) @return this */
        public Builder optMaxLength(int maxLength) {
            this.maxLength = maxLength;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @return the config
         * @throws IllegalArgumentException naming the field and value: {@code beamSize (0) must
         *     be at least 1}
         */
        public BeamSearchConfig build() {
            return new BeamSearchConfig(beamSize, lengthPenalty, maxLength);
        }
    }
}
