package io.moeplatform.jobs;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The job lifecycle's beans for any app that has a DataSource on the platform's schema: the
 * queue (and with it every state change) and the worker registry. Both the platform and a
 * standalone worker get them from here.
 */
@AutoConfiguration
@EnableConfigurationProperties(JobsProperties.class)
public class JobsAutoConfiguration {

    /** A setting of an earlier version that would now be ignored; refused with where it went. */
    static final String MOVED_MAX_ATTEMPTS = "moe.worker.max-attempts";

    @Bean
    JobQueue jobQueue(JdbcClient jdbc, TransactionTemplate tx, JobsProperties properties, Environment environment) {
        if (environment.containsProperty(MOVED_MAX_ATTEMPTS)) {
            throw new IllegalStateException(
                    MOVED_MAX_ATTEMPTS + " is now moe.jobs.max-attempts (MOE_JOBS_MAX_ATTEMPTS),"
                            + " one setting for failed runs and lost leases alike: rename it");
        }
        return new JobQueue(jdbc, tx, properties.maxAttempts());
    }

    @Bean
    Workers workers(JdbcClient jdbc) {
        return new Workers(jdbc);
    }
}
