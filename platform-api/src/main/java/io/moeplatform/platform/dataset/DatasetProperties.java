package io.moeplatform.platform.dataset;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Dataset settings, under {@code moe.datasets}.
 *
 * @param preloadSample on start, create the dataset {@code sample-corpus} for the {@code admin}
 *     team from the sample corpus packaged with the platform, if that team has none of that name
 *     (default true)
 * @param sampleResource classpath location of the sample corpus (a TSV file; default the training
 *     split of {@code samples/corpus}, packaged with platform-api)
 * @param maxProblems problems listed in a rejected upload's response (all are counted; default 100)
 */
@ConfigurationProperties("moe.datasets")
public record DatasetProperties(
        @DefaultValue("true") boolean preloadSample,
        @DefaultValue("samples/corpus/train.tsv") String sampleResource,
        @DefaultValue("100") int maxProblems) {

    public DatasetProperties {
        if (maxProblems < 1) {
            throw new IllegalArgumentException("moe.datasets.max-problems (" + maxProblems + ") must be >= 1");
        }
    }
}
