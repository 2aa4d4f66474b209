package io.moeplatform.platform.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.moeplatform.platform.PlatformApplication;
import io.moeplatform.platform.team.ApiTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The platform started with no configuration but a data directory, the way a new user starts
 * it: embedded PostgreSQL and S3 come up, health is UP, the admin token is printed once, and
 * everything is still there after a restart on the same directory.
 */
@ExtendWith(OutputCaptureExtension.class)
class DefaultSetupIT {

    private static final Pattern TOKEN = Pattern.compile("\\s(moe_[A-Za-z0-9_-]{40})\\s");

    @Test
    void startsOnEmbeddedDefaultsAndKeepsDataAcrossRestarts(@TempDir Path dataDir, CapturedOutput output)
            throws Exception {
        String token;
        String teamId;
        try (ConfigurableApplicationContext context = start(dataDir)) {
            assertThat(context.getBeansOfType(EmbeddedPostgresServer.class)).hasSize(1);
            HttpResponse<String> health = get(context, "/actuator/health");
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body())
                    .contains("\"status\":\"UP\"")
                    .contains("\"db\":{")
                    .contains("\"objectStore\":{");
            assertThat(health.body()).doesNotContain("DOWN");

            Matcher matcher = TOKEN.matcher(output.getOut());
            assertThat(matcher.find()).as("admin token printed on first start").isTrue();
            token = matcher.group(1);
            JdbcClient jdbc = context.getBean(JdbcClient.class);
            List<Map<String, Object>> tokens = jdbc.sql(
                            "SELECT t.name, a.token_hash FROM api_tokens a JOIN teams t ON t.id = a.team_id")
                    .query()
                    .listOfRows();
            assertThat(tokens).hasSize(1);
            assertThat(tokens.getFirst()).containsEntry("name", "admin");
            assertThat(tokens.getFirst().get("token_hash")).isEqualTo(ApiTokens.hash(token));
            assertThat(jdbc.sql("SELECT count(*) FROM api_tokens WHERE token_hash = ? OR token_prefix = ?")
                            .params(token, token)
                            .query(Long.class)
                            .single())
                    .as("the secret itself is stored nowhere")
                    .isZero();
            teamId = jdbc.sql("SELECT id::text FROM teams WHERE name = 'admin'")
                    .query(String.class)
                    .single();
        }
        assertThat(Files.isDirectory(dataDir.resolve("postgres"))).isTrue();
        assertThat(Files.isDirectory(dataDir.resolve("s3"))).isTrue();

        int printedBefore = count(TOKEN, output.getOut());
        try (ConfigurableApplicationContext context = start(dataDir)) {
            assertThat(get(context, "/actuator/health").statusCode()).isEqualTo(200);
            JdbcClient jdbc = context.getBean(JdbcClient.class);
            assertThat(jdbc.sql("SELECT id::text FROM teams WHERE name = 'admin'")
                            .query(String.class)
                            .single())
                    .isEqualTo(teamId);
            assertThat(jdbc.sql("SELECT count(*) FROM api_tokens")
                            .query(Long.class)
                            .single())
                    .isEqualTo(1);
        }
        assertThat(count(TOKEN, output.getOut()))
                .as("no second token on restart")
                .isEqualTo(printedBefore);
    }

    static ConfigurableApplicationContext start(Path dataDir, String... extra) {
        String[] args = new String[extra.length + 3];
        args[0] = "--moe.data-dir=" + dataDir;
        args[1] = "--server.port=0";
        args[2] = "--spring.main.banner-mode=off";
        System.arraycopy(extra, 0, args, 3, extra.length);
        return new SpringApplicationBuilder(PlatformApplication.class).run(args);
    }

    static HttpResponse<String> get(ConfigurableApplicationContext context, String path) throws Exception {
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }

    private static int count(Pattern pattern, String text) {
        int n = 0;
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            n++;
        }
        return n;
    }
}
