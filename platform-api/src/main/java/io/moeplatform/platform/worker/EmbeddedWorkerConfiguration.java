package io.moeplatform.platform.worker;

import io.moeplatform.worker.WorkerConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * In the default setup the platform runs one training worker in its own process, on the same
 * database and object store ({@code moe.worker.embedded=true}, the default). Set it false where
 * workers run as their own processes.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "moe.worker.embedded", matchIfMissing = true)
@Import(WorkerConfiguration.class)
class EmbeddedWorkerConfiguration {}
