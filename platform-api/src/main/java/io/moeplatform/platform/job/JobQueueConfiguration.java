package io.moeplatform.platform.job;

import io.moeplatform.jobs.JobQueue;
import io.moeplatform.jobs.JobsProperties;
import io.moeplatform.jobs.Workers;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

/** The platform's sweep that requeues jobs whose worker lost its lease. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class JobQueueConfiguration {

    @Bean
    LeaseSweeper leaseSweeper(JobQueue queue, Workers workers, JobsProperties properties) {
        return new LeaseSweeper(queue, workers, properties);
    }

    /**
     * Every {@code moe.jobs.lease-sweep-interval}: jobs whose lease expired move on (see {@link
     * JobQueue#requeueExpired}), and workers silent for {@code moe.jobs.worker-silence} are marked
     * GONE, so the memory check stops counting them.
     */
    static class LeaseSweeper {
        private final JobQueue queue;
        private final Workers workers;
        private final JobsProperties properties;

        LeaseSweeper(JobQueue queue, Workers workers, JobsProperties properties) {
            this.queue = queue;
            this.workers = workers;
            this.properties = properties;
        }

        @Scheduled(fixedDelayString = "${moe.jobs.lease-sweep-interval:5s}")
        void sweep() {
            queue.requeueExpired();
            workers.markSilentGone(properties.workerSilence());
        }
    }
}
