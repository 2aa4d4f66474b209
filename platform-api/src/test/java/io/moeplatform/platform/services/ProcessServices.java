package io.moeplatform.platform.services;

import io.moeplatform.platform.failure.ChildJvm;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * A PostgreSQL server and an S3 server (S3Proxy), each started as its own OS process: two child
 * JVMs running {@link ServerProcessMain}, the PostgreSQL postmaster a child of the first. The
 * tests see only their URLs and credentials. Started once per test JVM, on first use, and stopped
 * when it exits. Needs nothing but the JDK and the project's dependencies, so it runs everywhere.
 */
public final class ProcessServices implements ExternalServices {

    private static final Duration START_TIMEOUT = Duration.ofMinutes(2);

    private static ProcessServices shared;

    private final int postgresPort;
    private final String s3Endpoint;
    private final String dbPassword = "pw-" + UUID.randomUUID();
    private final String s3SecretKey = "secret-" + UUID.randomUUID();

    private ProcessServices(Path dir) {
        ChildJvm postgres = ChildJvm.start(
                "postgres",
                dir,
                ServerProcessMain.class.getName(),
                List.of("postgres", dir.resolve("postgres").toString(), dbUser(), dbPassword));
        ChildJvm s3 = ChildJvm.start(
                "s3",
                dir,
                ServerProcessMain.class.getName(),
                List.of("s3", dir.resolve("s3").toString(), s3AccessKey(), s3SecretKey));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(dir, postgres, s3), "stop-process-services"));
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        this.postgresPort = Integer.parseInt(
                awaitReady(postgres, dir.resolve("postgres"), deadline).getProperty("port"));
        this.s3Endpoint = awaitReady(s3, dir.resolve("s3"), deadline).getProperty("endpoint");
    }

    /** The servers of this JVM, started on first call. */
    public static synchronized ProcessServices shared() {
        if (shared == null) {
            try {
                shared = new ProcessServices(Files.createTempDirectory("moe-process-services-"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return shared;
    }

    @Override
    public String kind() {
        return "processes";
    }

    @Override
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + postgresPort + "/" + database;
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
        return s3Endpoint;
    }

    @Override
    public String s3AccessKey() {
        return "moe-access";
    }

    @Override
    public String s3SecretKey() {
        return s3SecretKey;
    }

    private static Properties awaitReady(ChildJvm server, Path dir, Instant deadline) {
        Path file = dir.resolve(ServerProcessMain.READY_FILE);
        while (!Files.exists(file)) {
            if (!server.isAlive()) {
                throw new IllegalStateException(
                        server.name() + " server process exited before it was ready\n" + server.tail());
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException(
                        server.name() + " server process not ready after " + START_TIMEOUT + "\n" + server.tail());
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        Properties ready = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            ready.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ready;
    }

    /** SIGTERM to both (PostgreSQL shuts down cleanly), then the directory is removed. */
    private static void stop(Path dir, ChildJvm... servers) {
        for (ChildJvm server : servers) {
            server.terminate();
        }
        for (ChildJvm server : servers) {
            try {
                server.awaitExit(Duration.ofSeconds(30));
            } catch (AssertionError e) {
                server.kill();
            }
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory left behind
        }
    }

    /**
     * Points a Spring test context at {@link #shared()} through {@code spring.datasource.*} and
     * {@code moe.s3.*} only (database {@code moe_api}, bucket {@code moe-api}); see
     * {@link OnProcessServices}.
     */
    public static final class Initializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {
        @Override
        public void initialize(ConfigurableApplicationContext context) {
            context.getEnvironment()
                    .getPropertySources()
                    .addFirst(new MapPropertySource(
                            "processServices",
                            new LinkedHashMap<String, Object>(shared().platformProperties("moe_api", "moe-api"))));
        }
    }
}
