package io.moeplatform.worker;

import io.moeplatform.store.ObjectStore;
import io.moeplatform.store.S3Settings;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;

/**
 * A standalone training worker process: connects to the platform's PostgreSQL ({@code
 * spring.datasource.*} or {@code MOE_DB_URL}…) and object store ({@code moe.s3.*}), registers,
 * and runs queued jobs until it gets SIGTERM. The platform owns the schema; the worker never
 * migrates it.
 */
@SpringBootApplication
@EnableConfigurationProperties(TrainingWorkerApplication.S3Properties.class)
public class TrainingWorkerApplication {

    public static void main(String[] args) {
        SpringApplication.run(TrainingWorkerApplication.class, args);
    }

    /** The object store the platform uses, under {@code moe.s3.*} ({@code MOE_S3_*}). */
    @ConfigurationProperties("moe.s3")
    public record S3Properties(
            String endpoint,
            String accessKey,
            String secretKey,
            @DefaultValue("moe-platform") String bucket,
            @DefaultValue("us-east-1") String region) {}

    @Bean(destroyMethod = "close")
    ObjectStore objectStore(S3Properties s3) {
        return ObjectStore.connect(
                new S3Settings(s3.endpoint(), s3.accessKey(), s3.secretKey(), s3.bucket(), s3.region()));
    }
}
