package io.moeplatform.worker;

import io.moeplatform.jobs.JobsAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Import;

/**
 * Runs a training worker inside any Spring Boot app that has this module on its class path and a
 * DataSource and {@link io.moeplatform.store.ObjectStore} of the platform: platform-api's default
 * setup runs one in its own process this way. {@code moe.worker.embedded=false} turns it off
 * (the docker-compose setup, where workers are their own containers). The standalone {@link
 * TrainingWorkerApplication} gets the same beans by component scan.
 */
@AutoConfiguration(after = JobsAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "moe.worker.embedded", matchIfMissing = true)
@Import(WorkerConfiguration.class)
public class TrainingWorkerAutoConfiguration {}
