package io.moeplatform.core.tensor;

/**
 * A small seeded random generator whose whole state is one {@code long}, so a checkpoint can
 * store it and a resumed run draws exactly the numbers the uninterrupted run would have drawn.
 *
 * <p>The generator is SplitMix64 (Steele, Lea and Flood, "Fast splittable pseudorandom number
 * generators", OOPSLA 2014): {@code state += 0x9E3779B97F4A7C15}, then a 64-bit finaliser mix.
 * Gaussian draws use Box–Muller without caching the second value, so no hidden state exists
 * beyond {@link #state()}. Not thread-safe: one generator per training loop.
 */
public final class SeededRandom {

    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;
    private static final double DOUBLE_UNIT = 0x1.0p-53;

    private long state;

    /**
     * Creates a generator.
     *
     * @param seed the seed; equal seeds give equal sequences
     */
    public SeededRandom(long seed) {
        this.state = seed;
    }

    /**
     * Returns the whole state of the generator.
     *
     * @return the state, for {@link #setState(long)} on resume
     */
    public long state() {
        return state;
    }

    /**
     * Restores a state returned by {@link #state()}.
     *
     * @param state the state to continue from
     */
    public void setState(long state) {
        this.state = state;
    }

    /**
     * Returns the next 64 random bits.
     *
     * @return a uniformly distributed long
     */
    public long nextLong() {
        long z = (state += GOLDEN_GAMMA);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * Returns a uniform double in [0, 1).
     *
     * @return the draw
     */
    public double nextDouble() {
        return (nextLong() >>> 11) * DOUBLE_UNIT;
    }

    /**
     * Returns a uniform integer in [0, bound).
     *
     * @param bound the exclusive upper bound, positive
     * @return the draw
     */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound (" + bound + ") must be positive");
        }
        return (int) ((nextLong() >>> 33) % bound);
    }

    /**
     * Returns a standard normal draw (Box–Muller, one value per call).
     *
     * @return the draw
     */
    public double nextGaussian() {
        double u1 = 1.0 - nextDouble(); // (0, 1]: log is finite
        double u2 = nextDouble();
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
    }

    /**
     * Returns a standard Gumbel draw {@code -log(-log(u))}, u uniform in (0, 1).
     *
     * @return the draw
     */
    public double nextGumbel() {
        double u = nextDouble();
        u = Math.min(Math.max(u, 1e-12), 1.0 - 1e-12);
        return -Math.log(-Math.log(u));
    }
}
