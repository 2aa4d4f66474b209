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

/** A row of {@code job_events}: one transition of a job, with its reason (the audit trail). */
@Entity
@Table(name = "job_events")
public class JobEvent {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "job_id", nullable = false)
    private UUID jobId;

    /** Null for the first event (submission). */
    @Enumerated(EnumType.STRING)
    @Column(name = "from_state")
    private JobState from;

    @Enumerated(EnumType.STRING)
    @Column(name = "to_state", nullable = false)
    private JobState to;

    @Column(nullable = false)
    private String reason;

    @Column(name = "worker_id")
    private UUID workerId;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected JobEvent() {}

    JobEvent(UUID jobId, JobState from, JobState to, String reason, UUID workerId, Instant createdAt) {
        this.jobId = jobId;
        this.from = from;
        this.to = to;
        this.reason = reason;
        this.workerId = workerId;
        this.createdAt = createdAt;
    }

    public long id() {
        return id;
    }

    public UUID jobId() {
        return jobId;
    }

    public JobState from() {
        return from;
    }

    public JobState to() {
        return to;
    }

    public String reason() {
        return reason;
    }

    public UUID workerId() {
        return workerId;
    }

    public Instant createdAt() {
        return createdAt;
    }
}
