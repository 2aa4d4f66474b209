package io.moeplatform.platform.checkpoint;

import io.moeplatform.platform.checkpoint.CheckpointRepository.Row;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Checkpoint retention of one job: keeps the newest {@code keepLast} checkpoints (by step) and
 * the best {@code keepBest} by validation loss (lowest first; checkpoints without a loss never
 * count as best), and deletes the others: objects first (manifest, then shards, tolerating
 * missing ones), rows after. Safe to run repeatedly and concurrently with API deletes.
 *
 * <p>Meant to be called by the training worker after each committed checkpoint ({@code
 * retention.apply(jobId, spec.checkpoint().keepLast(), spec.checkpoint().keepBest())}).
 */
@Component
public class CheckpointRetention {

  private static final Logger log = LoggerFactory.getLogger(CheckpointRetention.class);

  private final CheckpointRepository rows;
  private final CheckpointObjects objects;

  CheckpointRetention(CheckpointRepository rows, CheckpointObjects objects) {
    this.rows = rows;
    this.objects = objects;
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
   * Applies the policy to the job's checkpoints.
   *
   * @param keepLast newest checkpoints to keep, ≥ 1 (the newest is what a resume needs)
   * @param keepBest best checkpoints by validation loss to keep as well, ≥ 0
   * @return the ids deleted, oldest first
   */
  public List<UUID> apply(UUID jobId, int keepLast, int keepBest) {
    List<Row> all = rows.byJob(jobId);
    Set<UUID> keep =
        keep(all.stream().map(r -> new Candidate(r.id(), r.step(), r.valLoss())).toList(), keepLast, keepBest);
    List<UUID> deleted = new ArrayList<>();
    for (Row row : all) {
      if (!keep.contains(row.id())) {
        objects.delete(row);
        deleted.add(row.id());
      }
    }
    if (!deleted.isEmpty()) {
      log.info("Retention of job {} (last {}, best {}): deleted {} checkpoint(s)", jobId, keepLast, keepBest, deleted.size());
    }
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
        .sorted(
            Comparator.comparingDouble(Candidate::valLoss)
                .thenComparing(Comparator.comparingLong(Candidate::step).reversed()))
        .limit(keepBest)
        .forEach(c -> keep.add(c.id()));
    return keep;
  }
}
