package io.moeplatform.platform.infra;

import io.moeplatform.store.ObjectStore;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/** {@code objectStore} in {@code /actuator/health}: the bucket answers through the S3 API. */
class ObjectStoreHealthIndicator extends AbstractHealthIndicator {

    private final ObjectStore store;

    ObjectStoreHealthIndicator(ObjectStore store) {
        super("Object store health check failed");
        this.store = store;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        store.ping();
        builder.up()
                .withDetail("endpoint", store.settings().endpoint())
                .withDetail("bucket", store.settings().bucket());
    }
}
