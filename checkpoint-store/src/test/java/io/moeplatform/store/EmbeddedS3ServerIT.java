package io.moeplatform.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Connection failures and persistence of {@link EmbeddedS3Server}. */
class EmbeddedS3ServerIT {
    private static final String ACCESS = "test-access";
    private static final String SECRET = "test-secret-key";

    @TempDir
    Path dataDir;

    @Test
    void dataPersistsAcrossARestartOnTheSameDirectory() {
        byte[] bytes = "survives a restart".getBytes(StandardCharsets.UTF_8);
        String sha256;
        try (EmbeddedS3Server server = EmbeddedS3Server.start(dataDir, "127.0.0.1", 0, ACCESS, SECRET);
                ObjectStore store = ObjectStore.connect(settings(server.endpoint(), ACCESS, SECRET))) {
            sha256 = store.put("persist/a.txt", bytes, "text/plain").sha256();
        }
        try (EmbeddedS3Server server = EmbeddedS3Server.start(dataDir, "127.0.0.1", 0, ACCESS, SECRET);
                ObjectStore store = ObjectStore.connect(settings(server.endpoint(), ACCESS, SECRET))) {
            assertThat(store.getBytes("persist/a.txt")).isEqualTo(bytes);
            assertThat(store.stat("persist/a.txt").orElseThrow().sha256()).isEqualTo(sha256);
            assertThat(store.listKeys("")).containsExactly("persist/a.txt");
        }
    }

    @Test
    void badCredentialsAreRejectedInOneClearLine() {
        try (EmbeddedS3Server server = EmbeddedS3Server.start(dataDir, "127.0.0.1", 0, ACCESS, SECRET)) {
            String endpoint = server.endpoint();
            assertThatThrownBy(() -> ObjectStore.connect(settings(endpoint, "nobody", SECRET)))
                    .isInstanceOf(ObjectStoreException.class)
                    .hasMessage("S3 credentials rejected by " + endpoint + ": InvalidAccessKeyId");
            assertThatThrownBy(() -> ObjectStore.connect(settings(endpoint, ACCESS, "wrong-secret")))
                    .isInstanceOf(ObjectStoreException.class)
                    .hasMessage("S3 credentials rejected by " + endpoint + ": SignatureDoesNotMatch");
            // and the good ones work, so the rejections above are about the credentials
            try (ObjectStore store = ObjectStore.connect(settings(endpoint, ACCESS, SECRET))) {
                store.ping();
            }
        }
    }

    @Test
    void unreachableEndpointIsReportedInOneClearLine() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String endpoint = "http://127.0.0.1:" + closedPort;
        assertThatThrownBy(() -> ObjectStore.connect(settings(endpoint, ACCESS, SECRET)))
                .isInstanceOf(ObjectStoreException.class)
                .hasMessageStartingWith("S3 endpoint " + endpoint + " unreachable: ")
                .hasMessageContaining("Connection refused")
                .message()
                .doesNotContain("\n");
    }

    @Test
    void pingReportsAServerThatWentAway() {
        EmbeddedS3Server server = EmbeddedS3Server.start(dataDir, "127.0.0.1", 0, ACCESS, SECRET);
        try (ObjectStore store = ObjectStore.connect(settings(server.endpoint(), ACCESS, SECRET))) {
            store.ping();
            server.close();
            assertThatThrownBy(store::ping)
                    .isInstanceOf(ObjectStoreException.class)
                    .hasMessageStartingWith("S3 endpoint " + server.endpoint() + " unreachable: ");
        }
    }

    private static S3Settings settings(String endpoint, String access, String secret) {
        return new S3Settings(endpoint, access, secret, "bucket", null);
    }
}
