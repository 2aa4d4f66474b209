package io.moeplatform.core;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

/** The PyTorch engine starts offline from the CPU natives jar and autograd works. */
class EngineSmokeTest {

    @Test
    void matmulAndAutogradWorkOffline() {
        assertThat(Engine.getInstance().getEngineName()).isEqualTo("PyTorch");
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray a = manager.create(new double[] {1, 2, 3, 4}, new ai.djl.ndarray.types.Shape(2, 2));
            NDArray b = manager.create(new double[] {5, 6, 7, 8}, new ai.djl.ndarray.types.Shape(2, 2));
            assertThat(a.matMul(b).toDoubleArray()).containsExactly(19, 22, 43, 50);
            a.setRequiresGradient(true);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray loss = a.mul(a).sum();
                collector.backward(loss);
            }
            assertThat(a.getGradient().toDoubleArray()).containsExactly(2, 4, 6, 8);
            assertThat(a.getDataType()).isEqualTo(DataType.FLOAT64);
        }
    }
}
