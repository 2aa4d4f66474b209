package io.moeplatform.worker.checkpoint;

import io.moeplatform.store.checkpoint.CheckpointManifest;
import io.moeplatform.store.checkpoint.CheckpointStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A job's checkpoint retention: keep the newest {@code keepLast} and the best {@code keepBest}
 * by validation loss; delete the rest, objects first (through {@link CheckpointStore#delete},
 * which removes the manifest before the shards) and rows after, so that a row never points at a
 * checkpoint that is half gone. Deleting is idempotent and tolerates objects already missing.
 */
public class CheckpointRetention {

    private static final Logger log = LoggerFactory.getLogger(CheckpointRetention.class);

    private final CheckpointStore store;
    private final JdbcClient jdbc;

    public CheckpointRetention(CheckpointStore store, JdbcClient jdbc) {
        this.store = store;
        this.jdbc = jdbc;
    }

    /**
     * What retention sees of a checkpoint.
     *
     * @param id the checkpoint
     * @param step its step
     * @param valLoss its validation loss, or null
     */
    public record Candidate(UUID id, long step, Double valLoss) {}

    /**
     * Applies the policy to the job's checkpoints, whose objects live under {@code
     * checkpointsPrefix}.
     *
     * @param keepLast newest checkpoints to keep, ≥ 1 (the newest is what a resume needs)
     * @param keepBest best checkpoints by validation loss to keep as well, ≥ 0
     * @return the ids deleted, oldest first
     */
    public List<UUID> apply(UUID jobId, String checkpointsPrefix, int keepLast, int keepBest) {
        List<Candidate> all = jdbc.sql("SELECT id, step, val_loss FROM checkpoints WHERE job_id = ? ORDER BY step")
                .param(jobId)
                .query((rs, n) -> new Candidate(rs.getObject(1, UUID.class), rs.getLong(2), (Double) rs.getObject(3)))
                .list();
        Set<UUID> keep = keep(all, keepLast, keepBest);
        List<Candidate> doomed =
                all.stream().filter(c -> !keep.contains(c.id())).toList();
        if (doomed.isEmpty()) {
            return List.of();
        }
        List<CheckpointManifest> manifests = store.list(checkpointsPrefix);
        List<UUID> deleted = new ArrayList<>();
        for (Candidate c : doomed) {
            manifests.stream().filter(m -> m.step() == c.step()).forEach(store::delete);
            jdbc.sql("DELETE FROM checkpoints WHERE id = ?").param(c.id()).update();
            deleted.add(c.id());
        }
        log.info(
                "Retention of job {} (last {}, best {}): deleted {} checkpoint(s)",
                jobId,
                keepLast,
                keepBest,
                deleted.size());
        return deleted;
    }

    /** The ids to keep: the union of the newest {@code keepLast} and the best {@code keepBest}. */
    public static Set<UUID> keep(List<Candidate> candidates, int keepLast, int keepBest) {
        if (keepLast < 1) {
            throw new IllegalArgumentException("keepLast (" + keepLast + ") must be >= 1");
        }
        if (keepBest < 0) {
            throw new IllegalArgumentException("keepBest (" + keepBest + ") must be >= 0");
        }
        Set<UUID> keep = new HashSet<>();
        candidates.stream()
                .sorted(Comparator.comparingLong(Candidate::step).reversed())
                .limit(keepLast)
                .forEach(c -> keep.add(c.id()));
        candidates.stream()
                .filter(c -> c.valLoss() != null && !c.valLoss().isNaN())
                .sorted(Comparator.comparingDouble(Candidate::valLoss)
                        .thenComparing(Comparator.comparingLong(Candidate::step).reversed()))
                .limit(keepBest)
                .forEach(c -> keep.add(c.id()));
        return keep;
    }
}
