package io.moeplatform.core.train;

/**
 * A training step produced a loss or a gradient norm that is NaN or infinite. The step did not
 * update the parameters or the optimizer state, so the model is as it was after the previous step
 * (and as its last checkpoint, if that was taken then).
 */
public final class NonFiniteLossException extends IllegalStateException {

    private final long step;

    /**
     * @param step the step that failed (1-based)
     * @param loss its loss
     * @param gradNorm its global gradient norm
     */
    public NonFiniteLossException(long step, double loss, double gradNorm) {
        super("step " + step + ": loss " + loss + ", gradient norm " + gradNorm
                + "; the parameters were not updated. Lower the learning rate, lengthen the warm-up or"
                + " clip gradients harder, and resume from the last checkpoint");
        this.step = step;
    }

    /** @return the step that failed (1-based) */
    public long step() {
        return step;
    }
}
