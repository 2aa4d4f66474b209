package io.moeplatform.core.checkpoint;

import io.moeplatform.core.EngineJson;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A small reader and writer of the safetensors format
 * (https://github.com/huggingface/safetensors):
 *
 * <pre>
 *   [8 bytes] N, little-endian unsigned header length
 *   [N bytes] JSON: {"__metadata__": {str: str}, name: {"dtype": "F32", "shape": [..], "data_offsets": [begin, end]}, …}
 *   [rest]    tensor bytes, little-endian, offsets relative to the end of the header
 * </pre>
 *
 * <p>The header is padded with spaces to a multiple of 8 bytes, as the reference writer does.
 * Tensors are written in the map's order.
 */
public final class SafeTensors {

    private static final JsonMapper JSON = EngineJson.COMPACT;

    private SafeTensors() {}

    /**
     * Writes a file (replacing an existing one).
     *
     * @param file the target path
     * @param tensors tensors by name, in file order
     * @param metadata free-form string metadata (may be empty)
     * @throws IOException on write failure
     */
    public static void write(Path file, Map<String, TensorData> tensors, Map<String, String> metadata)
            throws IOException {
        ObjectNode header = JSON.createObjectNode();
        if (!metadata.isEmpty()) {
            ObjectNode meta = header.putObject("__metadata__");
            metadata.forEach(meta::put);
        }
        long offset = 0;
        for (var entry : tensors.entrySet()) {
            TensorData tensor = entry.getValue();
            if (tensor.data().length != tensor.size() * bytesPer(tensor.dtype())) {
                throw new IllegalArgumentException("tensor " + entry.getKey() + " has " + tensor.data().length
                        + " bytes for shape " + Arrays.toString(tensor.shape()));
            }
            ObjectNode info = header.putObject(entry.getKey());
            info.put("dtype", tensor.dtype());
            ArrayNode shape = info.putArray("shape");
            for (long s : tensor.shape()) {
                shape.add(s);
            }
            info.putArray("data_offsets").add(offset).add(offset + tensor.data().length);
            offset += tensor.data().length;
        }
        byte[] json = JSON.writeValueAsBytes(header);
        int padded = (json.length + 7) / 8 * 8;
        byte[] headerBytes = Arrays.copyOf(json, padded);
        Arrays.fill(headerBytes, json.length, padded, (byte) ' ');
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(ByteBuffer.allocate(8)
                    .order(ByteOrder.LITTLE_ENDIAN)
                    .putLong(padded)
                    .array());
            out.write(headerBytes);
            for (TensorData tensor : tensors.values()) {
                out.write(tensor.data());
            }
        }
    }

    /**
     * Reads a whole file.
     *
     * @param file the path
     * @return tensors by name in header order
     * @throws IOException on read failure or a malformed file
     */
    public static Map<String, TensorData> read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        if (bytes.length < 8) {
            throw new IOException(file + ": too short for a safetensors header");
        }
        long headerLength =
                ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        if (headerLength < 2 || 8 + headerLength > bytes.length) {
            throw new IOException(file + ": header length " + headerLength + " exceeds file size " + bytes.length);
        }
        String json = new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8).trim();
        JsonNode header = parseHeader(file, json);
        int dataStart = 8 + (int) headerLength;
        Map<String, TensorData> tensors = new LinkedHashMap<>();
        for (var entry : header.properties()) {
            if (entry.getKey().equals("__metadata__")) {
                continue;
            }
            JsonNode info = entry.getValue();
            String dtype = info.get("dtype").asString();
            JsonNode shapeJson = info.get("shape");
            long[] shape = new long[shapeJson.size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = shapeJson.get(i).asLong();
            }
            JsonNode offsets = info.get("data_offsets");
            long begin = offsets.get(0).asLong();
            long end = offsets.get(1).asLong();
            if (begin < 0 || end < begin || dataStart + end > bytes.length) {
                throw new IOException(file + ": tensor " + entry.getKey() + " offsets [" + begin + ", " + end
                        + "] outside the data of " + (bytes.length - dataStart) + " bytes");
            }
            byte[] data = Arrays.copyOfRange(bytes, dataStart + (int) begin, dataStart + (int) end);
            tensors.put(entry.getKey(), new TensorData(dtype, shape, data));
        }
        return tensors;
    }

    /**
     * Reads the {@code __metadata__} of a file.
     *
     * @param file the path
     * @return the metadata, empty if none
     * @throws IOException on read failure
     */
    public static Map<String, String> metadata(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        long headerLength =
                ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        JsonNode header = parseHeader(file, new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8).trim());
        Map<String, String> metadata = new LinkedHashMap<>();
        JsonNode meta = header.get("__metadata__");
        if (meta != null) {
            meta.properties().forEach(e -> metadata.put(e.getKey(), e.getValue().asString()));
        }
        return metadata;
    }

    private static JsonNode parseHeader(Path file, String json) throws IOException {
        try {
            JsonNode header = JSON.readTree(json);
            if (!header.isObject()) {
                throw new IOException(file + ": the safetensors header is not a JSON object");
            }
            return header;
        } catch (JacksonException e) {
            throw new IOException(file + ": the safetensors header is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static int bytesPer(String dtype) {
        return switch (dtype) {
            case "F64", "I64" -> 8;
            case "F32", "I32" -> 4;
            case "F16", "BF16", "I16" -> 2;
            case "U8", "I8", "BOOL" -> 1;
            default -> throw new IllegalArgumentException("unsupported safetensors dtype " + dtype);
        };
    }
}
