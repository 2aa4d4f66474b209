package io.moeplatform.store;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * Connection settings for an S3-compatible server.
 *
 * <p>{@code region} may be {@code null}; it then becomes {@value #DEFAULT_REGION}, the region
 * that MinIO, S3Proxy and most S3-compatible servers answer to. Giving the region explicitly
 * spares the client a GetBucketLocation round trip.
 *
 * <p>{@link #toString()} masks the secret key so settings can be logged.
 *
 * @param endpoint base URL, e.g. {@code http://127.0.0.1:9000}
 * @param accessKey access key id
 * @param secretKey secret access key
 * @param bucket the bucket every key of an {@link ObjectStore} lives in
 * @param region signing region, {@code null} for {@value #DEFAULT_REGION}
 */
public record S3Settings(String endpoint, String accessKey, String secretKey, String bucket, String region) {

    /** Region used when none is given. */
    public static final String DEFAULT_REGION = "us-east-1";

    /** Validates the values and fills in the default region. */
    public S3Settings {
        requireText(endpoint, "endpoint");
        requireText(accessKey, "accessKey");
        requireText(secretKey, "secretKey");
        requireText(bucket, "bucket");
        try {
            URI uri = new URI(endpoint);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException(
                        "S3 endpoint '" + endpoint + "' must be an http:// or https:// URL with a host");
            }
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("S3 endpoint '" + endpoint + "' is not a URL: " + e.getMessage(), e);
        }
        if (region == null || region.isBlank()) {
            region = DEFAULT_REGION;
        }
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("S3 setting '" + name + "' is missing (was: " + value + ")");
        }
    }

    @Override
    public String toString() {
        return "S3Settings[endpoint=" + endpoint + ", accessKey=" + accessKey + ", secretKey=****, bucket=" + bucket
                + ", region=" + region + "]";
    }
}
