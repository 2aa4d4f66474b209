package io.moeplatform.worker;

import io.moeplatform.jobs.JobQueue;
import io.moeplatform.jobs.MetricSeries;
import io.moeplatform.jobs.Workers;
import io.moeplatform.store.ObjectStore;
import io.moeplatform.store.checkpoint.CheckpointStore;
import io.moeplatform.worker.batch.RunSteps;
import io.moeplatform.worker.batch.TrainingJobConfiguration;
import io.moeplatform.worker.checkpoint.CheckpointPublisher;
import io.moeplatform.worker.checkpoint.CheckpointRetention;
import io.moeplatform.worker.registry.WorkerRegistry;
import io.moeplatform.worker.run.JobRunner;
import io.moeplatform.worker.session.DataPreparation;
import io.moeplatform.worker.session.TrainingSessionFactory;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * A training worker's beans: registration, the job loop, the Batch job and the engine. Used by
 * the standalone {@link TrainingWorkerApplication}, and by any app that has this module on its
 * class path through {@link TrainingWorkerAutoConfiguration} (platform-api's embedded worker,
 * {@code moe.worker.embedded=true}). Expects an {@link ObjectStore} and a DataSource from its
 * host; the {@link JobQueue} and {@link Workers} come from the jobs library.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(WorkerProperties.class)
@Import({TrainingJobConfiguration.class, EngineConfiguration.class})
public class WorkerConfiguration {

    @Bean
    WorkerRegistry workerRegistry(Workers workers, WorkerProperties properties, JsonMapper json) {
        return new WorkerRegistry(workers, properties, json);
    }

    @Bean
    CheckpointStore checkpointStore(ObjectStore store) {
        return new CheckpointStore(store);
    }

    @Bean
    CheckpointRetention checkpointRetention(CheckpointStore store, JdbcClient jdbc) {
        return new CheckpointRetention(store, jdbc);
    }

    @Bean
    CheckpointPublisher checkpointPublisher(
            CheckpointStore store, CheckpointRetention retention, JdbcClient jdbc, TransactionTemplate tx) {
        return new CheckpointPublisher(store, retention, jdbc, tx);
    }

    @Bean
    RunSteps runSteps(
            ObjectProvider<JobRunner> runner,
            ObjectStore store,
            DataPreparation preparation,
            TrainingSessionFactory sessions,
            CheckpointPublisher checkpoints,
            MetricSeries metrics,
            JobQueue queue,
            WorkerProperties properties) {
        return new RunSteps(runner, store, preparation, sessions, checkpoints, metrics, queue, properties);
    }

    @Bean
    JobRunner jobRunner(
            JobQueue queue,
            WorkerRegistry registry,
            JobOperator jobOperator,
            JobRepository jobRepository,
            Job trainingJob,
            WorkerProperties properties,
            JsonMapper json) {
        return new JobRunner(queue, registry, jobOperator, jobRepository, trainingJob, properties, json);
    }
}
