package io.moeplatform.platform.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The db module's migrations apply, in order, to an empty PostgreSQL 17, and only once. */
class MigrationsIT {

    @Test
    void migrationsApplyToAnEmptyDatabase(@TempDir Path dir) throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(dir.resolve("pg"))
                .setOverrideWorkingDirectory(dir.resolve("bin").toFile())
                .setLocaleConfig("locale", "C")
                .start()) {
            Flyway flyway = Flyway.configure()
                    .dataSource(postgres.getPostgresDatabase())
                    .locations("classpath:db/migration")
                    .load();
            MigrateResult first = flyway.migrate();
            assertThat(first.migrationsExecuted).isGreaterThanOrEqualTo(2);
            assertThat(flyway.migrate().migrationsExecuted)
                    .as("second run is a no-op")
                    .isZero();

            JdbcClient jdbc = JdbcClient.create(postgres.getPostgresDatabase());
            assertThat(jdbc.sql("SHOW server_version").query(String.class).single())
                    .startsWith("17.");
            List<String> tables = jdbc.sql(
                            "SELECT lower(table_name) FROM information_schema.tables WHERE table_schema = 'public'")
                    .query(String.class)
                    .list();
            assertThat(tables)
                    .contains(
                            "teams",
                            "api_tokens",
                            "datasets",
                            "dataset_files",
                            "jobs",
                            "job_events",
                            "metrics",
                            "checkpoints",
                            "checkpoint_shards",
                            "workers",
                            "batch_job_instance",
                            "batch_job_execution",
                            "batch_job_execution_params",
                            "batch_step_execution",
                            "batch_step_execution_context",
                            "batch_job_execution_context");
            // The state machine is enforced by the database too.
            jdbc.sql("INSERT INTO teams (name) VALUES ('t1')").update();
            org.assertj.core.api.Assertions.assertThatThrownBy(
                            () -> jdbc.sql("INSERT INTO jobs (team_id, name, spec, state, total_steps)"
                                            + " SELECT id, 'j', '{}', 'SLEEPING', 1 FROM teams")
                                    .update())
                    .hasMessageContaining("jobs_state_check");
        }
    }
}
