package io.moeplatform.jobs;

import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The metric series of jobs ({@code metrics}: one row per job, series and step), written by
 * workers and read downsampled by the API. Native SQL on purpose: a step's values are one batched
 * upsert ({@code ON CONFLICT}: a step replayed after a resume overwrites, never duplicates), and a
 * read is a rollup that PostgreSQL computes in one pass; neither is an entity's life.
 */
public class MetricSeries {

    private final JdbcTemplate batch;
    private final JdbcClient jdbc;

    public MetricSeries(JdbcTemplate jdbc) {
        this.batch = jdbc;
        this.jdbc = JdbcClient.create(jdbc);
    }

    /** Records a step's values, one row per series in one batch; non-finite values are left out. */
    public void record(UUID jobId, long step, Map<String, Double> values) {
        List<Object[]> rows = new ArrayList<>(values.size());
        values.forEach((name, value) -> {
            if (Double.isFinite(value)) {
                rows.add(new Object[] {jobId, name, step, value});
            }
        });
        batch.batchUpdate(
                "INSERT INTO metrics (job_id, name, step, value) VALUES (?, ?, ?, ?)"
                        + " ON CONFLICT (job_id, name, step) DO UPDATE SET value = excluded.value, recorded_at = now()",
                rows);
    }

    /**
     * Each series of the job (or only {@code name}) cut into at most {@code points} buckets of
     * equal step ranges; each point is the bucket's last step and its mean value. Series shorter
     * than that come back whole. The buckets are integer arithmetic on the primary key's step, so
     * PostgreSQL groups in one pass without sorting a window.
     *
     * @return series by name, each a list of {@code [step, value]}
     */
    public Map<String, List<double[]>> downsampled(UUID jobId, String name, int points) {
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
}
