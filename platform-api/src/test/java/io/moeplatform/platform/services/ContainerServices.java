package io.moeplatform.platform.services;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.UUID;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * PostgreSQL ({@value #POSTGRES_IMAGE}) and an S3 server ({@value #S3_IMAGE}, S3Proxy's own image,
 * as in docker-compose.yml; the Docker Hub image {@code minio/minio} is gone) in containers,
 * started with Testcontainers once per test JVM on first use. Only their mapped URLs and
 * credentials leave this class. Needs a Docker engine: see {@link RequireDocker}.
 */
public final class ContainerServices implements ExternalServices {

    static final String POSTGRES_IMAGE = "postgres:17";
    static final String S3_IMAGE = "andrewgaul/s3proxy:s3proxy-2.6.0";

    private static ContainerServices shared;

    private final PostgreSQLContainer postgres;
    private final GenericContainer<?> s3;
    private final String dbPassword = "pw-" + UUID.randomUUID();
    private final String s3SecretKey = "secret-" + UUID.randomUUID();

    @SuppressWarnings("resource") // stopped by Testcontainers' reaper, or the JVM's exit
    private ContainerServices() {
        // The image's superuser creates the platform's role and databases, as a DBA would.
        postgres = new PostgreSQLContainer(POSTGRES_IMAGE)
                .withDatabaseName("postgres")
                .withUsername("postgres")
                .withPassword("admin-" + UUID.randomUUID());
        s3 = new GenericContainer<>(S3_IMAGE)
                .withEnv("S3PROXY_AUTHORIZATION", "aws-v2-or-v4")
                .withEnv("S3PROXY_IDENTITY", s3AccessKey())
                .withEnv("S3PROXY_CREDENTIAL", s3SecretKey)
                // In memory: keeps object metadata (x-amz-meta-sha256) whatever the container's
                // filesystem does with extended attributes.
                .withEnv("JCLOUDS_PROVIDER", "transient")
                .withExposedPorts(80)
                .waitingFor(Wait.forListeningPort().withStartupTimeout(Duration.ofMinutes(2)));
        postgres.start();
        s3.start();
        JdbcClient admin = JdbcClient.create(
                new DriverManagerDataSource(postgres.getJdbcUrl(), postgres.getUsername(), postgres.getPassword()));
        admin.sql("CREATE ROLE " + dbUser() + " LOGIN PASSWORD '" + dbPassword + "'")
                .update();
        for (String database : DATABASES) {
            admin.sql("CREATE DATABASE " + database + " OWNER " + dbUser()).update();
        }
    }

    /** The containers of this JVM, started on first call. */
    public static synchronized ContainerServices shared() {
        if (shared == null) {
            shared = new ContainerServices();
        }
        return shared;
    }

    @Override
    public String kind() {
        return "containers";
    }

    @Override
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + postgres.getHost() + ":" + postgres.getMappedPort(5432) + "/" + database;
    }

    @Override
    public String dbUser() {
        return "moe";
    }

    @Override
    public String dbPassword() {
        return dbPassword;
    }

    @Override
    public String s3Endpoint() {
        return "http://" + s3.getHost() + ":" + s3.getMappedPort(80);
    }

    @Override
    public String s3AccessKey() {
        return "moe-access";
    }

    @Override
    public String s3SecretKey() {
        return s3SecretKey;
    }

    /** Whether a Docker engine answers (Testcontainers' own check, done once per JVM). */
    public static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * Skips the test class with a message where no Docker engine answers, or fails it when
     * {@code MOE_REQUIRE} names {@code docker} (see {@link RequiredTool}). Evaluated before the
     * class runs (before Spring loads its context), so that without Docker no container is asked
     * for; a disabled class is reported as skipped with the message, where an aborted
     * {@code @BeforeAll} would vanish from Maven's report.
     */
    public static final class RequireDocker implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            if (context.getTestMethod().isPresent()) {
                return ConditionEvaluationResult.enabled("decided for the class");
            }
            String reason = RequiredTool.check(
                    "docker",
                    dockerAvailable(),
                    "no Docker engine answers, so " + context.getDisplayName() + " cannot run the platform against"
                            + " the " + POSTGRES_IMAGE + " and " + S3_IMAGE + " containers; the same tests run"
                            + " against server processes in the *OnProcessServicesIT classes");
            if (reason == null) {
                return ConditionEvaluationResult.enabled("a Docker engine answers");
            }
            System.out.println(reason);
            return ConditionEvaluationResult.disabled(reason);
        }
    }

    /**
     * Points a Spring test context at {@link #shared()} through {@code spring.datasource.*} and
     * {@code moe.s3.*} only (database {@code moe_api}, bucket {@code moe-api}); see
     * {@link OnContainerServices}.
     */
    public static final class Initializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {
        @Override
        public void initialize(ConfigurableApplicationContext context) {
            context.getEnvironment()
                    .getPropertySources()
                    .addFirst(new MapPropertySource(
                            "containerServices",
                            new LinkedHashMap<String, Object>(shared().platformProperties("moe_api", "moe-api"))));
        }
    }
}
