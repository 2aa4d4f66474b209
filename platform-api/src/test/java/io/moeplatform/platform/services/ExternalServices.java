package io.moeplatform.platform.services;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A PostgreSQL server and an S3-compatible server that run outside the test JVM, known to the
 * tests only by their URLs and credentials: exactly what a user with an external database and
 * object store puts in {@code spring.datasource.*} and {@code moe.s3.*} (README, "Configuration").
 *
 * <p>Each server holds one database per {@link #DATABASES} entry, so that platforms of different
 * test classes (one with a training worker, one without) do not take each other's queued jobs.
 */
public interface ExternalServices {

    /** The databases every implementation creates, owned by {@link #dbUser()}. */
    List<String> DATABASES = List.of("moe_api", "moe_training");

    /** What runs the servers, for messages: {@code "processes"} or {@code "containers"}. */
    String kind();

    /** JDBC URL of {@code database} (one of {@link #DATABASES}). */
    String jdbcUrl(String database);

    /** A non-superuser role that owns the databases and logs in with a password. */
    String dbUser();

    String dbPassword();

    /** Base URL of the S3 endpoint, e.g. {@code http://127.0.0.1:41234}. */
    String s3Endpoint();

    String s3AccessKey();

    String s3SecretKey();

    /**
     * The platform's settings for these servers, the configuration a user writes: database
     * {@code database}, objects in {@code bucket} (the platform creates it when missing).
     */
    default Map<String, String> platformProperties(String database, String bucket) {
        if (!DATABASES.contains(database)) {
            throw new IllegalArgumentException("no database " + database + "; there are " + DATABASES);
        }
        Map<String, String> p = new LinkedHashMap<>();
        p.put("spring.datasource.url", jdbcUrl(database));
        p.put("spring.datasource.username", dbUser());
        p.put("spring.datasource.password", dbPassword());
        p.put("moe.s3.endpoint", s3Endpoint());
        p.put("moe.s3.access-key", s3AccessKey());
        p.put("moe.s3.secret-key", s3SecretKey());
        p.put("moe.s3.bucket", bucket);
        return p;
    }

    /** {@link #platformProperties} as command-line arguments ({@code --name=value}). */
    default List<String> platformArgs(String database, String bucket) {
        List<String> args = new ArrayList<>();
        platformProperties(database, bucket).forEach((k, v) -> args.add("--" + k + "=" + v));
        return args;
    }
}
