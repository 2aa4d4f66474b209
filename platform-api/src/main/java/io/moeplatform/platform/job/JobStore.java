package io.moeplatform.platform.job;

import io.moeplatform.jobs.JobEventRepository;
import io.moeplatform.jobs.JobLogRepository;
import io.moeplatform.jobs.JobState;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.domain.Limit;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/** Jobs, their events, metrics and logs, always scoped by team. */
@Repository
class JobStore {

    private static final String COLUMNS =
            "id, name, state, dataset_id, spec::text AS spec, step, total_steps, attempt, cancel_requested,"
                    + " worker_id, required_memory_bytes, failure_reason, created_at, started_at, finished_at";

    private final JdbcClient jdbc;
    private final JobEventRepository events;
    private final JobLogRepository logs;
    private final JsonMapper json;

    JobStore(JdbcClient jdbc, JobEventRepository events, JobLogRepository logs, JsonMapper json) {
        this.jdbc = jdbc;
        this.events = events;
        this.logs = logs;
        this.json = json;
    }

    JobView insert(UUID teamId, String name, UUID dataset, String specJson, long totalSteps, long memory) {
        return jdbc.sql("INSERT INTO jobs (team_id, name, dataset_id, spec, state, total_steps, required_memory_bytes)"
                        + " VALUES (?, ?, ?, ?::jsonb, 'QUEUED', ?, ?) RETURNING " + COLUMNS)
                .params(teamId, name, dataset, specJson, totalSteps, memory)
                .query(this::view)
                .single();
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
        return jdbc.sql("SELECT " + COLUMNS + " FROM jobs WHERE id = ? AND team_id = ?")
                .params(id, teamId)
                .query(this::view)
                .optional();
    }

    /** One page of the team's jobs, newest first, optionally filtered by state and name prefix. */
    List<JobView> list(UUID teamId, JobState state, String namePrefix, int offset, int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM jobs WHERE team_id = :team");
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("team", teamId);
        if (state != null) {
            sql.append(" AND state = :state");
            params.put("state", state.name());
        }
        if (namePrefix != null && !namePrefix.isBlank()) {
            sql.append(" AND starts_with(name, :prefix)");
            params.put("prefix", namePrefix);
        }
        sql.append(" ORDER BY created_at DESC, id LIMIT :limit OFFSET :offset");
        params.put("limit", limit);
        params.put("offset", offset);
        return jdbc.sql(sql.toString()).params(params).query(this::view).list();
    }

    long count(UUID teamId, JobState state, String namePrefix) {
        return jdbc.sql("SELECT count(*) FROM jobs WHERE team_id = :team"
                        + " AND (CAST(:state AS text) IS NULL OR state = :state)"
                        + " AND (CAST(:prefix AS text) IS NULL OR starts_with(name, :prefix))")
                .param("team", teamId)
                .param("state", state == null ? null : state.name())
                .param("prefix", namePrefix == null || namePrefix.isBlank() ? null : namePrefix)
                .query(Long.class)
                .single();
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

    /**
     * Each metric series of the job cut into at most {@code points} buckets of equal step ranges;
     * each point is the bucket's last step and its mean value. Series shorter than that come back
     * whole. The buckets are integer arithmetic on the primary key's step, so PostgreSQL groups in
     * one pass without sorting a window.
     */
    Map<String, List<double[]>> metrics(UUID jobId, String name, int points) {
        Map<String, List<double[]>> series = new LinkedHashMap<>();
        jdbc.sql("""
            WITH bounds AS (
              SELECT name, min(step) AS lo, max(step) AS hi FROM metrics
              WHERE job_id = :job AND (CAST(:name AS text) IS NULL OR name = :name)
              GROUP BY name)
            SELECT m.name, max(m.step) AS step, avg(m.value) AS value
            FROM metrics m JOIN bounds b ON b.name = m.name
            WHERE m.job_id = :job
            GROUP BY m.name, (m.step - b.lo) * :points / (b.hi - b.lo + 1)
            ORDER BY 1, 2
            """)
                .param("points", points)
                .param("job", jobId)
                .param("name", name)
                .query((ResultSet rs) -> {
                    series.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                            .add(new double[] {rs.getLong(2), rs.getDouble(3)});
                });
        return series;
    }

    private JobView view(ResultSet rs, int n) throws SQLException {
        return new JobView(
                rs.getObject("id", UUID.class),
                rs.getString("name"),
                rs.getString("state"),
                rs.getObject("dataset_id", UUID.class),
                json.readTree(rs.getString("spec")),
                rs.getLong("step"),
                rs.getLong("total_steps"),
                rs.getInt("attempt"),
                rs.getBoolean("cancel_requested"),
                rs.getObject("worker_id", UUID.class),
                rs.getLong("required_memory_bytes"),
                rs.getString("failure_reason"),
                instant(rs, "created_at"),
                instant(rs, "started_at"),
                instant(rs, "finished_at"));
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
