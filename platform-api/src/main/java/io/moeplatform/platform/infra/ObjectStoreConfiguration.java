package io.moeplatform.platform.infra;

import io.moeplatform.store.EmbeddedS3Server;
import io.moeplatform.store.ObjectStore;
import io.moeplatform.store.S3Settings;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Properties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The object store: the S3 endpoint of {@code moe.s3.*} when one is configured, otherwise an
 * embedded S3Proxy server keeping its objects under {@code moe.data-dir/s3}. Both are reached the
 * same way, through the MinIO client of {@link ObjectStore}.
 */
@Configuration(proxyBeanMethods = false)
class ObjectStoreConfiguration {

    @Bean(destroyMethod = "close")
    EmbeddedS3 embeddedS3(MoeProperties properties) {
        if (!properties.s3().embedded()) {
            return new EmbeddedS3(null, null);
        }
        Path dir = properties.dataDir();
        Properties credentials = embeddedCredentials(dir.resolve("embedded-s3.properties"));
        EmbeddedS3Server server = EmbeddedS3Server.start(
                dir.resolve("s3"),
                "127.0.0.1",
                properties.s3().embeddedPort(),
                credentials.getProperty("access-key"),
                credentials.getProperty("secret-key"));
        S3Settings settings = new S3Settings(
                server.endpoint(),
                credentials.getProperty("access-key"),
                credentials.getProperty("secret-key"),
                properties.s3().bucket(),
                properties.s3().region());
        return new EmbeddedS3(server, settings);
    }

    @Bean(destroyMethod = "close")
    ObjectStore objectStore(MoeProperties properties, ObjectProvider<EmbeddedS3> embedded) {
        EmbeddedS3 local = embedded.getObject();
        S3Settings settings = local.settings() != null
                ? local.settings()
                : new S3Settings(
                        properties.s3().endpoint(),
                        properties.s3().accessKey(),
                        properties.s3().secretKey(),
                        properties.s3().bucket(),
                        properties.s3().region());
        return ObjectStore.connect(settings);
    }

    @Bean
    ObjectStoreHealthIndicator objectStoreHealthIndicator(ObjectStore store) {
        return new ObjectStoreHealthIndicator(store);
    }

    /**
     * Keys of the embedded server: generated on first start and kept beside its data, readable by
     * the owner only, so that a restarted platform (and a worker process pointed at it) can sign in.
     */
    static Properties embeddedCredentials(Path file) {
        Properties credentials = new Properties();
        try {
            if (Files.exists(file)) {
                try (InputStream in = Files.newInputStream(file)) {
                    credentials.load(in);
                }
                return credentials;
            }
            SecureRandom random = new SecureRandom();
            credentials.setProperty("access-key", "moe" + hex(random, 8));
            credentials.setProperty("secret-key", hex(random, 24));
            Files.createDirectories(file.getParent());
            try (OutputStream out = Files.newOutputStream(file)) {
                credentials.store(out, "Keys of the embedded S3 server");
            }
            file.toFile().setReadable(false, false);
            file.toFile().setReadable(true, true);
            return credentials;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String hex(SecureRandom random, int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** The embedded server, when one runs, and the settings that reach it. */
    record EmbeddedS3(EmbeddedS3Server server, S3Settings settings) implements AutoCloseable {
        @Override
        public void close() {
            if (server != null) {
                server.close();
            }
        }
    }
}
