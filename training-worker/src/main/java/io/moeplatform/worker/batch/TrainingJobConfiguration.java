package io.moeplatform.worker.batch;

import io.moeplatform.worker.run.StopReason;
import java.util.Map;
import java.util.Optional;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The Batch job that runs one training job: {@code prepareDataStep → trainStep → evaluateStep →
 * publishStep}. Its one identifying parameter is the platform's job id, so every attempt of a
 * job is an execution of the same Batch instance: a restart skips the steps that completed.
 * A training loop stopped by cancel or shutdown ends its step as STOPPED, which stops the job
 * and leaves it restartable.
 */
@Configuration(proxyBeanMethods = false)
public class TrainingJobConfiguration {

  public static final String JOB_NAME = "trainingJob";
  public static final String JOB_ID = "jobId";
  private static final String EVALUATION = "evaluation";

  @Bean
  Job trainingJob(JobRepository repository, Step prepareDataStep, Step trainStep, Step evaluateStep, Step publishStep) {
    return new JobBuilder(JOB_NAME, repository)
        .start(prepareDataStep)
        .next(trainStep)
        .next(evaluateStep)
        .next(publishStep)
        .build();
  }

  @Bean
  Step prepareDataStep(JobRepository repository, PlatformTransactionManager tx, RunSteps steps) {
    return new StepBuilder("prepareDataStep", repository)
        .tasklet((contribution, context) -> {
          steps.prepareData();
          return RepeatStatus.FINISHED;
        }, tx)
        .build();
  }

  @Bean
  Step trainStep(JobRepository repository, PlatformTransactionManager tx, RunSteps steps) {
    return new StepBuilder("trainStep", repository)
        .tasklet((contribution, context) -> {
          Optional<StopReason> stopped = steps.train();
          if (stopped.isPresent()) {
            contribution.setExitStatus(new ExitStatus("STOPPED", "stopped: " + stopped.get()));
            context.getStepContext().getStepExecution().setTerminateOnly();
          }
          return RepeatStatus.FINISHED;
        }, tx)
        .build();
  }

  @Bean
  Step evaluateStep(JobRepository repository, PlatformTransactionManager tx, RunSteps steps) {
    return new StepBuilder("evaluateStep", repository)
        .tasklet((contribution, context) -> {
          Map<String, Double> results = steps.evaluate();
          context.getStepContext().getStepExecution().getJobExecution().getExecutionContext()
              .put(EVALUATION, new java.util.HashMap<>(results));
          return RepeatStatus.FINISHED;
        }, tx)
        .build();
  }

  @Bean
  Step publishStep(JobRepository repository, PlatformTransactionManager tx, RunSteps steps) {
    return new StepBuilder("publishStep", repository)
        .tasklet((contribution, context) -> {
          @SuppressWarnings("unchecked")
          Map<String, Double> evaluation = (Map<String, Double>) context.getStepContext().getStepExecution()
              .getJobExecution().getExecutionContext().get(EVALUATION);
          steps.publish(evaluation);
          return RepeatStatus.FINISHED;
        }, tx)
        .build();
  }
}
