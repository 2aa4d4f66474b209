package io.moeplatform.worker;

import io.moeplatform.core.run.CorpusPreparation;
import io.moeplatform.worker.session.DataPreparation;
import io.moeplatform.worker.session.EngineTrainingSession;
import io.moeplatform.worker.session.TrainingSessionFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The MoE engine of moe-core behind the worker's seams. */
@Configuration(proxyBeanMethods = false)
class EngineConfiguration {

    @Bean
    DataPreparation dataPreparation() {
        return (spec, corpus, out) -> CorpusPreparation.prepare(
                corpus, out, spec.model().vocabSize(), spec.schedule().seed());
    }

    @Bean
    TrainingSessionFactory trainingSessionFactory() {
        return EngineTrainingSession::open;
    }
}
