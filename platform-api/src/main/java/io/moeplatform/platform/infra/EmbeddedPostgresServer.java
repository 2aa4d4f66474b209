package io.moeplatform.platform.infra;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server (zonky's packaged binaries) whose cluster lives in a directory that
 * survives restarts.
 *
 * <p>Two things make a persistent cluster safe to reuse. A JVM killed with {@code kill -9} leaves
 * its postmaster running with the cluster's {@code postmaster.pid}: that server is stopped before
 * a new one starts. And {@code initdb} runs only when the directory holds no cluster yet, with the
 * C locale, since {@code LANG} may name a locale that is not installed.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

    private final EmbeddedPostgres postgres;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /**
     * Starts PostgreSQL on a free local port with its cluster in {@code dataDir}.
     *
     * @param dataDir the cluster directory, created and initialised on first use
     * @param workDir where the binaries are unpacked (shared between starts)
     */
    public static EmbeddedPostgresServer start(Path dataDir, Path workDir) {
        try {
            Files.createDirectories(dataDir);
            Files.createDirectories(workDir);
            stopOrphanedServer(dataDir);
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false)
                    .setOverrideWorkingDirectory(workDir.toFile())
                    .setLocaleConfig("locale", "C")
                    .setLocaleConfig("encoding", "UTF8")
                    .setServerConfig("max_connections", "200")
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .start();
            log.info("Embedded PostgreSQL on port {} with data in {}", postgres.getPort(), dataDir);
            return new EmbeddedPostgresServer(postgres);
        } catch (IOException e) {
            throw new StartupCheckException(
                    "Embedded PostgreSQL failed to start in " + dataDir + ": " + e.getMessage(),
                    "Check that the directory is writable and not used by another platform process, or"
                            + " configure an external database with spring.datasource.url (MOE_DB_URL).",
                    e);
        }
    }

    /** JDBC URL of the {@code postgres} database. */
    public String jdbcUrl() {
        return postgres.getJdbcUrl("postgres", "postgres");
    }

    public String username() {
        return "postgres";
    }

    public int port() {
        return postgres.getPort();
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Stops a postmaster left behind by a process that died without shutting it down, so that the
     * new server can own the cluster. A {@code postmaster.pid} whose process is gone is removed.
     */
    static void stopOrphanedServer(Path dataDir) throws IOException {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        List<String> lines = Files.readAllLines(pidFile);
        Optional<ProcessHandle> process =
                lines.isEmpty() ? Optional.empty() : parsePid(lines.getFirst()).flatMap(ProcessHandle::of);
        if (process.isPresent() && process.get().isAlive() && isPostgres(process.get())) {
            log.warn(
                    "Stopping PostgreSQL (pid {}) left running by an earlier process",
                    process.get().pid());
            // SIGTERM is PostgreSQL's "smart" shutdown; its clients died with the old JVM.
            process.get().destroy();
            try {
                process.get().onExit().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                process.get().destroyForcibly();
            }
        }
        Files.deleteIfExists(pidFile);
    }

    private static Optional<Long> parsePid(String line) {
        try {
            return Optional.of(Long.parseLong(line.strip()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static boolean isPostgres(ProcessHandle process) {
        return process.info().command().map(c -> c.contains("postgres")).orElse(true);
    }
}
