package io.moeplatform.worker.batch;

import io.moeplatform.worker.run.StopReason;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.batch.infrastructure.support.transaction.ResourcelessTransactionManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The Batch job that runs one training job: {@code prepareDataStep → trainStep → evaluateStep →
 * publishStep}. Its one identifying parameter is the platform's job id, so every attempt of a
 * job is an execution of the same Batch instance: a restart skips the steps that completed.
 * A training loop stopped by cancel or shutdown ends its step as STOPPED, which stops the job
 * and leaves it restartable.
 *
 * <p>The tasklets run outside any database transaction ({@link ResourcelessTransactionManager}):
 * a training loop lasts minutes to days, and its metrics, step reports and checkpoint rows must
 * be visible as they are written, and must not hold the job's row lock against the heartbeat
 * that renews the lease. Each write commits on its own; Batch's own bookkeeping goes through
 * its transactional JobRepository.
 */
@Configuration(proxyBeanMethods = false)
public class TrainingJobConfiguration {

    public static final String JOB_NAME = "trainingJob";
    public static final String JOB_ID = "jobId";
    private static final String EVALUATION = "evaluation";

    /** The transaction manager of the tasklets: none, see the class comment. */
    private static final PlatformTransactionManager NO_TRANSACTION = new ResourcelessTransactionManager();

    @Bean
    Job trainingJob(
            JobRepository repository, Step prepareDataStep, Step trainStep, Step evaluateStep, Step publishStep) {
        return new JobBuilder(JOB_NAME, repository)
                .start(prepareDataStep)
                .next(trainStep)
                .next(evaluateStep)
                .next(publishStep)
                .build();
    }

    @Bean
    Step prepareDataStep(JobRepository repository, RunSteps steps) {
        return step("prepareDataStep", repository, (contribution, context) -> steps.prepareData());
    }

    @Bean
    Step trainStep(JobRepository repository, RunSteps steps) {
        return step("trainStep", repository, (contribution, context) -> {
            Optional<StopReason> stopped = steps.train();
            if (stopped.isPresent()) {
                contribution.setExitStatus(new ExitStatus("STOPPED", "stopped: " + stopped.get()));
                context.getStepContext().getStepExecution().setTerminateOnly();
            }
        });
    }

    @Bean
    Step evaluateStep(JobRepository repository, RunSteps steps) {
        return step(
                "evaluateStep",
                repository,
                (contribution, context) -> context.getStepContext()
                        .getStepExecution()
                        .getJobExecution()
                        .getExecutionContext()
                        .put(EVALUATION, new HashMap<>(steps.evaluate())));
    }

    @Bean
    Step publishStep(JobRepository repository, RunSteps steps) {
        return step("publishStep", repository, (contribution, context) -> {
            @SuppressWarnings("unchecked")
            Map<String, Double> evaluation = (Map<String, Double>) context.getStepContext()
                    .getStepExecution()
                    .getJobExecution()
                    .getExecutionContext()
                    .get(EVALUATION);
            steps.publish(evaluation);
        });
    }

    /** A step whose work runs once, outside any transaction (see the class comment). */
    private static Step step(String name, JobRepository repository, Work work) {
        return new StepBuilder(name, repository)
                .tasklet(
                        (contribution, context) -> {
                            work.run(contribution, context);
                            return RepeatStatus.FINISHED;
                        },
                        NO_TRANSACTION)
                .build();
    }

    /** The body of a one-shot tasklet. */
    @FunctionalInterface
    private interface Work {
        void run(StepContribution contribution, ChunkContext context) throws Exception;
    }
}
