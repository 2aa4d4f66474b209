package io.moeplatform.core.checkpoint;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

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

    private static final Gson GSON = new Gson();

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
        JsonObject header = new JsonObject();
        if (!metadata.isEmpty()) {
            JsonObject meta = new JsonObject();
            metadata.forEach(meta::addProperty);
            header.add("__metadata__", meta);
        }
        long offset = 0;
        for (var entry : tensors.entrySet()) {
            TensorData tensor = entry.getValue();
            if (tensor.data().length != tensor.size() * bytesPer(tensor.dtype())) {
                throw new IllegalArgumentException("tensor " + entry.getKey() + " has " + tensor.data().length
                        + " bytes for shape " + java.util.Arrays.toString(tensor.shape()));
            }
            JsonObject info = new JsonObject();
            info.addProperty("dtype", tensor.dtype());
            JsonArray shape = new JsonArray();
            for (long s : tensor.shape()) {
                shape.add(s);
            }
            info.add("shape", shape);
            JsonArray offsets = new JsonArray();
            offsets.add(offset);
            offsets.add(offset + tensor.data().length);
            info.add("data_offsets", offsets);
            header.add(entry.getKey(), info);
            offset += tensor.data().length;
        }
        byte[] json = GSON.toJson(header).getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        byte[] headerBytes = java.util.Arrays.copyOf(json, padded);
        java.util.Arrays.fill(headerBytes, json.length, padded, (byte) ' ');
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
        JsonObject header = GSON.fromJson(json, JsonObject.class);
        int dataStart = 8 + (int) headerLength;
        Map<String, TensorData> tensors = new LinkedHashMap<>();
        for (var entry : header.entrySet()) {
            if (entry.getKey().equals("__metadata__")) {
                continue;
            }
            JsonObject info = entry.getValue().getAsJsonObject();
            String dtype = info.get("dtype").getAsString();
            JsonArray shapeJson = info.getAsJsonArray("shape");
            long[] shape = new long[shapeJson.size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = shapeJson.get(i).getAsLong();
            }
            JsonArray offsets = info.getAsJsonArray("data_offsets");
            long begin = offsets.get(0).getAsLong();
            long end = offsets.get(1).getAsLong();
            if (begin < 0 || end < begin || dataStart + end > bytes.length) {
                throw new IOException(file + ": tensor " + entry.getKey() + " offsets [" + begin + ", " + end
                        + "] outside the data of " + (bytes.length - dataStart) + " bytes");
            }
            byte[] data = java.util.Arrays.copyOfRange(bytes, dataStart + (int) begin, dataStart + (int) end);
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
        JsonObject header = GSON.fromJson(
                new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8).trim(), JsonObject.class);
        Map<String, String> metadata = new LinkedHashMap<>();
        JsonElement meta = header.get("__metadata__");
        if (meta != null) {
            meta.getAsJsonObject()
                    .entrySet()
                    .forEach(e -> metadata.put(e.getKey(), e.getValue().getAsString()));
        }
        return metadata;
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
