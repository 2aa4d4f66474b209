package io.moeplatform.jobs;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;
import org.springframework.data.repository.query.Param;

/**
 * The {@code jobs} rows, always scoped by team (named so as not to clash with Spring Batch's
 * {@code JobRepository}, which keeps its own tables on the same database). Rows are created here ({@link #save}); their state changes only
 * through {@link JobQueue}.
 */
public interface Jobs extends Repository<Job, UUID> {

    Job save(Job job);

    Optional<Job> findByIdAndTeamId(UUID id, UUID teamId);

    /**
     * A page of a team's jobs, optionally of one state and with a name starting with a prefix
     * ({@code namePattern} is a LIKE pattern: {@link #startingWith} escapes the prefix).
     */
    @Query("""
            select j from Job j
            where j.teamId = :team
              and (:state is null or j.state = :state)
              and (:namePattern is null or j.name like :namePattern escape '\\')
            """)
    List<Job> page(
            @Param("team") UUID teamId,
            @Param("state") JobState state,
            @Param("namePattern") String namePattern,
            Pageable pageable);

    @Query("""
            select count(j) from Job j
            where j.teamId = :team
              and (:state is null or j.state = :state)
              and (:namePattern is null or j.name like :namePattern escape '\\')
            """)
    long count(@Param("team") UUID teamId, @Param("state") JobState state, @Param("namePattern") String namePattern);

    /** The LIKE pattern of names starting with {@code prefix} ({@code %}, {@code _} and {@code \} literal); null for none. */
    static String startingWith(String prefix) {
        if (prefix == null || prefix.isBlank()) {
            return null;
        }
        return prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }
}
