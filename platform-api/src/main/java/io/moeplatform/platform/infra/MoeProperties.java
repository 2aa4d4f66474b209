package io.moeplatform.platform.infra;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The platform's own settings, under {@code moe.*}.
 *
 * @param dataDir where the embedded PostgreSQL and S3 servers keep their data across restarts
 *     ({@code MOE_DATA_DIR}; default {@code ~/.moe-platform})
 * @param s3 the object store; with no endpoint an embedded S3 server is started under dataDir
 */
@Validated
@ConfigurationProperties("moe")
public record MoeProperties(Path dataDir, @DefaultValue S3 s3) {

    public MoeProperties {
        if (dataDir == null) {
            dataDir = Path.of(System.getProperty("user.home"), ".moe-platform");
        }
    }

    /**
     * The S3-compatible object store ({@code MOE_S3_ENDPOINT}, {@code MOE_S3_ACCESS_KEY}, …).
     *
     * @param endpoint URL of an external S3 endpoint; empty starts the embedded S3Proxy server
     * @param accessKey access key of the external endpoint (generated for the embedded one)
     * @param secretKey secret key of the external endpoint (generated for the embedded one)
     * @param bucket bucket that holds every object of the platform, created when missing
     * @param region region name sent to the endpoint
     * @param embeddedPort port of the embedded server; 0 picks a free one
     */
    public record S3(
            String endpoint,
            String accessKey,
            String secretKey,
            @DefaultValue("moe-platform") String bucket,
            @DefaultValue("us-east-1") String region,
            @DefaultValue("0") int embeddedPort) {

        public boolean embedded() {
            return endpoint == null || endpoint.isBlank();
        }
    }
}
