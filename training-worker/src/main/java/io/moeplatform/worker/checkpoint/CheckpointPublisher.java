package io.moeplatform.worker.checkpoint;

import io.moeplatform.jobs.ObjectKeys;
import io.moeplatform.store.checkpoint.CheckpointManifest;
import io.moeplatform.store.checkpoint.CheckpointStore;
import io.moeplatform.store.checkpoint.CheckpointUpload;
import io.moeplatform.store.checkpoint.ShardInfo;
import io.moeplatform.worker.run.RunContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Moves checkpoints between a worker's disk and object storage. Publishing uploads every file of
 * the engine's checkpoint directory as a shard, commits the manifest last (a checkpoint without
 * one does not exist), then records the rows and applies retention. If the object store fails
 * half-way, the shards written so far are removed on a best-effort basis and the exception ends
 * the attempt; the job retries from the previous checkpoint.
 */
public class CheckpointPublisher {

    private static final Logger log = LoggerFactory.getLogger(CheckpointPublisher.class);

    private final CheckpointStore store;
    private final CheckpointRetention retention;
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;

    public CheckpointPublisher(
            CheckpointStore store, CheckpointRetention retention, JdbcClient jdbc, TransactionTemplate tx) {
        this.store = store;
        this.retention = retention;
        this.jdbc = jdbc;
        this.tx = tx;
    }

    /** Where a job's checkpoints live. */
    public static String checkpointsPrefix(RunContext run) {
        return ObjectKeys.checkpoints(run.job().teamId(), run.jobId());
    }

    /** Uploads {@code dir} as the checkpoint of {@code step}, records it, and applies retention. */
    public CheckpointManifest publish(RunContext run, Path dir, long step, Double valLoss) {
        CheckpointUpload upload = store.begin(checkpointsPrefix(run) + String.format("step-%09d/", step), step);
        CheckpointManifest manifest;
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                upload.putShard(dir.relativize(file).toString().replace('\\', '/'), file);
            }
            manifest = upload.commit(Map.of(
                    "jobId", run.jobId().toString(),
                    "attempt", Integer.toString(run.job().attempt()),
                    "worker", run.workerId().toString(),
                    "valLoss", valLoss == null ? "" : Double.toString(valLoss)));
        } catch (IOException e) {
            upload.abort();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            upload.abort();
            throw e;
        }
        record(run.jobId(), manifest, valLoss);
        JobCheckpointPolicy policy = JobCheckpointPolicy.of(run);
        retention.apply(run.jobId(), checkpointsPrefix(run), policy.keepLast(), policy.keepBest());
        return manifest;
    }

    /**
     * Downloads the newest checkpoint whose every shard verifies into {@code dir}, skipping newer
     * ones that are corrupt or incomplete, and makes sure its rows exist (a worker may have died
     * between committing the manifest and writing them).
     */
    public Optional<CheckpointManifest> restoreLatest(RunContext run, Path dir) {
        Optional<CheckpointManifest> latest = store.latestValid(checkpointsPrefix(run));
        discardNewerThan(run, latest.map(CheckpointManifest::step).orElse(-1L));
        latest.ifPresent(m -> {
            store.downloadAll(m, dir);
            String loss = m.metadata().get("valLoss");
            record(run.jobId(), m, loss == null || loss.isEmpty() ? null : Double.valueOf(loss));
        });
        return latest;
    }

    /**
     * Deletes the committed checkpoints after {@code step} (and their rows): {@link
     * CheckpointStore#latestValid} skipped them because a shard is corrupt or missing. Training
     * resumes before them and writes their steps again, which {@link CheckpointStore#begin} refuses
     * while a manifest is there; and a damaged checkpoint must not stay listed as downloadable.
     */
    private void discardNewerThan(RunContext run, long step) {
        for (CheckpointManifest m : store.list(checkpointsPrefix(run))) {
            if (m.step() > step) {
                log.warn(
                        "Job {}: discarding checkpoint at step {} ({}), which does not verify; resuming from step {}",
                        run.jobId(),
                        m.step(),
                        m.prefix(),
                        step < 0 ? "the start" : step);
                store.delete(m);
                jdbc.sql("DELETE FROM checkpoints WHERE job_id = ? AND step = ?")
                        .params(run.jobId(), m.step())
                        .update();
            }
        }
    }

    /** Sets the validation loss of the checkpoint at {@code step}, then re-applies retention. */
    public void recordValidationLoss(RunContext run, long step, Double valLoss) {
        if (valLoss == null) {
            return;
        }
        jdbc.sql("UPDATE checkpoints SET val_loss = ? WHERE job_id = ? AND step = ?")
                .params(valLoss, run.jobId(), step)
                .update();
        JobCheckpointPolicy policy = JobCheckpointPolicy.of(run);
        retention.apply(run.jobId(), checkpointsPrefix(run), policy.keepLast(), policy.keepBest());
    }

    private void record(UUID jobId, CheckpointManifest m, Double valLoss) {
        tx.executeWithoutResult(status -> {
            UUID id = jdbc.sql("""
                      INSERT INTO checkpoints (job_id, step, prefix, manifest_key, size_bytes, val_loss)
                      VALUES (?, ?, ?, ?, ?, ?)
                      ON CONFLICT (job_id, step) DO UPDATE SET prefix = excluded.prefix,
                          manifest_key = excluded.manifest_key, size_bytes = excluded.size_bytes,
                          val_loss = coalesce(excluded.val_loss, checkpoints.val_loss)
                      RETURNING id
                      """)
                    .params(jobId, m.step(), m.prefix(), m.manifestKey(), m.totalSize(), valLoss)
                    .query(UUID.class)
                    .single();
            List<ShardInfo> shards = m.shards();
            for (ShardInfo s : shards) {
                jdbc.sql("""
                    INSERT INTO checkpoint_shards (checkpoint_id, name, object_key, size_bytes, sha256)
                    VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (checkpoint_id, name) DO UPDATE SET object_key = excluded.object_key,
                        size_bytes = excluded.size_bytes, sha256 = excluded.sha256
                    """)
                        .params(id, s.name(), s.key(), s.size(), s.sha256())
                        .update();
            }
        });
    }

    /** The retention settings of a run's spec. */
    record JobCheckpointPolicy(int keepLast, int keepBest) {
        static JobCheckpointPolicy of(RunContext run) {
            return new JobCheckpointPolicy(
                    run.spec().checkpoint().keepLast(), run.spec().checkpoint().keepBest());
        }
    }
}
