package io.moeplatform.platform.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.moeplatform.core.data.LanguagePair;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * V4 rewrites the language-pair keys stored in the old hyphenated formats into {@code src>tgt}
 * ({@link LanguagePair#key()}): rows inserted at the schema before V4 as the old code wrote them,
 * then migrated, on a real PostgreSQL 17.
 */
class LanguagePairKeysMigrationIT {

    private static final MigrationVersion V4 = MigrationVersion.fromVersion("4");

    record Metric(String name, long step, double value) {}

    @Test
    void oldHyphenatedPairKeysBecomeLanguagePairKeys(@TempDir Path dir) throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(dir.resolve("pg"))
                .setOverrideWorkingDirectory(dir.resolve("bin").toFile())
                .setLocaleConfig("locale", "C")
                .start()) {
            DataSource db = postgres.getPostgresDatabase();
            // The schema just before V4: the highest version below it.
            MigrationVersion beforeV4 = Arrays.stream(flyway(db).load().info().all())
                    .map(MigrationInfo::getVersion)
                    .filter(v -> v.isNewerThan("0") && V4.isNewerThan(v.getVersion()))
                    .max(MigrationVersion::compareTo)
                    .orElseThrow();
            Flyway before = flyway(db).target(beforeV4).load();
            before.migrate();
            assertThat(before.info().current().getVersion()).isEqualTo(beforeV4);
            JdbcClient jdbc = JdbcClient.create(db);

            UUID team = jdbc.sql("INSERT INTO teams (name) VALUES ('t1') RETURNING id")
                    .query(UUID.class)
                    .single();
            // As the old LanguagePair.toString wrote them: 'src-tgt', or 'src>tgt' when a tag had a hyphen.
            UUID mixed = dataset(jdbc, team, "mixed", """
                    {"languagePairs": {"en-de": {"pairs": 3}, "en>pt-BR": {"pairs": 2}, "zh-Hant>en": {"pairs": 1}},
                     "total": {"pairs": 6}, "skipped": 0}""");
            UUID plain = dataset(jdbc, team, "plain", """
                    {"languagePairs": {"en-fr": {"pairs": 5}, "de-en": {"pairs": 4}}, "total": {"pairs": 9}}""");
            UUID newer = dataset(jdbc, team, "newer", """
                    {"languagePairs": {"en>sr-Latn-RS": {"pairs": 7}}}""");
            UUID empty = dataset(jdbc, team, "empty", "{}");
            UUID job = jdbc.sql("INSERT INTO jobs (team_id, name, dataset_id, spec, state, total_steps)"
                            + " VALUES (?, 'j', ?, '{}', 'SUCCEEDED', 30) RETURNING id")
                    .params(team, mixed)
                    .query(UUID.class)
                    .single();
            // As the old worker wrote them: "bleu/" + src + "-" + tgt, whatever the tags held.
            List<Metric> old = List.of(
                    new Metric("bleu/en-de", 30, 7.5),
                    new Metric("bleu/en-pt-BR", 30, 13.1),
                    new Metric("bleu/zh-Hant-en", 30, 9.0),
                    new Metric("bleu/sr-Latn-RS-de", 30, 4.25),
                    new Metric("bleu/es-419-ca-valencia", 30, 3.5),
                    new Metric("bleu/pt-BR-zh-TW", 30, 2.0),
                    new Metric("bleu/deu-fra", 30, 1.5),
                    new Metric("bleu/en-fr", 20, 5.0),
                    new Metric("bleu/en-fr", 30, 6.0), // a newer worker already wrote bleu/en>fr at 30
                    new Metric("bleu/en>fr", 30, 6.5),
                    new Metric("bleu/not a pair", 30, 1.0),
                    new Metric("loss", 30, 2.5),
                    new Metric("val_loss", 30, 2.75),
                    new Metric("load/l0/e0", 30, 0.25),
                    new Metric("lr", 30, 0.001));
            for (Metric m : old) {
                jdbc.sql("INSERT INTO metrics (job_id, name, step, value) VALUES (?, ?, ?, ?)")
                        .params(job, m.name(), m.step(), m.value())
                        .update();
            }

            assertThat(flyway(db).load().migrate().migrationsExecuted).isPositive();

            assertThat(jdbc.sql("SELECT name, step, value FROM metrics WHERE job_id = ? ORDER BY name, step")
                            .param(job)
                            .query(Metric.class)
                            .list())
                    .containsExactlyInAnyOrder(
                            new Metric("bleu/en>de", 30, 7.5),
                            new Metric("bleu/en>pt-BR", 30, 13.1),
                            new Metric("bleu/zh-Hant>en", 30, 9.0),
                            new Metric("bleu/sr-Latn-RS>de", 30, 4.25),
                            new Metric("bleu/es-419>ca-valencia", 30, 3.5),
                            new Metric("bleu/pt-BR>zh-TW", 30, 2.0),
                            new Metric("bleu/deu>fra", 30, 1.5),
                            new Metric("bleu/en>fr", 20, 5.0),
                            new Metric("bleu/en>fr", 30, 6.5),
                            new Metric("bleu/not a pair", 30, 1.0),
                            new Metric("loss", 30, 2.5),
                            new Metric("val_loss", 30, 2.75),
                            new Metric("load/l0/e0", 30, 0.25),
                            new Metric("lr", 30, 0.001));
            assertThat(jdbc.sql("SELECT name FROM metrics WHERE name LIKE 'bleu/%' AND name <> 'bleu/not a pair'")
                            .query(String.class)
                            .list())
                    .allSatisfy(n -> LanguagePair.parse(n.substring("bleu/".length())));

            Map<String, Long> mixedPairs = pairs(jdbc, mixed);
            assertThat(mixedPairs)
                    .containsExactlyInAnyOrderEntriesOf(Map.of("en>de", 3L, "en>pt-BR", 2L, "zh-Hant>en", 1L));
            assertThat(stats(jdbc, mixed).get("total").get("pairs").asLong())
                    .as("the rest kept")
                    .isEqualTo(6);
            assertThat(stats(jdbc, mixed).get("skipped").asLong()).isZero();
            assertThat(pairs(jdbc, plain)).containsExactlyInAnyOrderEntriesOf(Map.of("en>fr", 5L, "de>en", 4L));
            assertThat(pairs(jdbc, newer)).containsExactlyInAnyOrderEntriesOf(Map.of("en>sr-Latn-RS", 7L));
            assertThat(stats(jdbc, empty).isEmpty())
                    .as("no languagePairs, unchanged")
                    .isTrue();
            for (UUID ds : List.of(mixed, plain, newer)) {
                assertThat(pairs(jdbc, ds).keySet()).allSatisfy(LanguagePair::parse);
            }

            assertThat(flyway(db).load().migrate().migrationsExecuted)
                    .as("second run is a no-op")
                    .isZero();
        }
    }

    private static org.flywaydb.core.api.configuration.FluentConfiguration flyway(DataSource db) {
        return Flyway.configure().dataSource(db).locations("classpath:db/migration");
    }

    private static UUID dataset(JdbcClient jdbc, UUID team, String name, String stats) {
        return jdbc.sql("INSERT INTO datasets (team_id, name, format, status, stats)"
                        + " VALUES (?, ?, 'TSV', 'READY', ?::jsonb) RETURNING id")
                .params(team, name, stats)
                .query(UUID.class)
                .single();
    }

    private static JsonNode stats(JdbcClient jdbc, UUID dataset) {
        String json = jdbc.sql("SELECT stats::text FROM datasets WHERE id = ?")
                .param(dataset)
                .query(String.class)
                .single();
        return JsonMapper.builder().build().readTree(json);
    }

    private static Map<String, Long> pairs(JdbcClient jdbc, UUID dataset) {
        Map<String, Long> out = new java.util.LinkedHashMap<>();
        stats(jdbc, dataset)
                .get("languagePairs")
                .properties()
                .forEach(e -> out.put(e.getKey(), e.getValue().get("pairs").asLong()));
        return out;
    }
}
