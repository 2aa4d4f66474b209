package io.moeplatform.jobs;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.persistence.autoconfigure.EntityScan;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.data.jpa.repository.config.EnableJpaRepositories;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The job lifecycle's beans for any app that has a DataSource on the platform's schema: the JPA
 * entities and Spring Data repositories of this library (every entity of the project lives
 * here, so this scan is the app's whole persistence unit), the queue (and with it every state
 * change) and the worker registry. Both the platform and a standalone worker get them from here;
 * they validate the mapping against the Flyway schema ({@code spring.jpa.hibernate.ddl-auto=validate}).
 */
@AutoConfiguration
@EnableConfigurationProperties(JobsProperties.class)
@EntityScan(basePackageClasses = JobsAutoConfiguration.class)
@EnableJpaRepositories(basePackageClasses = JobsAutoConfiguration.class)
public class JobsAutoConfiguration {

    /** A setting of an earlier version that would now be ignored; refused with where it went. */
    static final String MOVED_MAX_ATTEMPTS = "moe.worker.max-attempts";

    @Bean
    JobQueue jobQueue(
            JdbcClient jdbc,
            TransactionTemplate tx,
            JobEventRepository events,
            JobLogRepository logs,
            JobsProperties properties,
            Environment environment) {
        if (environment.containsProperty(MOVED_MAX_ATTEMPTS)) {
            throw new IllegalStateException(
                    MOVED_MAX_ATTEMPTS + " is now moe.jobs.max-attempts (MOE_JOBS_MAX_ATTEMPTS),"
                            + " one setting for failed runs and lost leases alike: rename it");
        }
        return new JobQueue(jdbc, tx, events, logs, properties.maxAttempts());
    }

    @Bean
    MetricSeries metricSeries(JdbcTemplate jdbc) {
        return new MetricSeries(jdbc);
    }

    @Bean
    Workers workers(JdbcClient jdbc, WorkerRows rows) {
        return new Workers(jdbc, rows);
    }
}
