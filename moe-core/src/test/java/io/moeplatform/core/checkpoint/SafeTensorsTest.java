package io.moeplatform.core.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class SafeTensorsTest {

    @Test
    void roundTripsTensorsAndWritesTheStandardLayout(@TempDir Path dir) throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray f32 = manager.create(new float[] {1.5f, -2f, Float.MIN_VALUE, 3e30f, 0f, 7f}, new Shape(2, 3));
            NDArray f64 = manager.create(new double[] {Math.PI, -Math.E}, new Shape(2));
            Map<String, TensorData> tensors = new LinkedHashMap<>();
            tensors.put("a.weight", TensorData.of(f32));
            tensors.put("b", TensorData.of(f64));
            tensors.put("step", TensorData.longs(new long[] {Long.MIN_VALUE + 5}, 1));
            Path file = dir.resolve("x.safetensors");
            SafeTensors.write(file, tensors, Map.of("formatVersion", "1"));

            byte[] bytes = Files.readAllBytes(file);
            long headerLength =
                    ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
            assertThat(headerLength % 8).isZero();
            JsonNode header = JsonMapper.builder()
                    .build()
                    .readTree(new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8).trim());
            assertThat(header.get("a.weight").get("dtype").asString()).isEqualTo("F32");
            assertThat(header.get("a.weight").get("shape").toString()).isEqualTo("[2,3]");
            assertThat(header.get("b").get("data_offsets").toString()).isEqualTo("[24,40]");
            assertThat(bytes.length).isEqualTo(8 + headerLength + 24 + 16 + 8);
            // raw little-endian data right after the header
            assertThat(ByteBuffer.wrap(bytes, 8 + (int) headerLength, 4)
                            .order(ByteOrder.LITTLE_ENDIAN)
                            .getFloat())
                    .isEqualTo(1.5f);

            Map<String, TensorData> read = SafeTensors.read(file);
            assertThat(read.keySet()).containsExactly("a.weight", "b", "step");
            assertThat(read.get("a.weight").toNDArray(manager).toFloatArray()).containsExactly(f32.toFloatArray());
            assertThat(read.get("b").toNDArray(manager).toDoubleArray()).containsExactly(f64.toDoubleArray());
            assertThat(read.get("step").toLongs()).containsExactly(Long.MIN_VALUE + 5);
            assertThat(SafeTensors.metadata(file)).containsEntry("formatVersion", "1");
        }
    }
}
