package io.moeplatform.platform.team;

import io.moeplatform.platform.services.OnProcessServices;

/**
 * {@link TeamIsolationIT} on the PostgreSQL and S3 server processes of {@link io.moeplatform.platform.services.ProcessServices}, run in every build. The platform reaches them only through spring.datasource.* and
 * moe.s3.*, as with a user's own servers.
 */
@OnProcessServices
class TeamIsolationOnProcessServicesIT extends TeamIsolationIT {}
