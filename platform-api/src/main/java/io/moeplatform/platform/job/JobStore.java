package io.moeplatform.platform.job;

import io.moeplatform.jobs.Job;
import io.moeplatform.jobs.JobEventRepository;
import io.moeplatform.jobs.JobKind;
import io.moeplatform.jobs.JobLogRepository;
import io.moeplatform.jobs.JobState;
import io.moeplatform.jobs.Jobs;
import io.moeplatform.jobs.MetricSeries;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.domain.Limit;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/** Jobs, their events, metrics and logs, always scoped by team. */
@Repository
class JobStore {

    private final JdbcClient jdbc;
    private final Jobs jobs;
    private final JobEventRepository events;
    private final JobLogRepository logs;
    private final MetricSeries metrics;
    private final JsonMapper json;

    JobStore(
            JdbcClient jdbc,
            Jobs jobs,
            JobEventRepository events,
            JobLogRepository logs,
            MetricSeries metrics,
            JsonMapper json) {
        this.jdbc = jdbc;
        this.jobs = jobs;
        this.events = events;
        this.logs = logs;
        this.metrics = metrics;
        this.json = json;
    }

    JobView insert(UUID teamId, String name, UUID dataset, String specJson, long totalSteps, long memory) {
        return view(jobs.save(
                Job.queued(teamId, name, JobKind.TRAIN, dataset, specJson, totalSteps, memory, Instant.now())));
    }

    /**
     * The status of a team's dataset, locked {@code FOR SHARE}: a concurrent delete of the dataset
     * waits until the job being admitted is stored, and then sees it.
     */
    Optional<String> lockDatasetStatus(UUID teamId, UUID datasetId) {
        return jdbc.sql("SELECT status FROM datasets WHERE id = ? AND team_id = ? FOR SHARE")
                .params(datasetId, teamId)
                .query(String.class)
                .optional();
    }

    Optional<JobView> find(UUID teamId, UUID id) {
        return jobs.findByIdAndTeamId(id, teamId).map(this::view);
    }

    /** One page of the team's jobs, newest first, optionally filtered by state and name prefix. */
    List<JobView> list(UUID teamId, JobState state, String namePrefix, int offset, int limit) {
        PageRequest page =
                PageRequest.of(offset / limit, limit, Sort.by(Sort.Order.desc("createdAt"), Sort.Order.asc("id")));
        return jobs.page(teamId, state, Jobs.startingWith(namePrefix), page).stream()
                .map(this::view)
                .toList();
    }

    long count(UUID teamId, JobState state, String namePrefix) {
        return jobs.count(teamId, state, Jobs.startingWith(namePrefix));
    }

    /** A job event as the API shows it. */
    record Event(long id, String from, String to, String reason, UUID worker, Instant at) {}

    List<Event> events(UUID jobId) {
        return events.findByJobIdOrderById(jobId).stream()
                .map(e -> new Event(
                        e.id(),
                        e.from() == null ? null : e.from().name(),
                        e.to().name(),
                        e.reason(),
                        e.workerId(),
                        e.createdAt()))
                .toList();
    }

    /** A log line. */
    record LogLine(long id, String level, String message, Instant at) {}

    List<LogLine> logs(UUID jobId, long afterId, int limit) {
        return logs.findByJobIdAndIdGreaterThanOrderById(jobId, afterId, Limit.of(limit)).stream()
                .map(l -> new LogLine(l.id(), l.level(), l.message(), l.createdAt()))
                .toList();
    }

    /** Each metric series of the job downsampled to at most {@code points} points ({@link MetricSeries}). */
    Map<String, List<double[]>> metrics(UUID jobId, String name, int points) {
        return metrics.downsampled(jobId, name, points);
    }

    private JobView view(Job j) {
        return new JobView(
                j.id(),
                j.name(),
                j.kind().name(),
                j.state().name(),
                j.datasetId(),
                json.readTree(j.spec()),
                j.step(),
                j.totalSteps(),
                j.attempt(),
                j.cancelRequested(),
                j.workerId(),
                j.requiredMemoryBytes(),
                j.failureReason(),
                j.createdAt(),
                j.startedAt(),
                j.finishedAt());
    }
}
