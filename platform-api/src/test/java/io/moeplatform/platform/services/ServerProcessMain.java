package io.moeplatform.platform.services;

import io.moeplatform.store.EmbeddedS3Server;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The main class of a server process started by {@link ProcessServices}: a PostgreSQL server
 * (zonky's binaries) or an S3 server (S3Proxy over a directory), in its own JVM. When the server
 * is up it writes {@code DIR/ready.properties} (its URL), then runs until SIGTERM, or until the
 * JVM that started it is gone (so that a killed test run leaves no server behind).
 *
 * <pre>
 * postgres DIR USER PASSWORD   a cluster in DIR/data; USER (not a superuser, password required)
 *                              owns each of {@link ExternalServices#DATABASES}
 * s3 DIR ACCESS_KEY SECRET_KEY objects under DIR/objects
 * </pre>
 */
public final class ServerProcessMain {

    static final String READY_FILE = "ready.properties";

    private ServerProcessMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            throw new IllegalArgumentException("usage: postgres|s3 DIR USER|ACCESS_KEY PASSWORD|SECRET_KEY");
        }
        Path dir = Path.of(args[1]);
        Properties ready = new Properties();
        AutoCloseable server = switch (args[0]) {
            case "postgres" -> startPostgres(dir, args[2], args[3], ready);
            case "s3" -> startS3(dir, args[2], args[3], ready);
            default -> throw new IllegalArgumentException("unknown server " + args[0]);
        };
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } catch (Exception e) {
                e.printStackTrace();
            }
            stopped.countDown();
        }));
        ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(() -> System.exit(0)));
        writeAtomically(dir.resolve(READY_FILE), ready);
        System.out.println("ready: " + ready);
        stopped.await();
    }

    private static EmbeddedPostgres startPostgres(Path dir, String user, String password, Properties ready)
            throws IOException {
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(dir.resolve("data"))
                .setOverrideWorkingDirectory(dir.resolve("binaries").toFile())
                .setLocaleConfig("locale", "C")
                .setLocaleConfig("encoding", "UTF8")
                .setServerConfig("max_connections", "200")
                .setPGStartupWait(Duration.ofSeconds(60))
                .setDataDirectoryCustomizer(data -> {
                    try {
                        // The superuser is trusted over loopback for this set-up only; every other
                        // role, the platform's included, must give its password.
                        Files.writeString(
                                data.toPath().resolve("pg_hba.conf"),
                                "host all postgres 127.0.0.1/32 trust\n"
                                        + "host all all 127.0.0.1/32 scram-sha-256\n"
                                        + "host all all ::1/128 scram-sha-256\n");
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                })
                .start();
        JdbcClient admin = JdbcClient.create(postgres.getPostgresDatabase());
        admin.sql("CREATE ROLE " + user + " LOGIN PASSWORD '" + password.replace("'", "''") + "'")
                .update();
        for (String database : ExternalServices.DATABASES) {
            admin.sql("CREATE DATABASE " + database + " OWNER " + user).update();
        }
        ready.setProperty("port", Integer.toString(postgres.getPort()));
        return postgres;
    }

    private static EmbeddedS3Server startS3(Path dir, String accessKey, String secretKey, Properties ready) {
        EmbeddedS3Server s3 = EmbeddedS3Server.start(dir.resolve("objects"), "127.0.0.1", 0, accessKey, secretKey);
        ready.setProperty("endpoint", s3.endpoint());
        return s3;
    }

    private static void writeAtomically(Path file, Properties properties) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            properties.store(out, "pid " + ProcessHandle.current().pid());
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
    }
}
