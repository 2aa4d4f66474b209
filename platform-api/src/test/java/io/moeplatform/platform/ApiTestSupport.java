package io.moeplatform.platform;

import io.moeplatform.platform.team.ApiTokens;
import io.moeplatform.platform.team.TeamRepository;
import io.moeplatform.store.ObjectStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Base of the API integration tests: one platform on embedded PostgreSQL and S3, shared by every
 * subclass (same configuration, so Spring's context cache starts it once per JVM), reached over
 * real HTTP. Each test makes its own teams, so tests do not see each other's data.
 *
 * <p>A subclass annotated {@link io.moeplatform.platform.services.OnProcessServices} or {@link
 * io.moeplatform.platform.services.OnContainerServices} runs the same tests on a second platform
 * configured for external servers instead (URLs and credentials only).
 */
@SpringBootTest(
        classes = PlatformApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.main.banner-mode=off",
            "moe.worker.embedded=false",
            "moe.datasets.preload-sample=true",
            // Shards above 1 MB take the streaming path, so that tests cover both download paths.
            "moe.checkpoints.verify-before-send=1MB"
        })
public abstract class ApiTestSupport {

    /** One data directory per JVM: the embedded servers of this test run only. */
    protected static final Path DATA_DIR = createDataDir();

    private static Path createDataDir() {
        try {
            return Files.createTempDirectory("moe-platform-it-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("moe.data-dir", DATA_DIR::toString);
    }

    protected static final HttpClient CLIENT =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @LocalServerPort
    protected int port;

    @Autowired
    protected JdbcClient jdbc;

    @Autowired
    protected JsonMapper json;

    @Autowired
    protected ObjectStore store;

    @Autowired
    protected TeamRepository teams;

    /** A team and a token of it. */
    public record Team(UUID id, String name, String token) {}

    /** A new non-admin team with a fresh token, created through the database. */
    protected Team newTeam(String prefix) {
        String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        TeamRepository.Team team = teams.create(name, false);
        return new Team(team.id(), name, token(team.id()));
    }

    /** The admin team with a fresh token. */
    protected Team admin() {
        TeamRepository.Team team = teams.findByName("admin").orElseThrow();
        return new Team(team.id(), team.name(), token(team.id()));
    }

    protected String token(UUID teamId) {
        String secret = ApiTokens.newSecret();
        teams.createToken(teamId, "test", secret, Instant.now().plus(Duration.ofDays(1)));
        return secret;
    }

    protected URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    protected HttpResponse<String> send(String method, String path, String token, String jsonBody) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(60));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (jsonBody != null) {
            b.header("Content-Type", "application/json");
            b.method(method, HttpRequest.BodyPublishers.ofString(jsonBody));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return send(b.build());
    }

    protected HttpResponse<String> get(String path, String token) {
        return send("GET", path, token, null);
    }

    protected HttpResponse<String> send(HttpRequest request) {
        try {
            return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    protected JsonNode body(HttpResponse<String> response) {
        return json.readTree(response.body());
    }

    /** A multipart/form-data body built part by part. */
    public static final class Multipart {
        private final String boundary = "moe-" + UUID.randomUUID();
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final List<String> headers = new ArrayList<>();

        public Multipart field(String name, String value) {
            write("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n");
            write(value + "\r\n");
            return this;
        }

        public Multipart file(String name, String fileName, byte[] content) {
            write("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\"" + fileName
                    + "\"\r\nContent-Type: application/octet-stream\r\n\r\n");
            out.writeBytes(content);
            write("\r\n");
            return this;
        }

        public Multipart file(String name, String fileName, String content) {
            return file(name, fileName, content.getBytes(StandardCharsets.UTF_8));
        }

        public Multipart header(String name, String value) {
            headers.add(name);
            headers.add(value);
            return this;
        }

        public HttpRequest request(URI uri, String token) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            body.writeBytes(out.toByteArray());
            body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
            HttpRequest.Builder b = HttpRequest.newBuilder(uri)
                    .timeout(Duration.ofSeconds(60))
                    .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
            if (token != null) {
                b.header("Authorization", "Bearer " + token);
            }
            for (int i = 0; i < headers.size(); i += 2) {
                b.header(headers.get(i), headers.get(i + 1));
            }
            return b.build();
        }

        private void write(String s) {
            out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** A small valid TSV corpus: two language pairs. */
    protected static final String SMALL_TSV = """
      src_lang	tgt_lang	src	tgt
      en	de	Good morning.	Guten Morgen.
      en	de	The cat sleeps on the mat.	Die Katze schläft auf der Matte.
      en	de	Good morning.	Guten Morgen.
      en	fr	Thank you very much.	Merci beaucoup.
      en	fr	Where is the station?	Où est la gare ?
      """;

    /** Uploads {@link #SMALL_TSV} as a dataset of the team and returns its id. */
    protected UUID uploadSmallDataset(Team team, String name) {
        HttpResponse<String> response = send(new Multipart()
                .field("name", name)
                .file("file", "small.tsv", SMALL_TSV)
                .request(uri("/api/v1/datasets"), team.token()));
        if (response.statusCode() != 201) {
            throw new AssertionError("upload failed: " + response.statusCode() + " " + response.body());
        }
        return UUID.fromString(body(response).get("id").asString());
    }
}
