package io.moeplatform.platform.team;

import static org.assertj.core.api.Assertions.assertThat;

import io.moeplatform.platform.ApiTestSupport;
import io.moeplatform.platform.CheckpointFixtures;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Another team's resources do not exist for a caller: every endpoint that takes the id (or name)
 * of a resource answers 404 to a token of team B for team A's resource, and leaves it intact.
 * Each endpoint is also called by team A afterwards, so that a mistyped path (which would 404 for
 * everyone) fails the test. A new endpoint is one more line in {@link #ENDPOINTS}.
 */
class TeamIsolationIT extends ApiTestSupport {

    /** An endpoint taking an id of team A's resources, and what team A itself gets from it. */
    record Endpoint(String method, String path, int ownerStatus) {}

    /** In the order team A calls them afterwards (destructive ones last). */
    static final List<Endpoint> ENDPOINTS = List.of(
            new Endpoint("GET", "/api/v1/datasets/{dataset}", 200),
            new Endpoint("GET", "/api/v1/datasets/{dataset}/preview", 200),
            new Endpoint("GET", "/api/v1/jobs/{job}", 200),
            new Endpoint("GET", "/api/v1/jobs/{job}/events", 200),
            new Endpoint("GET", "/api/v1/jobs/{job}/metrics", 200),
            new Endpoint("GET", "/api/v1/jobs/{job}/logs", 200),
            new Endpoint("GET", "/api/v1/jobs/{job}/checkpoints", 200),
            new Endpoint("GET", "/api/v1/checkpoints/{checkpoint}", 200),
            new Endpoint("GET", "/api/v1/checkpoints/{checkpoint}/shards/dense.safetensors", 200),
            new Endpoint("GET", "/api/v1/checkpoints/{checkpoint}/archive", 200),
            new Endpoint("GET", "/api/v1/teams/{team}", 200),
            new Endpoint("GET", "/api/v1/tokens?team={team}", 200),
            new Endpoint("POST", "/api/v1/jobs/{job}/cancel", 200),
            new Endpoint("POST", "/api/v1/jobs/{job}/resume", 200),
            new Endpoint("DELETE", "/api/v1/checkpoints/{checkpoint}", 204),
            new Endpoint("DELETE", "/api/v1/datasets/{dataset}", 409), // the resumed job uses it
            new Endpoint("DELETE", "/api/v1/tokens/{token}?team={team}", 204),
            new Endpoint("DELETE", "/api/v1/tokens/{token}", 204)); // revoking twice is fine

    @Test
    void everyEndpointTakingAnIdOfAnotherTeamAnswers404() {
        Team a = newTeam("iso-a");
        Team b = newTeam("iso-b");
        UUID dataset = uploadSmallDataset(a, "a-data");
        HttpResponse<String> job = send(
                "POST",
                "/api/v1/jobs",
                a.token(),
                "{\"name\":\"a-job\",\"dataset\":\"" + dataset + "\",\"schedule\":{\"steps\":10}}");
        assertThat(job.statusCode()).as(job.body()).isEqualTo(201);
        UUID jobId = UUID.fromString(body(job).get("id").asString());
        UUID checkpoint = CheckpointFixtures.checkpoint(store, jdbc, a.id(), jobId, 10, 1.0, 2000);
        UUID tokenId = teams.tokens(a.id()).getFirst().id();
        Map<String, String> ids = Map.of(
                "{dataset}",
                dataset.toString(),
                "{job}",
                jobId.toString(),
                "{checkpoint}",
                checkpoint.toString(),
                "{team}",
                a.name(),
                "{token}",
                tokenId.toString());

        for (Endpoint e : ENDPOINTS) {
            HttpResponse<String> r = send(e.method(), fill(e.path(), ids), b.token(), null);
            assertThat(r.statusCode()).as("team B: " + e + " -> " + r.body()).isEqualTo(404);
            assertThat(body(r).get("type").asString())
                    .as(e.toString())
                    .isEqualTo("https://moeplatform.io/problems/not-found");
        }
        // nothing of A changed
        assertThat(body(get("/api/v1/jobs/" + jobId, a.token())).get("state").asString())
                .isEqualTo("QUEUED");
        assertThat(get("/api/v1/checkpoints/" + checkpoint, a.token()).statusCode())
                .isEqualTo(200);
        assertThat(get("/api/v1/datasets/" + dataset, a.token()).statusCode()).isEqualTo(200);
        assertThat(teams.tokens(a.id())).allMatch(t -> t.revokedAt() == null);

        // and the paths are right: team A reaches each of them
        String revoker = token(a.id()); // A's first token is revoked on the way
        for (Endpoint e : ENDPOINTS) {
            HttpResponse<String> r = send(e.method(), fill(e.path(), ids), revoker, null);
            assertThat(r.statusCode()).as("team A: " + e + " -> " + r.body()).isEqualTo(e.ownerStatus());
        }
    }

    @Test
    void requestsWithoutAValidTokenAre401() {
        Team a = newTeam("auth");
        assertThat(get("/api/v1/datasets", null).statusCode()).isEqualTo(401);
        assertThat(get("/api/v1/datasets", "moe_not-a-real-token").statusCode()).isEqualTo(401);

        String expired = ApiTokens.newSecret();
        teams.createToken(a.id(), "old", expired, Instant.now().minus(Duration.ofMinutes(1)));
        HttpResponse<String> r = get("/api/v1/datasets", expired);
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(body(r).get("type").asString()).isEqualTo("https://moeplatform.io/problems/unauthorized");

        String revoked = token(a.id());
        assertThat(get("/api/v1/datasets", revoked).statusCode()).isEqualTo(200);
        UUID revokedId = teams.tokens(a.id()).getLast().id();
        assertThat(send("DELETE", "/api/v1/tokens/" + revokedId, a.token(), null)
                        .statusCode())
                .isEqualTo(204);
        assertThat(get("/api/v1/datasets", revoked).statusCode()).isEqualTo(401);
        assertThat(get("/api/v1/datasets", a.token()).statusCode()).isEqualTo(200);
    }

    @Test
    void onlyAdminTokensManageTeams() {
        Team plain = newTeam("plain");
        String name = "created-" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> refused =
                send("POST", "/api/v1/teams", plain.token(), "{\"name\":\"" + name + "\",\"admin\":false}");
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
        assertThat(body(refused).get("type").asString()).isEqualTo("https://moeplatform.io/problems/forbidden");

        Team admin = admin();
        HttpResponse<String> created =
                send("POST", "/api/v1/teams", admin.token(), "{\"name\":\"" + name + "\",\"admin\":false}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        HttpResponse<String> token = send(
                "POST",
                "/api/v1/tokens",
                admin.token(),
                "{\"name\":\"ci\",\"team\":\"" + name + "\",\"expiresInDays\":1}");
        assertThat(token.statusCode()).as(token.body()).isEqualTo(201);
        String secret = body(token).get("token").asString();
        HttpResponse<String> self = get("/api/v1/teams/" + name, secret);
        assertThat(self.statusCode()).isEqualTo(200);
        assertThat(get("/api/v1/teams/admin", secret).statusCode()).isEqualTo(404);
        assertThat(send("DELETE", "/api/v1/teams/" + name, secret, null).statusCode())
                .isEqualTo(403);
    }

    private static String fill(String path, Map<String, String> ids) {
        String out = path;
        for (Map.Entry<String, String> e : ids.entrySet()) {
            out = out.replace(e.getKey(), e.getValue());
        }
        return out;
    }
}
