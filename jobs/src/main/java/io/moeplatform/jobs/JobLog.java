package io.moeplatform.jobs;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A row of {@code job_logs}: a line a job's worker wrote, in order of {@link #id()}. */
@Entity
@Table(name = "job_logs")
public class JobLog {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "job_id", nullable = false)
    private UUID jobId;

    @Column(nullable = false)
    private String level;

    @Column(nullable = false)
    private String message;

    @Column(name = "worker_id")
    private UUID workerId;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected JobLog() {}

    JobLog(UUID jobId, UUID workerId, String level, String message, Instant createdAt) {
        this.jobId = jobId;
        this.workerId = workerId;
        this.level = level;
        this.message = message;
        this.createdAt = createdAt;
    }

    public long id() {
        return id;
    }

    public UUID jobId() {
        return jobId;
    }

    public String level() {
        return level;
    }

    public String message() {
        return message;
    }

    public UUID workerId() {
        return workerId;
    }

    public Instant createdAt() {
        return createdAt;
    }
}
