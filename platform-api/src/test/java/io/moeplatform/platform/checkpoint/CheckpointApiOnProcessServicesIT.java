package io.moeplatform.platform.checkpoint;

import io.moeplatform.platform.services.OnProcessServices;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/**
 * {@link CheckpointApiIT} on the PostgreSQL and S3 server processes of {@link io.moeplatform.platform.services.ProcessServices}, run in every build. The platform reaches them only through spring.datasource.* and
 * moe.s3.*, as with a user's own servers.
 */
@OnProcessServices
class CheckpointApiOnProcessServicesIT extends CheckpointApiIT {

    @Override
    @Test
    @Disabled("damages a stored object on the embedded S3 server's disk; an external server is reached only"
            + " through its URL, and the embedded run covers it")
    void corruptedShardsAreNeverSentAsComplete() {}
}
