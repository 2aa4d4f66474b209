package io.moeplatform.benchmarks;

import io.moeplatform.platform.PlatformApplication;
import io.moeplatform.platform.team.ApiTokens;
import io.moeplatform.platform.team.TeamRepository;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * {@code benchmarks/bench api-load [seconds] [clients]}: how many job submissions and metric
 * reads per second the platform holds, and at what p99 latency, on the embedded PostgreSQL.
 *
 * <p>Workload: the platform starts in this process on a fresh data directory (embedded
 * PostgreSQL and S3, no worker, so submitted jobs stay queued). {@code clients} concurrent
 * clients (default 8) run three phases of {@code seconds} each (default 15) over loopback HTTP:
 *
 * <ol>
 *   <li>baseline: {@code GET /api/v1/teams}, the cheapest authenticated call (token lookup and one
 *       query): the floor of the stack;
 *   <li>submit: {@code POST /api/v1/jobs} of a small valid spec (validation, memory plan,
 *       dataset check, insert, event);
 *   <li>metrics: {@code GET /api/v1/jobs/{id}/metrics?points=200} of a job with 6 series of
 *       20,000 steps, downsampled server-side.
 * </ol>
 *
 * The result line gives each phase's requests per second as a ratio of the baseline's, with the
 * absolute figures alongside.
 */
public final class ApiLoadBenchmark {

    private ApiLoadBenchmark() {}

    record Phase(String name, double perSecond, double p50Ms, double p99Ms, int errors) {}

    public static void main(String[] args) {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        int clients = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        try {
            run(seconds, clients);
        } catch (Exception e) {
            throw new RuntimeException(e);
        }
    }

    static void run(int seconds, int clients) throws Exception {
        Path dataDir = Files.createTempDirectory("moe-api-load");
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(PlatformApplication.class)
                .run(
                        "--moe.data-dir=" + dataDir,
                        "--server.port=0",
                        "--spring.main.banner-mode=off",
                        "--moe.worker.embedded=false",
                        "--logging.level.root=WARN")) {
            int port = ((WebServerApplicationContext) context).getWebServer().getPort();
            String base = "http://127.0.0.1:" + port;
            JdbcClient jdbc = context.getBean(JdbcClient.class);
            UUID team = jdbc.sql("SELECT id FROM teams WHERE name = 'admin'")
                    .query(UUID.class)
                    .single();
            String token = ApiTokens.newSecret();
            context.getBean(TeamRepository.class).createToken(team, "bench", token, null);
            UUID dataset = jdbc.sql(
                            "INSERT INTO datasets (team_id, name, format, status) VALUES (?, 'bench', 'TSV', 'READY') RETURNING id")
                    .param(team)
                    .query(UUID.class)
                    .single();
            UUID job = seedMetrics(context, jdbc, team, dataset);
            String spec = "{\"name\":\"bench\",\"dataset\":\"" + dataset + "\",\"moe\":{\"experts\":8,\"topK\":2},"
                    + "\"schedule\":{\"steps\":100}}";

            try (HttpClient http = HttpClient.newBuilder()
                    .executor(Executors.newVirtualThreadPerTaskExecutor())
                    .build()) {
                IntFunction<HttpRequest> teams = i -> HttpRequest.newBuilder(URI.create(base + "/api/v1/teams"))
                        .header("Authorization", "Bearer " + token)
                        .build();
                IntFunction<HttpRequest> submit = i -> HttpRequest.newBuilder(URI.create(base + "/api/v1/jobs"))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(spec))
                        .build();
                IntFunction<HttpRequest> metrics =
                        i -> HttpRequest.newBuilder(URI.create(base + "/api/v1/jobs/" + job + "/metrics?points=200"))
                                .header("Authorization", "Bearer " + token)
                                .build();
                // Warm-up: JIT and connection pools.
                phase(http, "warmup", teams, Math.max(2, seconds / 3), clients);
                phase(http, "warmup", submit, Math.max(2, seconds / 3), clients);
                phase(http, "warmup", metrics, Math.max(2, seconds / 3), clients);
                Phase baseline = phase(http, "baseline GET /teams", teams, seconds, clients);
                Phase submits = phase(http, "POST /jobs", submit, seconds, clients);
                Phase reads = phase(http, "GET /jobs/{id}/metrics", metrics, seconds, clients);
                System.out.printf("%n| phase | req/s | p50 ms | p99 ms | errors |%n|---|---|---|---|---|%n");
                for (Phase p : List.of(baseline, submits, reads)) {
                    System.out.printf(
                            "| %s | %.0f | %.2f | %.2f | %d |%n",
                            p.name(), p.perSecond(), p.p50Ms(), p.p99Ms(), p.errors());
                }
                System.out.printf(
                        "RESULT api-load submit_over_baseline=%.3f metrics_over_baseline=%.3f"
                                + " baseline_rps=%.0f submit_rps=%.0f submit_p99_ms=%.1f metrics_rps=%.0f metrics_p99_ms=%.1f clients=%d%n",
                        submits.perSecond() / baseline.perSecond(),
                        reads.perSecond() / baseline.perSecond(),
                        baseline.perSecond(),
                        submits.perSecond(),
                        submits.p99Ms(),
                        reads.perSecond(),
                        reads.p99Ms(),
                        clients);
            }
        }
    }

    private static UUID seedMetrics(ConfigurableApplicationContext context, JdbcClient jdbc, UUID team, UUID dataset) {
        UUID job = jdbc.sql("INSERT INTO jobs (team_id, name, dataset_id, spec, state, total_steps)"
                        + " VALUES (?, 'metrics-source', ?, '{}', 'SUCCEEDED', 20000) RETURNING id")
                .params(team, dataset)
                .query(UUID.class)
                .single();
        JdbcTemplate template = context.getBean(JdbcTemplate.class);
        List<Object[]> rows = new ArrayList<>();
        for (String name :
                List.of("loss", "aux_loss", "z_loss", "tokens_per_second", "dropped_fraction", "learning_rate")) {
            for (int step = 1; step <= 20_000; step++) {
                rows.add(new Object[] {job, name, (long) step, Math.exp(-step / 5000.0)});
            }
        }
        template.batchUpdate("INSERT INTO metrics (job_id, name, step, value) VALUES (?, ?, ?, ?)", rows);
        return job;
    }

    /** Runs {@code clients} closed-loop clients for {@code seconds}; latencies in milliseconds. */
    static Phase phase(HttpClient http, String name, IntFunction<HttpRequest> request, int seconds, int clients)
            throws InterruptedException {
        List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger errors = new AtomicInteger();
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        long start = System.nanoTime();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < clients; c++) {
                int client = c;
                pool.submit(() -> {
                    int i = 0;
                    while (System.nanoTime() < end) {
                        long t0 = System.nanoTime();
                        try {
                            HttpResponse<Void> r = http.send(
                                    request.apply(client * 1_000_000 + i++), HttpResponse.BodyHandlers.discarding());
                            if (r.statusCode() >= 400) {
                                errors.incrementAndGet();
                            }
                        } catch (Exception e) {
                            errors.incrementAndGet();
                        }
                        latencies.add((System.nanoTime() - t0) / 1e6);
                    }
                    return null;
                });
            }
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        List<Double> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        return new Phase(
                name, sorted.size() / elapsed, percentile(sorted, 0.50), percentile(sorted, 0.99), errors.get());
    }

    static double percentile(List<Double> sorted, double q) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(q * sorted.size()) - 1));
    }
}
