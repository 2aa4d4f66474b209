package io.moeplatform.core.tensor;

import ai.djl.pytorch.jni.JniUtils;

/**
 * A scope in which libtorch records no autograd graph, on the calling thread; closing it restores
 * the thread's previous mode.
 *
 * <p>libtorch's grad mode is thread-local and on by default in every new thread; DJL's engine turns
 * it off only in the thread that starts the engine, and its gradient collector restores whatever
 * it found. So code that updates weights in place (the optimizer, gradient clipping) must say so
 * itself, or it fails on any other thread with "a leaf Variable that requires grad is being used
 * in an in-place operation": a worker runs each job in a thread of its own.
 *
 * <pre>{@code
 * try (NoGrad off = NoGrad.enter()) {
 *     optimizer.step(parameters, learningRate);
 * }
 * }</pre>
 */
public final class NoGrad implements AutoCloseable {

    private final boolean previous;

    private NoGrad(boolean previous) {
        this.previous = previous;
    }

    /** Turns grad mode off on this thread until {@link #close}. */
    public static NoGrad enter() {
        boolean previous = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        return new NoGrad(previous);
    }

    @Override
    public void close() {
        JniUtils.setGradMode(previous);
    }
}
