package io.moeplatform.platform.failure;

import static org.assertj.core.api.Assertions.assertThat;

import io.moeplatform.platform.PlatformApplication;
import io.moeplatform.platform.PlatformClient;
import io.moeplatform.platform.TestCorpus;
import io.moeplatform.platform.infra.EmbeddedPostgresServer;
import io.moeplatform.platform.team.ApiTokens;
import io.moeplatform.platform.team.TeamRepository;
import io.moeplatform.store.ObjectStore;
import io.moeplatform.store.S3Settings;
import io.moeplatform.worker.TrainingWorkerApplication;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** What the failure tests share: a platform, worker processes, a tiny job, and waiting. */
final class Failures {

    private Failures() {}

    /** Heartbeat and lease short enough that a dead worker's job moves on within seconds. */
    static final List<String> WORKER_TIMING = List.of(
            "--moe.worker.heartbeat-interval=1s",
            "--moe.worker.lease=5s",
            "--moe.worker.poll-interval=200ms",
            "--moe.worker.metrics-every=1");

    /**
     * A job small enough for two shared cores: one language pair, a 2+2-layer transformer with 4
     * experts, a checkpoint every {@code interval} steps, and metrics at every step.
     */
    static String tinySpec(UUID dataset, String name, long steps, int interval) {
        return """
        {"name": "%s", "dataset": "%s",
         "model": {"dModel": 32, "heads": 2, "encoderLayers": 2, "decoderLayers": 2, "ffnHidden": 64,
                   "vocabSize": 300, "maxLength": 24},
         "moe": {"experts": 4, "topK": 2, "moeEvery": 2, "capacityFactor": 1.5},
         "schedule": {"steps": %d, "batchTokens": 256, "warmupSteps": 5, "learningRate": 0.003},
         "checkpoint": {"intervalSteps": %d, "keepLast": 3, "keepBest": 1}}
        """.formatted(name, dataset, steps, interval);
    }

    private static Platform shared;

    /**
     * One platform without an embedded worker, started once per test JVM and shared by the tests
     * that bring their own worker processes (a platform start costs more than most of these tests).
     * Each test leaves no job behind ({@link Platform#abandonUnfinishedJobs}), so that the next
     * test's workers claim only its own job.
     */
    static synchronized Platform sharedPlatform() {
        if (shared == null) {
            try {
                Path dir = java.nio.file.Files.createTempDirectory("moe-failure-it-");
                Platform platform = start(dir, false);
                Runtime.getRuntime().addShutdownHook(new Thread(platform::close));
                shared = platform;
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return shared;
    }

    static Platform start(Path dataDir, boolean embeddedWorker, String... extra) {
        return Platform.start(dataDir, embeddedWorker, extra);
    }

    /** A platform in this JVM on its own data directory, with a token of the admin team. */
    record Platform(Path dataDir, ConfigurableApplicationContext context, PlatformClient client, UUID team)
            implements AutoCloseable {

        static Platform start(Path dataDir, boolean embeddedWorker, String... extra) {
            List<String> args = new ArrayList<>(List.of(
                    "--moe.data-dir=" + dataDir,
                    "--server.port=0",
                    "--spring.main.banner-mode=off",
                    "--moe.datasets.preload-sample=false",
                    "--moe.jobs.lease-sweep-interval=1s",
                    "--moe.worker.embedded=" + embeddedWorker,
                    "--moe.worker.work-dir=" + dataDir.resolve("embedded-worker")));
            args.addAll(WORKER_TIMING);
            args.addAll(List.of(extra));
            ConfigurableApplicationContext context =
                    new SpringApplicationBuilder(PlatformApplication.class).run(args.toArray(String[]::new));
            JdbcClient jdbc = context.getBean(JdbcClient.class);
            UUID team = jdbc.sql("SELECT id FROM teams WHERE name = 'admin'")
                    .query(UUID.class)
                    .single();
            String token = ApiTokens.newSecret();
            context.getBean(TeamRepository.class).createToken(team, "failure-it", token, null);
            PlatformClient client = new PlatformClient(
                    ((WebServerApplicationContext) context).getWebServer().getPort(), token);
            return new Platform(dataDir, context, client, team);
        }

        JdbcClient jdbc() {
            return context.getBean(JdbcClient.class);
        }

        ObjectStore store() {
            return context.getBean(ObjectStore.class);
        }

        /** Where a job's checkpoints live in the object store. */
        String checkpointsPrefix(String jobId) {
            return "teams/" + team + "/jobs/" + jobId + "/checkpoints/";
        }

        /** Settings of a standalone worker process that uses this platform's database and object store. */
        List<String> workerArgs(String name, Path workDir) {
            EmbeddedPostgresServer postgres = context.getBean(EmbeddedPostgresServer.class);
            return workerArgs(name, workDir, postgres.jdbcUrl(), store().settings());
        }

        static List<String> workerArgs(String name, Path workDir, String jdbcUrl, S3Settings s3) {
            List<String> args = new ArrayList<>(List.of(
                    "--spring.datasource.url=" + jdbcUrl,
                    "--spring.datasource.username=postgres",
                    "--spring.datasource.password=",
                    "--moe.s3.endpoint=" + s3.endpoint(),
                    "--moe.s3.access-key=" + s3.accessKey(),
                    "--moe.s3.secret-key=" + s3.secretKey(),
                    "--moe.s3.bucket=" + s3.bucket(),
                    // The test class path holds platform-api's application.yaml too: be explicit
                    // about what a worker is (no web server, never migrates the schema).
                    "--spring.main.web-application-type=none",
                    "--spring.flyway.enabled=false",
                    "--spring.batch.jdbc.initialize-schema=never",
                    "--spring.lifecycle.timeout-per-shutdown-phase=120s",
                    "--spring.main.banner-mode=off",
                    "--moe.worker.name=" + name,
                    "--moe.worker.work-dir=" + workDir));
            args.addAll(WORKER_TIMING);
            return args;
        }

        /** Starts a standalone training worker process on this platform. */
        ChildJvm startWorker(String name, Path dir, String... extra) {
            List<String> args = new ArrayList<>(workerArgs(name, dir.resolve(name + "-work")));
            args.addAll(List.of(extra));
            return ChildJvm.start(name, dir, TrainingWorkerApplication.class.getName(), args);
        }

        /** The file in which the embedded S3 server keeps an object (S3Proxy's filesystem store). */
        Path objectFile(String key) {
            return dataDir.resolve("s3").resolve(store().settings().bucket()).resolve(key);
        }

        UUID workerId(String name) {
            return jdbc().sql("SELECT id FROM workers WHERE name = ?")
                    .param(name)
                    .query(UUID.class)
                    .single();
        }

        /** Steps of the job's checkpoint rows, ascending. */
        List<Long> checkpointRows(String jobId) {
            return jdbc().sql("SELECT step FROM checkpoints WHERE job_id = ?::uuid ORDER BY step")
                    .param(jobId)
                    .query(Long.class)
                    .list();
        }

        /** Uploads a small corpus through {@code POST /api/v1/datasets}, as a user would. */
        UUID uploadDataset(int pairsPerLanguage) {
            return client.uploadDataset(
                    "corpus-" + UUID.randomUUID().toString().substring(0, 8),
                    "corpus.tsv",
                    TestCorpus.tsv(List.of("de"), pairsPerLanguage));
        }

        /** Submits a job and returns its id. */
        String submit(String spec) {
            PlatformClient.Response r = client.post("/api/v1/jobs", spec);
            assertThat(r.status()).as(r.raw()).isEqualTo(201);
            return r.body().get("id").asString();
        }

        /** The newest committed checkpoint step of a job according to the database, or -1. */
        long lastCheckpointStep(String jobId) {
            return jdbc().sql("SELECT coalesce(max(step), -1) FROM checkpoints WHERE job_id = ?::uuid")
                    .param(jobId)
                    .query(Long.class)
                    .single();
        }

        JsonNode job(String jobId) {
            return client.get("/api/v1/jobs/" + jobId).body();
        }

        JsonNode awaitState(String jobId, String states, Duration timeout) {
            return client.await(
                    "/api/v1/jobs/" + jobId, j -> j.get("state").asString().matches(states), timeout);
        }

        /** The job's transitions as {@code FROM>TO: reason}. */
        List<String> transitions(String jobId) {
            List<String> out = new ArrayList<>();
            client.get("/api/v1/jobs/" + jobId + "/events")
                    .body()
                    .forEach(e -> out.add(e.get("from").asString("") + ">"
                            + e.get("to").asString() + ": " + e.get("reason").asString("")));
            return out;
        }

        List<String> logs(String jobId) {
            List<String> out = new ArrayList<>();
            client.get("/api/v1/jobs/" + jobId + "/logs")
                    .body()
                    .forEach(l -> out.add(l.get("message").asString()));
            return out;
        }

        /** Every metric series has each step at most once, and {@code loss} has exactly steps 1..total. */
        void assertMetricsOncePerStep(String jobId, long total) {
            JdbcClient jdbc = jdbc();
            long duplicated = jdbc.sql(
                            "SELECT count(*) FROM (SELECT name, step FROM metrics WHERE job_id = ?::uuid GROUP BY name, step HAVING count(*) > 1) d")
                    .param(jobId)
                    .query(Long.class)
                    .single();
            assertThat(duplicated)
                    .as("metric rows duplicated for one (name, step)")
                    .isZero();
            List<Long> lossSteps = jdbc.sql(
                            "SELECT step FROM metrics WHERE job_id = ?::uuid AND name = 'loss' ORDER BY step")
                    .param(jobId)
                    .query(Long.class)
                    .list();
            List<Long> expected = new ArrayList<>();
            for (long s = 1; s <= total; s++) {
                expected.add(s);
            }
            assertThat(lossSteps).as("steps of the loss series").containsExactlyElementsOf(expected);
            JsonNode loss = client.get("/api/v1/jobs/" + jobId + "/metrics?name=loss&points=10000")
                    .body()
                    .get("loss");
            assertThat(loss).as("loss series over the API").hasSize((int) total);
        }

        /**
         * Ends every job a failed test may have left queued or running, so that no later test's
         * worker picks it up.
         */
        void abandonUnfinishedJobs() {
            jdbc().sql(
                            "UPDATE jobs SET state = 'CANCELLED', worker_id = NULL, lease_expires_at = NULL, finished_at = now()"
                                    + " WHERE state IN ('QUEUED', 'RUNNING')")
                    .update();
        }

        /** The job's log and events with their times, for the test output. */
        void printTimeline(String jobId) {
            StringBuilder out = new StringBuilder("---- timeline of job " + jobId + " ----\n");
            client.get("/api/v1/jobs/" + jobId + "/events")
                    .body()
                    .forEach(e -> out.append(e.get("at").asString())
                            .append("  event ")
                            .append(e.get("from").asString(""))
                            .append(" > ")
                            .append(e.get("to").asString())
                            .append(": ")
                            .append(e.get("reason").asString(""))
                            .append('\n'));
            client.get("/api/v1/jobs/" + jobId + "/logs")
                    .body()
                    .forEach(l -> out.append(l.get("at").asString())
                            .append("  log   ")
                            .append(l.get("message").asString())
                            .append('\n'));
            System.out.println(out);
        }

        @Override
        public void close() {
            context.close();
        }
    }

    /** Polls {@code value} until it matches, failing with {@code describe} after {@code timeout}. */
    static <T> T await(
            String what, Supplier<T> value, Predicate<T> condition, Duration timeout, Supplier<String> describe) {
        Instant end = Instant.now().plus(timeout);
        T last = null;
        while (Instant.now().isBefore(end)) {
            last = value.get();
            if (condition.test(last)) {
                return last;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError(
                "timed out after " + timeout + " waiting for " + what + "; last: " + last + "\n" + describe.get());
    }
}
