package io.moeplatform.platform.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.moeplatform.platform.ApiTestSupport;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The jobs API: submission checks naming field and numbers, listing, cancel, resume, idempotency. */
class JobApiIT extends ApiTestSupport {

    private String spec(UUID dataset, String extra) {
        return "{\"name\":\"mt\",\"dataset\":\"" + dataset + "\",\"schedule\":{\"steps\":50}" + extra + "}";
    }

    @Test
    void submitAgainstAReadyDataset() {
        Team team = newTeam("job");
        UUID dataset = uploadSmallDataset(team, "train");
        HttpResponse<String> r =
                send("POST", "/api/v1/jobs", team.token(), spec(dataset, ",\"moe\":{\"experts\":4,\"topK\":2}"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonNode job = body(r);
        assertThat(job.get("state").asString()).isEqualTo("QUEUED");
        assertThat(job.get("dataset").asString()).isEqualTo(dataset.toString());
        assertThat(job.get("spec").get("moe").get("topK").asInt()).isEqualTo(2);
        assertThat(job.get("totalSteps").asLong()).isEqualTo(50);
    }

    @Test
    void eachInvalidSpecNamesTheFieldAndTheNumbers() {
        Team team = newTeam("job");
        UUID dataset = uploadSmallDataset(team, "train");
        assertInvalid(team, spec(dataset, ",\"colour\":\"blue\""), "colour", "unknown field");
        assertInvalid(
                team,
                spec(dataset, ",\"moe\":{\"experts\":6},\"parallelism\":{\"expertParallel\":4}"),
                "parallelism.expertParallel",
                "experts (6) not divisible by expert-parallel size (4)");
        assertInvalid(
                team, spec(dataset, ",\"moe\":{\"capacityFactor\":0}"), "moe.capacityFactor", "must be > 0, was 0.0");
        assertInvalid(team, spec(dataset, ",\"moe\":{\"capacityFactor\":-1.5}"), "moe.capacityFactor", "was -1.5");
        assertInvalid(team, spec(dataset, ",\"moe\":{\"experts\":4,\"topK\":5}"), "moe.topK", "topK (5) > experts (4)");

        Team other = newTeam("job");
        UUID foreign = uploadSmallDataset(other, "theirs");
        assertInvalid(team, spec(foreign, ""), "dataset", foreign.toString());
        assertThat(jdbc.sql("SELECT count(*) FROM jobs WHERE team_id = ?")
                        .param(team.id())
                        .query(Long.class)
                        .single())
                .isZero();
    }

    @Test
    void aModelTooBigForEveryWorkerIsRefusedWithTheNumbers() {
        Team team = newTeam("job");
        UUID dataset = uploadSmallDataset(team, "train");
        UUID worker = jdbc.sql("INSERT INTO workers (name, host, device_memory_bytes, host_memory_bytes, state)"
                        + " VALUES (?, 'test-host', 1073741824, 2147483648, 'IDLE') RETURNING id")
                .param("small-" + UUID.randomUUID())
                .query(UUID.class)
                .single();
        try {
            HttpResponse<String> r = send(
                    "POST",
                    "/api/v1/jobs",
                    team.token(),
                    spec(
                            dataset,
                            ",\"model\":{\"dModel\":4096,\"heads\":32,\"encoderLayers\":12,\"decoderLayers\":12,\"vocabSize\":64000},\"moe\":{\"experts\":64}"));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
            JsonNode p = body(r);
            assertThat(p.get("type").asString()).isEqualTo("https://moeplatform.io/problems/does-not-fit");
            assertThat(p.get("field").asString()).isEqualTo("model");
            assertThat(p.get("largestWorkerDeviceBytes").asLong()).isEqualTo(1073741824L);
            assertThat(p.get("requiredDeviceBytes").asLong()).isGreaterThan(1073741824L);
            assertThat(p.get("detail").asString()).contains("GiB").contains("1.00 GiB device");
        } finally {
            jdbc.sql("DELETE FROM workers WHERE id = ?").param(worker).update();
        }
    }

    @Test
    void listFiltersAndPaginates() {
        Team team = newTeam("job");
        UUID dataset = uploadSmallDataset(team, "train");
        List<String> ids = new ArrayList<>();
        for (String name : List.of("alpha-1", "alpha-2", "beta-1")) {
            ids.add(body(send(
                            "POST",
                            "/api/v1/jobs",
                            team.token(),
                            spec(dataset, "").replace("\"mt\"", "\"" + name + "\"")))
                    .get("id")
                    .asString());
        }
        send("POST", "/api/v1/jobs/" + ids.get(0) + "/cancel", team.token(), null);
        JsonNode all = body(get("/api/v1/jobs?size=2", team.token()));
        assertThat(all.get("total").asLong()).isEqualTo(3);
        assertThat(all.get("items")).hasSize(2);
        assertThat(body(get("/api/v1/jobs?page=1&size=2", team.token())).get("items"))
                .hasSize(1);
        JsonNode alpha = body(get("/api/v1/jobs?name=alpha", team.token()));
        assertThat(alpha.get("total").asLong()).isEqualTo(2);
        JsonNode queued = body(get("/api/v1/jobs?state=QUEUED", team.token()));
        assertThat(queued.get("total").asLong()).isEqualTo(2);
        JsonNode cancelled = body(get("/api/v1/jobs?state=CANCELLED", team.token()));
        assertThat(cancelled.get("items").get(0).get("id").asString()).isEqualTo(ids.get(0));
        HttpResponse<String> badState = get("/api/v1/jobs?state=SLEEPING", team.token());
        assertThat(badState.statusCode()).isEqualTo(400);
        assertThat(body(badState).get("field").asString()).isEqualTo("state");
        assertThat(get("/api/v1/jobs?size=201", team.token()).statusCode()).isEqualTo(400);
    }

    @Test
    void cancelAQueuedJobThenResumeIt() {
        Team team = newTeam("job");
        UUID dataset = uploadSmallDataset(team, "train");
        String id = body(send("POST", "/api/v1/jobs", team.token(), spec(dataset, "")))
                .get("id")
                .asString();
        HttpResponse<String> cancelled = send("POST", "/api/v1/jobs/" + id + "/cancel", team.token(), null);
        assertThat(cancelled.statusCode()).isEqualTo(200);
        assertThat(body(cancelled).get("state").asString()).isEqualTo("CANCELLED");
        assertThat(send("POST", "/api/v1/jobs/" + id + "/cancel", team.token(), null)
                        .statusCode())
                .isEqualTo(409);
        HttpResponse<String> resumed = send("POST", "/api/v1/jobs/" + id + "/resume", team.token(), null);
        assertThat(resumed.statusCode()).isEqualTo(200);
        assertThat(body(resumed).get("state").asString()).isEqualTo("QUEUED");
        assertThat(send("POST", "/api/v1/jobs/" + id + "/resume", team.token(), null)
                        .statusCode())
                .isEqualTo(409);
        List<String> transitions = new ArrayList<>();
        body(get("/api/v1/jobs/" + id + "/events", team.token()))
                .forEach(e -> transitions.add(
                        e.path("from").asString("") + ">" + e.get("to").asString()));
        assertThat(transitions).containsExactly(">QUEUED", "QUEUED>CANCELLED", "CANCELLED>QUEUED");
    }

    @Test
    void concurrentRetriesWithOneIdempotencyKeyCreateOneJob() throws Exception {
        Team team = newTeam("job");
        UUID dataset = uploadSmallDataset(team, "train");
        String body = spec(dataset, "").replace("\"mt\"", "\"idem\"");
        Callable<HttpResponse<String>> submit = () -> send(java.net.http.HttpRequest.newBuilder(uri("/api/v1/jobs"))
                .header("Authorization", "Bearer " + team.token())
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", "nightly-42")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body))
                .build());
        List<Future<HttpResponse<String>>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < 8; i++) {
                futures.add(pool.submit(submit));
            }
        }
        List<String> ids = new ArrayList<>();
        for (Future<HttpResponse<String>> f : futures) {
            assertThat(f.get().statusCode()).as(f.get().body()).isEqualTo(201);
            ids.add(body(f.get()).get("id").asString());
        }
        assertThat(ids).hasSize(8).containsOnly(ids.getFirst());
        assertThat(jdbc.sql("SELECT count(*) FROM jobs WHERE team_id = ? AND name = 'idem'")
                        .param(team.id())
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
    }

    private void assertInvalid(Team team, String spec, String field, String detailPart) {
        HttpResponse<String> r = send("POST", "/api/v1/jobs", team.token(), spec);
        assertThat(r.statusCode()).as(spec + " -> " + r.body()).isEqualTo(400);
        JsonNode p = body(r);
        assertThat(p.get("field").asString()).as(r.body()).isEqualTo(field);
        assertThat(p.get("detail").asString()).as(r.body()).startsWith(field).contains(detailPart);
    }
}
