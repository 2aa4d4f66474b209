package io.moeplatform.pruning;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** A standalone pruning and evaluation service process. */
@SpringBootApplication
public class PruningServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(PruningServiceApplication.class, args);
    }
}
