package io.moeplatform.platform.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.moeplatform.store.EmbeddedS3Server;
import io.moeplatform.store.ObjectStoreException;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The platform pointed at an external PostgreSQL (a real server that requires passwords) and an
 * external S3 endpoint (a real S3 server) uses them and starts no embedded server; bad settings
 * end start-up with one line naming what failed, and no stack trace.
 */
@ExtendWith(OutputCaptureExtension.class)
class ExternalServicesIT {

    @TempDir
    static Path dir;

    static EmbeddedPostgres postgres;
    static EmbeddedS3Server s3;

    @BeforeAll
    static void startServers() throws IOException {
        postgres = EmbeddedPostgres.builder()
                .setDataDirectory(dir.resolve("external-pg"))
                .setOverrideWorkingDirectory(dir.resolve("bin").toFile())
                .setLocaleConfig("locale", "C")
                .setDataDirectoryCustomizer(data -> {
                    try {
                        // The superuser stays trusted for the test's own set-up; everyone else needs a password.
                        Files.writeString(
                                data.toPath().resolve("pg_hba.conf"),
                                "host all postgres 127.0.0.1/32 trust\n"
                                        + "host all all 127.0.0.1/32 scram-sha-256\n"
                                        + "host all all ::1/128 scram-sha-256\n");
                    } catch (IOException e) {
                        throw new RuntimeException(e);
                    }
                })
                .start();
        JdbcClient.create(postgres.getPostgresDatabase())
                .sql("CREATE ROLE moe LOGIN PASSWORD 'right-password' SUPERUSER")
                .update();
        s3 = EmbeddedS3Server.start(dir.resolve("external-s3"), "127.0.0.1", 0, "ext-access", "ext-secret-key");
    }

    @AfterAll
    static void stopServers() throws IOException {
        s3.close();
        postgres.close();
    }

    private static String[] external(String password, String s3Endpoint, String s3Secret) {
        return new String[] {
            "--spring.datasource.url=jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres",
            "--spring.datasource.username=moe",
            "--spring.datasource.password=" + password,
            "--moe.s3.endpoint=" + s3Endpoint,
            "--moe.s3.access-key=ext-access",
            "--moe.s3.secret-key=" + s3Secret,
            "--moe.s3.bucket=external-bucket"
        };
    }

    @Test
    void usesTheConfiguredServersAndStartsNoEmbeddedOne(@TempDir Path dataDir) throws Exception {
        try (ConfigurableApplicationContext context =
                DefaultSetupIT.start(dataDir, external("right-password", s3.endpoint(), "ext-secret-key"))) {
            assertThat(context.getBeansOfType(EmbeddedPostgresServer.class)).isEmpty();
            assertThat(DefaultSetupIT.get(context, "/actuator/health").body())
                    .contains("\"status\":\"UP\"")
                    .contains(s3.endpoint())
                    .contains("external-bucket");
            assertThat(Files.exists(dataDir.resolve("postgres"))).isFalse();
            assertThat(Files.exists(dataDir.resolve("s3"))).isFalse();
        }
        // Flyway migrated the external database.
        assertThat(JdbcClient.create(postgres.getPostgresDatabase())
                        .sql("SELECT count(*) FROM teams WHERE admin")
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
    }

    @Test
    void aWrongDatabasePasswordFailsWithOneClearLine(@TempDir Path dataDir, CapturedOutput output) {
        assertThatThrownBy(() -> DefaultSetupIT.start(dataDir, external("wrong", s3.endpoint(), "ext-secret-key")))
                .hasRootCauseInstanceOf(org.postgresql.util.PSQLException.class);
        assertThat(output.getAll())
                .contains("Cannot connect to PostgreSQL at jdbc:postgresql://127.0.0.1:" + postgres.getPort())
                .contains("password authentication failed for user \"moe\"");
        assertNoStackTrace(output);
    }

    @Test
    void anUnreachableObjectStoreFailsWithOneClearLine(@TempDir Path dataDir, CapturedOutput output)
            throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String endpoint = "http://127.0.0.1:" + closedPort;
        assertThatThrownBy(() -> DefaultSetupIT.start(dataDir, external("right-password", endpoint, "ext-secret-key")))
                .satisfies(t -> assertThat(objectStoreFailure(t))
                        .hasMessageStartingWith("S3 endpoint " + endpoint + " unreachable: "));
        assertThat(output.getAll())
                .contains("Object store: ")
                .contains(endpoint)
                .contains("unreachable");
        assertNoStackTrace(output);
    }

    @Test
    void badObjectStoreCredentialsFailWithOneClearLine(@TempDir Path dataDir, CapturedOutput output) {
        assertThatThrownBy(() ->
                        DefaultSetupIT.start(dataDir, external("right-password", s3.endpoint(), "not-the-secret")))
                .satisfies(t -> assertThat(objectStoreFailure(t))
                        .hasMessage("S3 credentials rejected by " + s3.endpoint() + ": SignatureDoesNotMatch"));
        assertThat(output.getAll()).contains("Object store: ").contains("credentials rejected");
        assertNoStackTrace(output);
    }

    /** The {@link ObjectStoreException} in the causes of a failed start; fails if there is none. */
    private static ObjectStoreException objectStoreFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ObjectStoreException e) {
                return e;
            }
        }
        throw new AssertionError("no ObjectStoreException among the causes of the failed start", failure);
    }

    private static void assertNoStackTrace(CapturedOutput output) {
        assertThat(output.getAll()).contains("APPLICATION FAILED TO START").doesNotContain("\tat ");
    }
}
