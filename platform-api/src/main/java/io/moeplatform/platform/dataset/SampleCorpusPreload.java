package io.moeplatform.platform.dataset;

import io.moeplatform.core.data.CorpusFormat;
import io.moeplatform.platform.dataset.DatasetImporter.CheckedCorpus;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Gives a new installation something to train on: once the application is ready (after the admin
 * team was created), creates the dataset {@value #NAME} of the {@code admin} team from the sample
 * corpus packaged with the platform, unless that team has a dataset of that name or {@code
 * moe.datasets.preload-sample} is false. It goes through the same checks as an upload.
 */
@Component
class SampleCorpusPreload {

    static final String NAME = "sample-corpus";

    private static final Logger log = LoggerFactory.getLogger(SampleCorpusPreload.class);

    private final DatasetProperties properties;
    private final DatasetImporter importer;
    private final DatasetRepository datasets;
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;

    SampleCorpusPreload(
            DatasetProperties properties,
            DatasetImporter importer,
            DatasetRepository datasets,
            JdbcClient jdbc,
            TransactionTemplate tx) {
        this.properties = properties;
        this.importer = importer;
        this.datasets = datasets;
        this.jdbc = jdbc;
        this.tx = tx;
    }

    @EventListener(ApplicationReadyEvent.class)
    void preload() {
        if (!properties.preloadSample()) {
            return;
        }
        Optional<UUID> admin = jdbc.sql("SELECT id FROM teams WHERE name = 'admin'")
                .query(UUID.class)
                .optional();
        if (admin.isEmpty() || datasets.exists(admin.get(), NAME)) {
            return;
        }
        ClassPathResource resource = new ClassPathResource(properties.sampleResource());
        if (!resource.exists()) {
            log.warn("No sample corpus at classpath:{}; dataset {} not created", properties.sampleResource(), NAME);
            return;
        }
        String fileName = resource.getFilename() == null ? "sample-corpus.tsv" : resource.getFilename();
        try (CorpusUpload upload = CorpusUpload.create();
                InputStream in = resource.getInputStream()) {
            upload.add("file", fileName, in);
            CheckedCorpus corpus = importer.check(upload, CorpusFormat.fromFileName(fileName));
            DatasetView view = tx.execute(status -> importer.store(admin.get(), NAME, corpus));
            log.info("Created dataset {} ({}) of team admin: {} pairs", NAME, view.id(), view.pairs());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the sample corpus " + properties.sampleResource(), e);
        } catch (RuntimeException e) {
            // Another platform process on the same database may have created it at the same moment.
            if (datasets.exists(admin.get(), NAME)) {
                return;
            }
            log.error("Could not create dataset {} from the sample corpus: {}", NAME, e.getMessage());
        }
    }
}
