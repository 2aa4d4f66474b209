package io.moeplatform.platform.job;

import io.moeplatform.worker.queue.JobQueue;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.transaction.support.TransactionTemplate;

/** The job queue, and the platform's sweep that requeues jobs whose worker lost its lease. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class JobQueueConfiguration {

    @Bean
    @ConditionalOnMissingBean
    JobQueue jobQueue(JdbcClient jdbc, TransactionTemplate tx) {
        return new JobQueue(jdbc, tx);
    }

    @Bean
    LeaseSweeper leaseSweeper(JobQueue queue, JdbcClient jdbc) {
        return new LeaseSweeper(queue, jdbc);
    }

    /**
     * Every few seconds: jobs whose lease expired go back to the queue, and workers silent for a
     * minute are marked GONE, so the memory check stops counting them.
     */
    static class LeaseSweeper {
        private final JobQueue queue;
        private final JdbcClient jdbc;

        LeaseSweeper(JobQueue queue, JdbcClient jdbc) {
            this.queue = queue;
            this.jdbc = jdbc;
        }

        @Scheduled(fixedDelayString = "${moe.jobs.lease-sweep-interval:5s}")
        void sweep() {
            queue.requeueExpired();
            jdbc.sql("UPDATE workers SET state = 'GONE' WHERE state <> 'GONE'"
                            + " AND last_heartbeat_at < now() - interval '60 seconds'")
                    .update();
        }
    }
}
