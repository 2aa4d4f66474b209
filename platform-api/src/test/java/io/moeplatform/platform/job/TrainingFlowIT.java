package io.moeplatform.platform.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.moeplatform.core.checkpoint.Checkpoint;
import io.moeplatform.core.data.LanguagePair;
import io.moeplatform.core.run.Translator;
import io.moeplatform.platform.PlatformApplication;
import io.moeplatform.platform.PlatformClient;
import io.moeplatform.platform.TestCorpus;
import io.moeplatform.platform.team.ApiTokens;
import io.moeplatform.platform.team.TeamRepository;
import io.moeplatform.store.ObjectStore;
import io.moeplatform.store.checkpoint.CheckpointManifest;
import io.moeplatform.store.checkpoint.CheckpointStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * A tiny MoE translation job through the platform and its embedded worker, the way a user runs
 * one: submit, watch it train, get SUCCEEDED, then take the checkpoint and translate with it in
 * moe-core.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TrainingFlowIT {

    @TempDir
    static Path dataDir;

    ConfigurableApplicationContext platform;
    PlatformClient client;
    UUID team;
    UUID dataset;

    /**
     * Settings that point the platform at its database and object store; none here, so it starts
     * the embedded ones under its data directory. Subclasses name external servers.
     */
    protected List<String> services() {
        return List.of();
    }

    @BeforeAll
    void start() {
        List<String> args = new ArrayList<>(List.of(
                "--moe.data-dir=" + dataDir,
                "--server.port=0",
                "--spring.main.banner-mode=off",
                "--moe.datasets.preload-sample=false",
                "--moe.worker.embedded=true",
                "--moe.worker.heartbeat-interval=1s",
                "--moe.worker.lease=5s",
                "--moe.worker.poll-interval=200ms",
                "--moe.worker.metrics-every=5"));
        args.addAll(services());
        platform = new SpringApplicationBuilder(PlatformApplication.class).run(args.toArray(String[]::new));
        JdbcClient jdbc = platform.getBean(JdbcClient.class);
        team = jdbc.sql("SELECT id FROM teams WHERE name = 'admin'")
                .query(UUID.class)
                .single();
        String token = ApiTokens.newSecret();
        platform.getBean(TeamRepository.class).createToken(team, "it", token, null);
        client = new PlatformClient(
                ((WebServerApplicationContext) platform).getWebServer().getPort(), token);
        // Uploaded the way a user does: multipart POST /api/v1/datasets, checked and stored by the platform.
        dataset = client.uploadDataset("tiny-corpus", "corpus.tsv", TestCorpus.tsv(List.of("de", "fr"), 150));
        JsonNode uploaded = client.get("/api/v1/datasets/" + dataset).body();
        assertThat(uploaded.get("status").asString()).isEqualTo("READY");
        assertThat(uploaded.get("pairs").asLong()).isEqualTo(300);
    }

    @AfterAll
    void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    static String tinySpec(UUID dataset, String name, long steps, int interval) {
        return """
        {"name": "%s", "dataset": "%s",
         "model": {"dModel": 32, "heads": 2, "encoderLayers": 2, "decoderLayers": 2, "ffnHidden": 64,
                   "vocabSize": 320, "maxLength": 24},
         "moe": {"experts": 4, "topK": 2, "moeEvery": 2, "capacityFactor": 1.5},
         "schedule": {"steps": %d, "batchTokens": 512, "warmupSteps": 5, "learningRate": 0.003},
         "checkpoint": {"intervalSteps": %d, "keepLast": 2, "keepBest": 1}}
        """.formatted(name, dataset, steps, interval);
    }

    @Test
    void aTinyMoeJobTrainsToSuccessAndItsCheckpointTranslates(@TempDir Path download) throws Exception {
        PlatformClient.Response submitted = client.post("/api/v1/jobs", tinySpec(dataset, "tiny", 30, 10));
        assertThat(submitted.status()).as(submitted.raw()).isEqualTo(201);
        String id = submitted.body().get("id").asText();

        JsonNode job = client.await(
                "/api/v1/jobs/" + id,
                j -> j.get("state").asText().matches("SUCCEEDED|FAILED|CANCELLED"),
                Duration.ofMinutes(4));
        assertThat(job.get("state").asText())
                .as(client.get("/api/v1/jobs/" + id + "/logs").raw())
                .isEqualTo("SUCCEEDED");
        assertThat(job.get("step").asLong()).isEqualTo(30);

        List<String> transitions = new ArrayList<>();
        client.get("/api/v1/jobs/" + id + "/events")
                .body()
                .forEach(e -> transitions.add(
                        e.get("from").asText("") + ">" + e.get("to").asText()));
        assertThat(transitions).containsExactly(">QUEUED", "QUEUED>RUNNING", "RUNNING>SUCCEEDED");

        JsonNode metrics = client.get("/api/v1/jobs/" + id + "/metrics").body();
        assertThat(metrics.get("loss")).hasSize(6); // steps 5, 10, …, 30
        assertThat(metrics.get("val_loss")).hasSize(1);
        assertThat(metrics.has("load/l0/e0")).isTrue();
        assertThat(metrics.propertyNames()).contains("bleu/en>de", "bleu/en>fr");
        assertThat(metrics.propertyNames())
                .filteredOn(n -> n.startsWith("bleu/"))
                .allSatisfy(n -> LanguagePair.parse(n.substring("bleu/".length())));
        double first = metrics.get("loss").get(0).get(1).asDouble();
        double last = metrics.get("loss").get(5).get(1).asDouble();
        assertThat(last).as("loss falls").isLessThan(first);

        // Retention: keep the last 2 (steps 20, 30); the best by validation loss is among them or kept too.
        JdbcClient jdbc = platform.getBean(JdbcClient.class);
        List<Long> steps = jdbc.sql("SELECT step FROM checkpoints WHERE job_id = ?::uuid ORDER BY step")
                .param(id)
                .query(Long.class)
                .list();
        assertThat(steps).contains(20L, 30L).hasSizeLessThanOrEqualTo(3);
        CheckpointStore checkpoints = new CheckpointStore(platform.getBean(ObjectStore.class));
        List<CheckpointManifest> stored = checkpoints.list("teams/" + team + "/jobs/" + id + "/checkpoints/");
        assertThat(stored).extracting(CheckpointManifest::step).containsExactlyElementsOf(steps);

        // The final checkpoint, downloaded shard by shard through the API as a user would, opens in
        // moe-core and translates.
        JsonNode listed = client.get("/api/v1/jobs/" + id + "/checkpoints").body();
        String checkpointId = listed.get(listed.size() - 1).get("id").asText();
        JsonNode detail = client.get("/api/v1/checkpoints/" + checkpointId).body();
        assertThat(detail.get("step").asLong()).isEqualTo(30);
        Path ckpt = download.resolve("ckpt");
        for (JsonNode shard : detail.get("shards")) {
            Path file = ckpt.resolve(shard.get("name").asText());
            Files.createDirectories(file.getParent());
            Files.write(
                    file,
                    client.download("/api/v1/checkpoints/" + checkpointId + "/shards/"
                            + shard.get("name").asText()));
            assertThat(Files.size(file)).isEqualTo(shard.get("sizeBytes").asLong());
        }
        assertThat(Files.exists(ckpt.resolve(Checkpoint.CONFIG_FILE))).isTrue();
        assertThat(client.get("/v3/api-docs").raw()).contains("/api/v1/jobs").contains("/api/v1/checkpoints/{id}");
        try (Translator translator = Translator.load(download.resolve("ckpt"))) {
            assertThat(translator.languages()).contains("de", "fr");
            List<String> german = translator.translate(List.of("File not found", "Permission denied"), "de");
            assertThat(german).hasSize(2);
            assertThat(german.getFirst()).isNotBlank();
        }
    }
}
