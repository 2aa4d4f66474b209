package io.moeplatform.worker.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Writes a step's metrics as rows of {@code metrics}, one per series. A step replayed after a
 * resume overwrites its rows instead of adding to them, so a series never has a step twice.
 */
public class MetricsRecorder {

    private final JdbcTemplate jdbc;

    public MetricsRecorder(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void record(UUID jobId, long step, Map<String, Double> values) {
        List<Object[]> rows = new ArrayList<>(values.size());
        values.forEach((name, value) -> {
            if (Double.isFinite(value)) {
                rows.add(new Object[] {jobId, name, step, value});
            }
        });
        jdbc.batchUpdate(
                "INSERT INTO metrics (job_id, name, step, value) VALUES (?, ?, ?, ?)"
                        + " ON CONFLICT (job_id, name, step) DO UPDATE SET value = excluded.value, recorded_at = now()",
                rows);
    }
}
