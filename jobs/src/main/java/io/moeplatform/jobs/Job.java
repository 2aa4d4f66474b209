package io.moeplatform.jobs;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A row of {@code jobs}. Read through {@link Jobs}; created QUEUED by {@link
 * #queued}. Its state, lease, worker, attempt and step change only through {@link JobQueue}
 * (native SQL that locks the row and asks {@link JobStateMachine}), so this entity has no setters.
 */
@Entity
@Table(name = "jobs")
public class Job {

    @Id
    @GeneratedValue(strategy = GenerationType.UUID)
    private UUID id;

    @Column(name = "team_id", nullable = false)
    private UUID teamId;

    @Column(nullable = false)
    private String name;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private JobKind kind;

    @Column(name = "dataset_id")
    private UUID datasetId;

    /** The spec as submitted, defaults applied (JSON). */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    private String spec;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private JobState state;

    @Column(name = "cancel_requested", nullable = false)
    private boolean cancelRequested;

    @Column(name = "worker_id")
    private UUID workerId;

    @Column(name = "lease_expires_at")
    private Instant leaseExpiresAt;

    @Column(nullable = false)
    private int attempt;

    @Column(nullable = false)
    private long step;

    @Column(name = "total_steps", nullable = false)
    private long totalSteps;

    @Column(name = "required_memory_bytes", nullable = false)
    private long requiredMemoryBytes;

    @Column(name = "failure_reason")
    private String failureReason;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "started_at")
    private Instant startedAt;

    @Column(name = "finished_at")
    private Instant finishedAt;

    protected Job() {}

    /** A new job, QUEUED; its first event is the caller's to append ({@link JobQueue#event}). */
    public static Job queued(
            UUID teamId,
            String name,
            JobKind kind,
            UUID datasetId,
            String specJson,
            long totalSteps,
            long requiredMemoryBytes,
            Instant now) {
        Job job = new Job();
        job.teamId = teamId;
        job.name = name;
        job.kind = kind;
        job.datasetId = datasetId;
        job.spec = specJson;
        job.state = JobState.QUEUED;
        job.totalSteps = totalSteps;
        job.requiredMemoryBytes = requiredMemoryBytes;
        job.createdAt = now;
        return job;
    }

    public UUID id() {
        return id;
    }

    public UUID teamId() {
        return teamId;
    }

    public String name() {
        return name;
    }

    public JobKind kind() {
        return kind;
    }

    public UUID datasetId() {
        return datasetId;
    }

    public String spec() {
        return spec;
    }

    public JobState state() {
        return state;
    }

    public boolean cancelRequested() {
        return cancelRequested;
    }

    public UUID workerId() {
        return workerId;
    }

    public Instant leaseExpiresAt() {
        return leaseExpiresAt;
    }

    public int attempt() {
        return attempt;
    }

    public long step() {
        return step;
    }

    public long totalSteps() {
        return totalSteps;
    }

    public long requiredMemoryBytes() {
        return requiredMemoryBytes;
    }

    public String failureReason() {
        return failureReason;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant startedAt() {
        return startedAt;
    }

    public Instant finishedAt() {
        return finishedAt;
    }
}
