package io.moeplatform.store.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ManifestJsonTest {
    private static final CheckpointManifest MANIFEST = new CheckpointManifest(
            1,
            "jobs/j1/step-000100/",
            100,
            List.of(new ShardInfo("dense.safetensors", "jobs/j1/step-000100/dense.safetensors", 12, "ab".repeat(32))),
            Map.of("seed", "7"),
            Instant.parse("2026-11-26T06:00:00Z"));

    @Test
    void roundTrip() {
        byte[] json = ManifestJson.write(MANIFEST);
        assertThat(ManifestJson.read(json, "test")).isEqualTo(MANIFEST);
        assertThat(new String(json, StandardCharsets.UTF_8)).contains("\"formatVersion\" : 1", "\"sha256\" : \"abab");
    }

    @Test
    void newerFormatIsRefusedWithTheVersion() {
        String json = new String(ManifestJson.write(MANIFEST), StandardCharsets.UTF_8)
                .replace("\"formatVersion\" : 1", "\"formatVersion\" : 2");
        assertThatThrownBy(() -> ManifestJson.read(json.getBytes(StandardCharsets.UTF_8), "m.json"))
                .hasMessage("m.json has formatVersion 2; this code reads 1..1");
    }

    @Test
    void missingFieldIsNamed() {
        assertThatThrownBy(() -> ManifestJson.read("{\"formatVersion\":1}".getBytes(), "m.json"))
                .hasMessage("m.json lacks field 'shards'");
    }
}
