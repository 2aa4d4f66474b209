package io.moeplatform.worker.checkpoint;

import io.moeplatform.store.checkpoint.CheckpointManifest;
import io.moeplatform.store.checkpoint.CheckpointStore;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A job's checkpoint retention: keep the newest {@code keepLast} and the best {@code keepBest}
 * by validation loss; delete the rest, objects first (through {@link CheckpointStore#delete},
 * which removes the manifest before the shards) and rows after, so that a row never points at a
 * checkpoint that is half gone. Deleting is idempotent and tolerates objects already missing.
 */
public class CheckpointRetention {

  private final CheckpointStore store;
  private final JdbcClient jdbc;

  public CheckpointRetention(CheckpointStore store, JdbcClient jdbc) {
    this.store = store;
    this.jdbc = jdbc;
  }

  private record Row(UUID id, long step, Double valLoss) {}

  /**
   * Applies the policy to the job's checkpoints under {@code checkpointsPrefix}.
   *
   * @return the steps of the checkpoints deleted
   */
  public List<Long> apply(UUID jobId, String checkpointsPrefix, int keepLast, int keepBest) {
    if (keepLast < 1) {
      throw new IllegalArgumentException("keepLast must be >= 1, was " + keepLast);
    }
    List<Row> rows =
        jdbc.sql("SELECT id, step, val_loss FROM checkpoints WHERE job_id = ? ORDER BY step DESC")
            .param(jobId)
            .query((rs, n) -> new Row(rs.getObject(1, UUID.class), rs.getLong(2), (Double) rs.getObject(3)))
            .list();
    Set<UUID> keep = new HashSet<>();
    rows.stream().limit(keepLast).forEach(r -> keep.add(r.id()));
    rows.stream()
        .filter(r -> r.valLoss() != null)
        .sorted(Comparator.comparingDouble(Row::valLoss).thenComparing(Row::step, Comparator.reverseOrder()))
        .limit(keepBest)
        .forEach(r -> keep.add(r.id()));
    List<Row> doomed = rows.stream().filter(r -> !keep.contains(r.id())).toList();
    if (doomed.isEmpty()) {
      return List.of();
    }
    List<CheckpointManifest> manifests = store.list(checkpointsPrefix);
    for (Row row : doomed) {
      manifests.stream().filter(m -> m.step() == row.step()).forEach(store::delete);
      jdbc.sql("DELETE FROM checkpoints WHERE id = ?").param(row.id()).update();
    }
    return doomed.stream().map(Row::step).toList();
  }
}
