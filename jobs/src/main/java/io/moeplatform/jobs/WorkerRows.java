package io.moeplatform.jobs;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;
import org.springframework.data.repository.query.Param;
import org.springframework.transaction.annotation.Transactional;

/** The {@code workers} rows; {@link Workers} is the registry built on it. */
public interface WorkerRows extends Repository<Worker, UUID> {

    /** Workers that are not GONE, by name. */
    @Query("select w from Worker w where w.state <> 'GONE' order by w.name")
    List<Worker> active();

    /** The job each active worker runs for {@code teamId}: pairs of (worker id, job id). */
    @Query("""
            select j.workerId, j.id from Job j
            where j.state = io.moeplatform.jobs.JobState.RUNNING and j.teamId = :team and j.workerId is not null
            """)
    List<Object[]> runningJobsOf(@Param("team") UUID teamId);

    @Modifying
    @Transactional
    @Query("update Worker w set w.lastHeartbeatAt = :now where w.id = :id and w.state <> 'GONE'")
    int heartbeat(@Param("id") UUID id, @Param("now") Instant now);

    @Modifying
    @Transactional
    @Query("update Worker w set w.state = 'GONE' where w.id = :id")
    int deregister(@Param("id") UUID id);

    @Modifying
    @Transactional
    @Query("update Worker w set w.state = 'GONE' where w.state <> 'GONE' and w.lastHeartbeatAt < :before")
    int markGoneSilentSince(@Param("before") Instant before);

    /** (registered, fitting, largest device memory, largest host memory) for a memory need. */
    @Query("""
            select count(w),
                   coalesce(sum(case when w.deviceMemoryBytes >= :device and w.hostMemoryBytes >= :host then 1 else 0 end), 0),
                   coalesce(max(w.deviceMemoryBytes), 0),
                   coalesce(max(w.hostMemoryBytes), 0)
            from Worker w where w.state <> 'GONE'
            """)
    List<Object[]> capacity(@Param("device") long deviceBytes, @Param("host") long hostBytes);
}
