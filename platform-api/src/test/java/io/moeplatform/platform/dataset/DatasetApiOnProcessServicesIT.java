package io.moeplatform.platform.dataset;

import io.moeplatform.platform.services.OnProcessServices;

/**
 * {@link DatasetApiIT} on the PostgreSQL and S3 server processes of {@link io.moeplatform.platform.services.ProcessServices}, run in every build. The platform reaches them only through spring.datasource.* and
 * moe.s3.*, as with a user's own servers.
 */
@OnProcessServices
class DatasetApiOnProcessServicesIT extends DatasetApiIT {}
