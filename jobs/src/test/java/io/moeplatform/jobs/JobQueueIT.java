package io.moeplatform.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.domain.Limit;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The queue's native queries on real PostgreSQL with the project's migrations: every transition
 * follows {@link JobStateMachine} and leaves its event, and a job whose leases keep running out
 * (a job that kills its worker) fails after {@code max-attempts} instead of going round for ever.
 */
class JobQueueIT {

    private static final Duration LEASE = Duration.ofMinutes(5);
    private static final Set<JobKind> TRAIN = Set.of(JobKind.TRAIN);

    private static Path dir;
    private static EmbeddedPostgres postgres;
    private static ConfigurableApplicationContext context;
    private static JdbcClient jdbc;
    private static JobQueue queue;
    private static Workers workers;

    @BeforeAll
    static void start() throws IOException {
        dir = Files.createTempDirectory("jobs-it");
        postgres = EmbeddedPostgres.builder()
                .setDataDirectory(dir.resolve("pg"))
                .setOverrideWorkingDirectory(dir.resolve("bin").toFile())
                .setLocaleConfig("locale", "C")
                .start();
        DataSource ds = postgres.getPostgresDatabase();
        Flyway.configure()
                .dataSource(ds)
                .locations("classpath:db/migration")
                .load()
                .migrate();
        context = new SpringApplicationBuilder(TestApp.class)
                .web(WebApplicationType.NONE)
                .properties(
                        "spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
                        "spring.datasource.username=postgres",
                        "spring.jpa.hibernate.ddl-auto=validate",
                        "moe.jobs.max-attempts=3")
                .run();
        jdbc = context.getBean(JdbcClient.class);
        queue = context.getBean(JobQueue.class);
        workers = context.getBean(Workers.class);
    }

    /** The library's auto-configuration on a DataSource, as an app gets it. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class TestApp {}

    @AfterAll
    static void stop() throws IOException {
        context.close();
        postgres.close();
    }

    @Test
    void theEntitiesMatchTheFlywaySchemaAndEventsReadBackThroughTheRepository() {
        // ddl-auto=validate has checked every entity against the migrated schema at start-up
        UUID job = queuedJob("events");
        queue.log(job, null, "INFO", "hello");
        assertThat(context.getBean(JobEventRepository.class).findByJobIdOrderById(job))
                .extracting(JobEvent::from, JobEvent::to, JobEvent::reason)
                .containsExactly(tuple(null, JobState.QUEUED, "submitted"));
        assertThat(context.getBean(JobLogRepository.class).findByJobIdAndIdGreaterThanOrderById(job, 0, Limit.of(10)))
                .extracting(JobLog::level, JobLog::message)
                .containsExactly(tuple("INFO", "hello"));
    }

    @Test
    void aJobWhoseLeasesKeepRunningOutFailsAfterMaxAttempts() {
        UUID job = queuedJob("crasher");
        for (int attempt = 1; attempt <= 3; attempt++) {
            UUID worker = worker("w-crash-" + attempt);
            ClaimedJob claimed =
                    queue.claim(worker, TRAIN, Long.MAX_VALUE, LEASE).orElseThrow();
            assertThat(claimed.id()).isEqualTo(job);
            assertThat(claimed.attempt()).isEqualTo(attempt);
            expireLease(job); // the worker died: no heartbeat renews the lease
            assertThat(queue.requeueExpired()).containsExactly(job);
            assertThat(state(job)).isEqualTo(attempt < 3 ? "QUEUED" : "FAILED");
        }
        assertThat(queue.claim(worker("w-next"), TRAIN, Long.MAX_VALUE, LEASE))
                .as("a FAILED job is not claimed again")
                .isEmpty();
        assertThat(failureReason(job))
                .endsWith("expired on attempt 3 of 3 (moe.jobs.max-attempts):"
                        + " not retried, the job may be what stops its worker");
        assertThat(transitions(job))
                .containsExactly(
                        "QUEUED>RUNNING",
                        "RUNNING>QUEUED",
                        "QUEUED>RUNNING",
                        "RUNNING>QUEUED",
                        "QUEUED>RUNNING",
                        "RUNNING>FAILED");

        // A resume gives it an attempt again.
        assertThat(queue.resume(job, "team t")).contains(JobState.FAILED);
        assertThat(state(job)).isEqualTo("QUEUED");
        assertThat(failureReason(job)).isNull();
    }

    @Test
    void aRunBackInTheQueueWithACancelPendingIsCancelled() {
        UUID job = queuedJob("cancel-while-running");
        UUID worker = worker("w-cancel");
        queue.claim(worker, TRAIN, Long.MAX_VALUE, LEASE).orElseThrow();
        assertThat(queue.cancel(job, "team t"))
                .contains(new JobQueue.CancelResult(JobState.RUNNING, JobStateMachine.Cancel.FLAGGED));
        assertThat(queue.renew(job, worker, LEASE)).isEqualTo(JobQueue.LeaseStatus.CANCEL_REQUESTED);
        assertThat(queue.finish(job, worker, JobState.QUEUED, "worker shutting down"))
                .isTrue();
        assertThat(state(job)).isEqualTo("CANCELLED");
        assertThat(queue.finish(job, worker, JobState.SUCCEEDED, "late"))
                .as("a run the worker no longer holds changes nothing")
                .isFalse();
        assertThat(state(job)).isEqualTo("CANCELLED");
        assertThat(queue.cancel(job, "team t"))
                .contains(new JobQueue.CancelResult(JobState.CANCELLED, JobStateMachine.Cancel.REFUSED));
        assertThat(transitions(job)).containsExactly("QUEUED>RUNNING", "RUNNING>CANCELLED");
    }

    @Test
    void aQueuedJobIsCancelledAtOnceAndASucceededOneCannotResume() {
        UUID job = queuedJob("cancel-queued");
        assertThat(queue.cancel(job, "team t"))
                .contains(new JobQueue.CancelResult(JobState.QUEUED, JobStateMachine.Cancel.NOW));
        assertThat(state(job)).isEqualTo("CANCELLED");

        UUID done = queuedJob("done");
        UUID worker = worker("w-done");
        while (true) {
            // other tests' queued jobs may be claimed first; finish them too
            ClaimedJob c = queue.claim(worker, TRAIN, Long.MAX_VALUE, LEASE).orElseThrow();
            assertThat(queue.finish(c.id(), worker, JobState.SUCCEEDED, "done")).isTrue();
            if (c.id().equals(done)) {
                break;
            }
        }
        assertThat(queue.resume(done, "team t")).contains(JobState.SUCCEEDED);
        assertThat(state(done)).as("not resumable: unchanged").isEqualTo("SUCCEEDED");
        assertThat(queue.resume(UUID.randomUUID(), "team t")).isEmpty();
    }

    @Test
    void aWorkerClaimsOnlyTheKindsItServes() {
        UUID eval = jdbc.sql(
                        "INSERT INTO jobs (team_id, name, kind, spec, state, total_steps) VALUES (?, 'eval', 'EVAL',"
                                + " '{}'::jsonb, 'QUEUED', 1) RETURNING id")
                .param(team())
                .query(UUID.class)
                .single();
        UUID trainer = worker("w-train-only");
        // drain any TRAIN jobs other tests left queued; the EVAL job is never among them
        for (Optional<ClaimedJob> c = queue.claim(trainer, TRAIN, Long.MAX_VALUE, LEASE);
                c.isPresent();
                c = queue.claim(trainer, TRAIN, Long.MAX_VALUE, LEASE)) {
            assertThat(c.get().id()).isNotEqualTo(eval);
            queue.finish(c.get().id(), trainer, JobState.SUCCEEDED, "drained");
        }
        assertThat(state(eval)).isEqualTo("QUEUED");
        UUID evaluator = worker("w-eval");
        assertThat(queue.claim(evaluator, Set.of(JobKind.PRUNE, JobKind.EVAL), Long.MAX_VALUE, LEASE))
                .map(ClaimedJob::id)
                .contains(eval);
    }

    @Test
    void theRegistryCountsCapacityAndForgetsSilentWorkers() {
        UUID small = workers.register("cap-small", "h1", "[]", 8L << 30, 16L << 30);
        UUID big = workers.register("cap-big", "h2", "[{\"type\":\"gpu\"}]", 80L << 30, 64L << 30);
        assertThat(workers.register("cap-big", "h3", "[]", 80L << 30, 64L << 30))
                .as("re-registering by name keeps the id")
                .isEqualTo(big);
        Workers.Capacity fits = workers.capacity(40L << 30, 32L << 30);
        assertThat(fits.fitting()).isGreaterThanOrEqualTo(1);
        assertThat(fits.maxDeviceBytes()).isGreaterThanOrEqualTo(80L << 30);
        assertThat(workers.active(team()))
                .extracting(Workers.ActiveWorker::name)
                .contains("cap-small", "cap-big");
        jdbc.sql("UPDATE workers SET last_heartbeat_at = now() - interval '2 minutes' WHERE id = ?")
                .param(small)
                .update();
        assertThat(workers.markSilentGone(Duration.ofSeconds(60))).isGreaterThanOrEqualTo(1);
        assertThat(workers.active(team()))
                .extracting(Workers.ActiveWorker::name)
                .doesNotContain("cap-small");
        workers.heartbeat(small);
        assertThat(workers.active(team()))
                .as("a heartbeat does not bring a GONE worker back; it registers again")
                .extracting(Workers.ActiveWorker::name)
                .doesNotContain("cap-small");
    }

    private static UUID team() {
        return jdbc.sql("INSERT INTO teams (name) VALUES (?) ON CONFLICT (name) DO UPDATE SET name = excluded.name"
                        + " RETURNING id")
                .param("t")
                .query(UUID.class)
                .single();
    }

    private static UUID queuedJob(String name) {
        UUID job = jdbc.sql("INSERT INTO jobs (team_id, name, spec, state, total_steps) VALUES (?, ?, '{}'::jsonb,"
                        + " 'QUEUED', 10) RETURNING id")
                .params(team(), name)
                .query(UUID.class)
                .single();
        queue.event(job, null, JobState.QUEUED, "submitted", null);
        return job;
    }

    private static UUID worker(String name) {
        return workers.register(name, "localhost", "[]", 1L << 30, 1L << 30);
    }

    private static void expireLease(UUID job) {
        jdbc.sql("UPDATE jobs SET lease_expires_at = now() - interval '1 second' WHERE id = ?")
                .param(job)
                .update();
    }

    private static String state(UUID job) {
        return jdbc.sql("SELECT state FROM jobs WHERE id = ?")
                .param(job)
                .query(String.class)
                .single();
    }

    private static String failureReason(UUID job) {
        Optional<String> r = jdbc.sql("SELECT failure_reason FROM jobs WHERE id = ?")
                .param(job)
                .query((rs, n) -> Optional.ofNullable(rs.getString(1)))
                .single();
        return r.orElse(null);
    }

    /** The job's events after its submission, as {@code FROM>TO}. */
    private static List<String> transitions(UUID job) {
        return jdbc.sql(
                        "SELECT from_state || '>' || to_state FROM job_events WHERE job_id = ? AND from_state IS NOT NULL"
                                + " ORDER BY id")
                .param(job)
                .query(String.class)
                .list();
    }
}
