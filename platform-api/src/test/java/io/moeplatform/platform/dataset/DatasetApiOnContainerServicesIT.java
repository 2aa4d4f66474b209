package io.moeplatform.platform.dataset;

import io.moeplatform.platform.services.OnContainerServices;

/**
 * {@link DatasetApiIT} on the PostgreSQL and S3 containers of {@link io.moeplatform.platform.services.ContainerServices}; skipped where no Docker engine answers. The platform reaches them only through spring.datasource.* and
 * moe.s3.*, as with a user's own servers.
 */
@OnContainerServices
class DatasetApiOnContainerServicesIT extends DatasetApiIT {}
