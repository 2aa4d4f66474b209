package io.moeplatform.platform.dataset;

import io.moeplatform.platform.dataset.DatasetView.DatasetFile;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The {@code datasets} and {@code dataset_files} rows, always scoped by team. */
@Repository
class DatasetRepository {

    private static final String COLUMNS =
            "id, team_id, name, format, status, pairs, size_bytes, stats::text AS stats, created_at";

    private final JdbcClient jdbc;
    private final JsonMapper json;

    DatasetRepository(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** A {@code datasets} row. */
    record Row(
            UUID id,
            UUID teamId,
            String name,
            String format,
            String status,
            long pairs,
            long sizeBytes,
            JsonNode stats,
            Instant createdAt) {}

    boolean exists(UUID teamId, String name) {
        return jdbc.sql("SELECT count(*) FROM datasets WHERE team_id = ? AND name = ?")
                        .params(teamId, name)
                        .query(Long.class)
                        .single()
                > 0;
    }

    void insert(Row row, List<StoredFile> files) {
        jdbc.sql("INSERT INTO datasets (id, team_id, name, format, status, pairs, size_bytes, stats)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?::jsonb)")
                .params(
                        row.id(),
                        row.teamId(),
                        row.name(),
                        row.format(),
                        row.status(),
                        row.pairs(),
                        row.sizeBytes(),
                        json.writeValueAsString(row.stats()))
                .update();
        for (StoredFile f : files) {
            jdbc.sql("INSERT INTO dataset_files (dataset_id, file_name, object_key, size_bytes, sha256, lines)"
                            + " VALUES (?, ?, ?, ?, ?, ?)")
                    .params(row.id(), f.name(), f.objectKey(), f.sizeBytes(), f.sha256(), f.lines())
                    .update();
        }
    }

    /** A stored original file: where it is and what it holds. */
    record StoredFile(String name, String objectKey, long sizeBytes, String sha256, long lines) {}

    Optional<Row> find(UUID teamId, UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM datasets WHERE id = ? AND team_id = ?")
                .params(id, teamId)
                .query(this::row)
                .optional();
    }

    /** As {@link #find}, locking the row until the transaction ends. */
    Optional<Row> lock(UUID teamId, UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM datasets WHERE id = ? AND team_id = ? FOR UPDATE")
                .params(id, teamId)
                .query(this::row)
                .optional();
    }

    List<DatasetFile> files(UUID datasetId) {
        return jdbc.sql(
                        "SELECT file_name, size_bytes, sha256, lines FROM dataset_files WHERE dataset_id = ? ORDER BY file_name")
                .param(datasetId)
                .query((rs, n) -> new DatasetFile(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getLong(4)))
                .list();
    }

    /** One page of the team's datasets, newest first. */
    List<Row> list(UUID teamId, int offset, int limit) {
        return jdbc.sql("SELECT " + COLUMNS
                        + " FROM datasets WHERE team_id = ? ORDER BY created_at DESC, id LIMIT ? OFFSET ?")
                .params(teamId, limit, offset)
                .query(this::row)
                .list();
    }

    long count(UUID teamId) {
        return jdbc.sql("SELECT count(*) FROM datasets WHERE team_id = ?")
                .param(teamId)
                .query(Long.class)
                .single();
    }

    /** Jobs that still need the dataset: queued or running, with their states. */
    List<String> activeJobs(UUID datasetId) {
        return jdbc.sql(
                        "SELECT id::text FROM jobs WHERE dataset_id = ? AND state IN ('QUEUED', 'RUNNING') ORDER BY created_at")
                .param(datasetId)
                .query(String.class)
                .list();
    }

    void markDeleting(UUID id) {
        jdbc.sql("UPDATE datasets SET status = 'DELETING' WHERE id = ?")
                .param(id)
                .update();
    }

    void delete(UUID id) {
        jdbc.sql("DELETE FROM datasets WHERE id = ?").param(id).update();
    }

    private Row row(ResultSet rs, int n) throws SQLException {
        Timestamp created = rs.getTimestamp("created_at");
        return new Row(
                rs.getObject("id", UUID.class),
                rs.getObject("team_id", UUID.class),
                rs.getString("name"),
                rs.getString("format"),
                rs.getString("status"),
                rs.getLong("pairs"),
                rs.getLong("size_bytes"),
                json.readTree(rs.getString("stats")),
                created == null ? null : created.toInstant());
    }

    /** The language pairs of a stats document, in order. */
    static List<String> languagePairs(JsonNode stats) {
        List<String> pairs = new ArrayList<>();
        JsonNode byPair = stats.path("languagePairs");
        if (byPair.isObject()) {
            pairs.addAll(byPair.propertyNames());
        }
        return pairs;
    }
}
