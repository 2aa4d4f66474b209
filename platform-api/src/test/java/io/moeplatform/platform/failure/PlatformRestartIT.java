package io.moeplatform.platform.failure;

import static org.assertj.core.api.Assertions.assertThat;

import io.moeplatform.platform.PlatformApplication;
import io.moeplatform.platform.PlatformClient;
import io.moeplatform.platform.TestCorpus;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The whole platform (a process with its embedded PostgreSQL, S3 and worker) killed with {@code
 * kill -9} mid-job, then started again on the same data directory: the new process takes the
 * cluster over from the postmaster the dead JVM left running, the team and its token still
 * work, and the job resumes from its last checkpoint to SUCCEEDED.
 */
class PlatformRestartIT {

    static final long TOTAL = 20;
    static final Pattern ADMIN_TOKEN = Pattern.compile("\\s(moe_[A-Za-z0-9_-]{40})\\s");
    static final Pattern COMMITTED = Pattern.compile("checkpoint at step (\\d+) committed.*");
    static final Pattern RESUMED = Pattern.compile("resumed from the checkpoint at step (\\d+)");

    @TempDir
    Path dir;

    final List<ChildJvm> platforms = new ArrayList<>();

    @AfterEach
    void stop() {
        platforms.forEach(ChildJvm::close);
        // A platform killed by a failing test leaves its PostgreSQL running: stop that one too.
        stopPostmaster(dir.resolve("data"));
    }

    @Test
    void aKilledPlatformRestartsOnItsDataDirectoryAndLosesNothing() throws Exception {
        Path data = dir.resolve("data");
        int port = freePort();
        ChildJvm first = startPlatform("platform-1", data, port);
        platforms.add(first);
        try {
            awaitHealthy(first, port);
            Matcher printed = Failures.await(
                    "the admin token in the output",
                    () -> ADMIN_TOKEN.matcher(read(first.log())),
                    Matcher::find,
                    Duration.ofSeconds(30),
                    first::tail);
            PlatformClient admin = new PlatformClient(port, printed.group(1));
            PlatformClient.Response created = admin.post("/api/v1/tokens", "{\"name\": \"ci\"}");
            assertThat(created.status()).as(created.raw()).isEqualTo(201);
            PlatformClient client =
                    new PlatformClient(port, created.body().get("token").asString());

            UUID dataset = client.uploadDataset("restart-corpus", "corpus.tsv", TestCorpus.tsv(List.of("de"), 120));
            PlatformClient.Response submitted =
                    client.post("/api/v1/jobs", Failures.tinySpec(dataset, "restart", TOTAL, 4));
            assertThat(submitted.status()).as(submitted.raw()).isEqualTo(201);
            String job = submitted.body().get("id").asString();
            long committed = Failures.await(
                    "a checkpoint at step >= 8",
                    () -> lastCommitted(client, job),
                    s -> s >= 8,
                    Duration.ofMinutes(3),
                    first::tail);
            long postmaster = postmasterPid(data).orElseThrow();
            first.kill();
            assertThat(ProcessHandle.of(postmaster).map(ProcessHandle::isAlive))
                    .as("PostgreSQL outlives the killed JVM")
                    .contains(true);

            ChildJvm second = startPlatform("platform-2", data, port);
            platforms.add(second);
            awaitHealthy(second, port);
            assertThat(ProcessHandle.of(postmaster).map(ProcessHandle::isAlive).orElse(false))
                    .as("the orphaned postmaster was stopped")
                    .isFalse();
            assertThat(postmasterPid(data))
                    .as("a new postmaster owns the cluster")
                    .isPresent()
                    .get()
                    .isNotEqualTo(postmaster);

            // The token made before the kill still works, and nothing of the team's is gone.
            assertThat(client.get("/api/v1/datasets/" + dataset).status()).isEqualTo(200);
            JsonNode done = client.await(
                    "/api/v1/jobs/" + job,
                    j -> j.get("state").asString().matches("SUCCEEDED|FAILED|CANCELLED"),
                    Duration.ofMinutes(3));
            List<String> logs = new ArrayList<>();
            client.get("/api/v1/jobs/" + job + "/logs")
                    .body()
                    .forEach(l -> logs.add(l.get("message").asString()));
            List<String> transitions = new ArrayList<>();
            client.get("/api/v1/jobs/" + job + "/events")
                    .body()
                    .forEach(e -> transitions.add(e.get("from").asString("") + ">"
                            + e.get("to").asString() + ": " + e.get("reason").asString("")));
            System.out.println(String.join("\n", transitions) + "\n" + String.join("\n", logs));
            assertThat(done.get("state").asString()).isEqualTo("SUCCEEDED");
            assertThat(done.get("step").asLong()).isEqualTo(TOTAL);
            assertThat(transitions).anyMatch(t -> t.matches("RUNNING>QUEUED: lease of worker .* expired"));
            long resumed = logs.stream()
                    .map(RESUMED::matcher)
                    .filter(Matcher::matches)
                    .mapToLong(m -> Long.parseLong(m.group(1)))
                    .max()
                    .orElse(-1);
            // The last log line seen before the kill, or one more checkpoint if the JVM died between
            // committing a manifest and logging it.
            assertThat(resumed).isIn(committed, committed + 4);
            JsonNode loss = client.get("/api/v1/jobs/" + job + "/metrics?name=loss&points=10000")
                    .body()
                    .get("loss");
            List<Long> steps = new ArrayList<>();
            loss.forEach(p -> steps.add(p.get(0).asLong()));
            assertThat(steps)
                    .as("loss steps, once each")
                    .isEqualTo(java.util.stream.LongStream.rangeClosed(1, TOTAL)
                            .boxed()
                            .toList());

            second.terminate();
            assertThat(second.awaitExit(Duration.ofMinutes(2))).isIn(0, 143);
        } catch (AssertionError | RuntimeException e) {
            platforms.forEach(p -> System.out.println(p.tail()));
            throw e;
        }
    }

    static ChildJvm startPlatform(String name, Path data, int port) {
        List<String> args = new ArrayList<>(List.of(
                "--moe.data-dir=" + data,
                "--server.port=" + port,
                "--spring.main.banner-mode=off",
                "--moe.datasets.preload-sample=false",
                "--moe.jobs.lease-sweep-interval=1s",
                "--moe.worker.embedded=true",
                "--moe.worker.work-dir=" + data.resolve("worker")));
        args.addAll(Failures.WORKER_TIMING);
        return ChildJvm.start(name, data.getParent(), PlatformApplication.class.getName(), args);
    }

    static void awaitHealthy(ChildJvm platform, int port) {
        PlatformClient anonymous = new PlatformClient(port, "none");
        Failures.await(
                "the platform to answer /actuator/health",
                () -> {
                    if (!platform.isAlive()) {
                        throw new AssertionError(platform.name() + " exited\n" + platform.tail());
                    }
                    try {
                        return anonymous.get("/actuator/health").status();
                    } catch (IllegalStateException e) {
                        return -1;
                    }
                },
                s -> s == 200,
                Duration.ofMinutes(2),
                platform::tail);
    }

    static long lastCommitted(PlatformClient client, String job) {
        long last = -1;
        for (JsonNode l : client.get("/api/v1/jobs/" + job + "/logs").body()) {
            Matcher m = COMMITTED.matcher(l.get("message").asString());
            if (m.matches()) {
                last = Math.max(last, Long.parseLong(m.group(1)));
            }
        }
        return last;
    }

    static Optional<Long> postmasterPid(Path data) throws IOException {
        Path pid = data.resolve("postgres").resolve("postmaster.pid");
        if (!Files.exists(pid)) {
            return Optional.empty();
        }
        List<String> lines = Files.readAllLines(pid);
        return lines.isEmpty()
                ? Optional.empty()
                : Optional.of(Long.parseLong(lines.getFirst().strip()));
    }

    static void stopPostmaster(Path data) {
        try {
            postmasterPid(data)
                    .flatMap(ProcessHandle::of)
                    .filter(p ->
                            p.info().command().map(c -> c.contains("postgres")).orElse(false))
                    .ifPresent(p -> {
                        p.destroy();
                        p.onExit()
                                .orTimeout(30, java.util.concurrent.TimeUnit.SECONDS)
                                .exceptionally(t -> null)
                                .join();
                    });
        } catch (IOException | RuntimeException e) {
            System.out.println("could not stop PostgreSQL of " + data + ": " + e);
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, java.nio.charset.StandardCharsets.ISO_8859_1) : "";
        } catch (IOException e) {
            return "";
        }
    }
}
