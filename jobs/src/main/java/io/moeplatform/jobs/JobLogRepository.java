package io.moeplatform.jobs;

import java.util.List;
import java.util.UUID;
import org.springframework.data.domain.Limit;
import org.springframework.data.repository.Repository;

/** What jobs' workers wrote ({@code job_logs}); rows are appended by {@link JobQueue#log}. */
public interface JobLogRepository extends Repository<JobLog, Long> {

    JobLog save(JobLog line);

    /** A job's lines after {@code afterId}, oldest first, at most {@code limit}. */
    List<JobLog> findByJobIdAndIdGreaterThanOrderById(UUID jobId, long afterId, Limit limit);
}
