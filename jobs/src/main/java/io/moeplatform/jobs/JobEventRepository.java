package io.moeplatform.jobs;

import java.util.List;
import java.util.UUID;
import org.springframework.data.repository.Repository;

/** The event trail of jobs ({@code job_events}); rows are appended by {@link JobQueue}. */
public interface JobEventRepository extends Repository<JobEvent, Long> {

    JobEvent save(JobEvent event);

    /** A job's events, oldest first. */
    List<JobEvent> findByJobIdOrderById(UUID jobId);
}
