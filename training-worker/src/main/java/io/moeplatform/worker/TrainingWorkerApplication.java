package io.moeplatform.worker;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** A standalone training worker process. */
@SpringBootApplication
public class TrainingWorkerApplication {

  public static void main(String[] args) {
    SpringApplication.run(TrainingWorkerApplication.class, args);
  }
}
