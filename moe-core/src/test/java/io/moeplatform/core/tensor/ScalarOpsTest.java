package io.moeplatform.core.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The scalar of a differentiable operation must survive a garbage collection between forward and
 * backward (see {@link ScalarOps}). Each case runs the forward, lets the collector free every
 * unreachable direct buffer, fills freshly allocated buffers of the scalar's size with another
 * value (so freed memory, if the scalar used it, now holds that value), and only then runs the
 * backward. With DJL's {@code x.mul(3.0)} in place of {@code ScalarOps.mul(x, 3.0)} the first
 * assertion fails here (gradient 0 instead of 3, two runs of two).
 */
class ScalarOpsTest {

    private static final float[] X = {-2f, 0.5f, 1f, 4f};

    @Test
    void mulDivAndMaximumKeepTheirScalarThroughACollection() {
        assertThat(gradient(x -> ScalarOps.mul(x, 3.0))).containsExactly(3f, 3f, 3f, 3f);
        assertThat(gradient(x -> ScalarOps.div(x, 4.0))).containsExactly(0.25f, 0.25f, 0.25f, 0.25f);
        assertThat(gradient(x -> ScalarOps.maximum(x, 0.75))).containsExactly(0f, 0f, 1f, 1f); // 1 where x > 0.75
        assertThat(gradient(ScalarOps::relu)).containsExactly(0f, 1f, 1f, 1f);
    }

    private static float[] gradient(UnaryOperator<NDArray> op) {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.create(X).duplicate(); // in PyTorch memory itself
            x.setRequiresGradient(true);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray y = op.apply(x).sum();
                reuseFreedDirectMemory();
                collector.backward(y);
            }
            return x.getGradient().toFloatArray();
        }
    }

    /** Collects garbage, then overwrites small fresh direct allocations with 1e30. */
    private static void reuseFreedDirectMemory() {
        List<ByteBuffer> keep = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            System.gc();
            try {
                Thread.sleep(50); // the JDK's Cleaner thread frees direct buffers after the collection
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            for (int i = 0; i < 2000; i++) {
                ByteBuffer buffer = ByteBuffer.allocateDirect(8).order(ByteOrder.nativeOrder());
                buffer.putDouble(0, 1e30);
                keep.add(buffer);
            }
        }
    }
}
