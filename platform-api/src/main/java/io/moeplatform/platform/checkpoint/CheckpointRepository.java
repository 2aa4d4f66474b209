package io.moeplatform.platform.checkpoint;

import io.moeplatform.store.checkpoint.ShardInfo;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code checkpoints} and {@code checkpoint_shards} rows; reads are scoped by the job's team. */
@Repository
class CheckpointRepository {

    private static final String COLUMNS =
            "c.id, c.job_id, c.step, c.prefix, c.manifest_key, c.size_bytes, c.val_loss, c.parent_id, c.created_at";

    private final JdbcClient jdbc;

    CheckpointRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A {@code checkpoints} row. */
    record Row(
            UUID id,
            UUID jobId,
            long step,
            String prefix,
            String manifestKey,
            long sizeBytes,
            Double valLoss,
            UUID parentId,
            Instant createdAt) {}

    boolean jobVisible(UUID teamId, UUID jobId) {
        return jdbc.sql("SELECT count(*) FROM jobs WHERE id = ? AND team_id = ?")
                        .params(jobId, teamId)
                        .query(Long.class)
                        .single()
                > 0;
    }

    List<Row> byJob(UUID jobId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM checkpoints c WHERE c.job_id = ? ORDER BY c.step")
                .param(jobId)
                .query(CheckpointRepository::row)
                .list();
    }

    Optional<Row> find(UUID teamId, UUID id) {
        return jdbc.sql("SELECT " + COLUMNS
                        + " FROM checkpoints c JOIN jobs j ON j.id = c.job_id WHERE c.id = ? AND j.team_id = ?")
                .params(id, teamId)
                .query(CheckpointRepository::row)
                .optional();
    }

    List<ShardInfo> shards(UUID checkpointId) {
        return jdbc.sql(
                        "SELECT name, object_key, size_bytes, sha256 FROM checkpoint_shards WHERE checkpoint_id = ? ORDER BY name")
                .param(checkpointId)
                .query((rs, n) -> new ShardInfo(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4)))
                .list();
    }

    /** Deletes the row and its shard rows; false when it was gone already. */
    boolean delete(UUID id) {
        return jdbc.sql("DELETE FROM checkpoints WHERE id = ?").param(id).update() == 1;
    }

    static Row row(ResultSet rs, int n) throws SQLException {
        Timestamp created = rs.getTimestamp("created_at");
        double loss = rs.getDouble("val_loss");
        return new Row(
                rs.getObject("id", UUID.class),
                rs.getObject("job_id", UUID.class),
                rs.getLong("step"),
                rs.getString("prefix"),
                rs.getString("manifest_key"),
                rs.getLong("size_bytes"),
                rs.wasNull() ? null : loss,
                rs.getObject("parent_id", UUID.class),
                created == null ? null : created.toInstant());
    }
}
