package io.moeplatform.store.checkpoint;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code manifest.json}, written through Jackson's tree model so the on-disk field names are
 * spelled out here and do not follow Java renames:
 *
 * <pre>{@code
 * {"formatVersion":1, "prefix":"…/step-000100/", "step":100,
 *  "createdAt":"2026-11-26T06:00:00Z", "metadata":{"k":"v"},
 *  "shards":[{"name":"dense.safetensors","key":"…/dense.safetensors","size":123,"sha256":"…"}]}
 * }</pre>
 *
 * Readable from Python with {@code json.load}. A newer {@code formatVersion} is refused rather
 * than half-understood.
 */
final class ManifestJson {
    private static final JsonMapper MAPPER =
            JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private ManifestJson() {}

    static byte[] write(CheckpointManifest m) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("formatVersion", m.formatVersion());
        root.put("prefix", m.prefix());
        root.put("step", m.step());
        root.put("createdAt", m.createdAt().toString());
        ObjectNode metadata = root.putObject("metadata");
        new TreeMap<>(m.metadata()).forEach(metadata::put);
        ArrayNode shards = root.putArray("shards");
        for (ShardInfo s : m.shards()) {
            shards.addObject()
                    .put("name", s.name())
                    .put("key", s.key())
                    .put("size", s.size())
                    .put("sha256", s.sha256());
        }
        return MAPPER.writeValueAsBytes(root);
    }

    /**
     * @throws IllegalArgumentException naming the field when the JSON is not a manifest this code
     *     understands
     */
    static CheckpointManifest read(byte[] json, String source) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JacksonException e) {
            throw new IllegalArgumentException(
                    source + " is not JSON: "
                            + e.getMessage().lines().findFirst().orElse(""),
                    e);
        }
        int version = required(root, "formatVersion", source).asInt();
        if (version < 1 || version > CheckpointManifest.FORMAT_VERSION) {
            throw new IllegalArgumentException(source + " has formatVersion " + version + "; this code reads 1.."
                    + CheckpointManifest.FORMAT_VERSION);
        }
        List<ShardInfo> shards = new ArrayList<>();
        for (JsonNode s : required(root, "shards", source)) {
            shards.add(new ShardInfo(
                    required(s, "name", source).asString(),
                    required(s, "key", source).asString(),
                    required(s, "size", source).asLong(),
                    required(s, "sha256", source).asString()));
        }
        Map<String, String> metadata = new TreeMap<>();
        JsonNode meta = root.path("metadata");
        meta.properties().forEach(e -> metadata.put(e.getKey(), e.getValue().asString()));
        return new CheckpointManifest(
                version,
                required(root, "prefix", source).asString(),
                required(root, "step", source).asLong(),
                shards,
                metadata,
                Instant.parse(required(root, "createdAt", source).asString()));
    }

    private static JsonNode required(JsonNode node, String field, String source) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException(source + " lacks field '" + field + "'");
        }
        return value;
    }
}
