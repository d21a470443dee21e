package io.redback.rdw.storage.s3;

import io.redback.rdw.BackendUnavailableException;
import io.redback.rdw.ConfigurationException;
import io.redback.rdw.NotFoundException;
import io.redback.rdw.Secret;
import io.redback.rdw.spi.PutRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What a user sees when the S3 server misbehaves, and that nothing half-written is ever left visible. */
class S3FaultsIT {
    private static final String BUCKET = "faults-bucket";
    private static final ByteArrayOutputStream LOGS = new ByteArrayOutputStream();
    private static PrintStream originalErr;

    @TempDir
    Path dir;
    S3Server server;
    S3ObjectStore store;

    @BeforeAll
    static void captureLogs() {
        originalErr = System.err;
        System.setErr(new PrintStream(LOGS, true, StandardCharsets.UTF_8));
    }

    @AfterAll
    static void secretNeverLogged() {
        System.setErr(originalErr);
        assertThat(LOGS.toString(StandardCharsets.UTF_8)).doesNotContain(S3Server.SECRET_KEY);
    }

    @BeforeEach
    void start() throws Exception {
        server = new S3Server(dir.resolve("s3"));
        store = new S3ObjectStore(S3ObjectStoreIT.settings(server));
        store.createBucket(BUCKET);
    }

    @AfterEach
    void stop() throws Exception {
        store.close();
        server.close();
    }

    private static byte[] data(int size) {
        byte[] b = new byte[size];
        new Random(size).nextBytes(b);
        return b;
    }

    private static PutRequest request(byte[] content) throws Exception {
        return new PutRequest(PutRequest.Mode.CREATE, "application/octet-stream", content.length,
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content)), Map.of("rdw-layer", "bronze"), null);
    }

    /** Runs {@code action} once, when the reader has passed {@code at} bytes. */
    private static InputStream triggerAt(byte[] content, long at, Runnable action) {
        AtomicBoolean fired = new AtomicBoolean();
        return new FilterInputStream(new java.io.ByteArrayInputStream(content)) {
            private long read;

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                read += Math.max(n, 0);
                if (read >= at && fired.compareAndSet(false, true)) {
                    action.run();
                }
                return n;
            }
        };
    }

    private void stopServer() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void storesLargeObjectsInParallelPartsExactly() throws Exception {
        byte[] content = data(23 * 1024 * 1024 + 7);
        store.put(BUCKET, "p/big.bin", new java.io.ByteArrayInputStream(content), request(content));

        try (InputStream in = store.open(BUCKET, "p/big.bin")) {
            assertThat(in.readAllBytes()).isEqualTo(content);
        }
        assertThat(store.stat(BUCKET, "p/big.bin").metadata()).containsEntry("rdw-layer", "bronze")
                .containsEntry("content-type", "application/octet-stream");
    }

    @Test
    void leavesNoObjectWhenTheServerStopsMidUploadAndSucceedsWhenItIsBack() throws Exception {
        byte[] content = data(24 * 1024 * 1024);
        InputStream dying = triggerAt(content, 11L * 1024 * 1024, this::stopServer);

        assertThatThrownBy(() -> store.put(BUCKET, "p/big.bin", dying, request(content)))
                .isInstanceOf(BackendUnavailableException.class)
                .hasMessageContaining("cannot reach the S3 server at " + server.endpoint())
                .hasMessageNotContaining(S3Server.SECRET_KEY);

        server.restart();
        assertThat(store.exists(BUCKET, "p/big.bin")).isFalse();
        assertThat(store.list(BUCKET, "")).isEmpty();

        store.put(BUCKET, "p/big.bin", new java.io.ByteArrayInputStream(content), request(content));
        assertThat(store.stat(BUCKET, "p/big.bin").size()).isEqualTo(content.length);
    }

    @Test
    void rideOutAShortOutageWithRetries() throws Exception {
        store.close();
        // retries for about a minute (0.1, 0.2, 0.4 ... 6.4 s, then 10 s apart): a restart slowed down by a loaded
        // machine still comes back within them
        store = new S3ObjectStore(S3ObjectStoreIT.settings(server).withRetries(12, Duration.ofMillis(100)));
        byte[] content = data(16 * 1024 * 1024);
        InputStream blip = triggerAt(content, 6L * 1024 * 1024, () -> {
            stopServer();
            CompletableFuture.runAsync(() -> {
                try {
                    server.restart();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, CompletableFuture.delayedExecutor(300, TimeUnit.MILLISECONDS));
        });

        store.put(BUCKET, "p/blip.bin", blip, request(content));

        try (InputStream in = store.open(BUCKET, "p/blip.bin")) {
            assertThat(in.readAllBytes()).isEqualTo(content);
        }
    }

    @Test
    void namesWrongCredentialsWithoutShowingThem() {
        S3ObjectStore wrong = new S3ObjectStore(S3ObjectStoreIT.settings(server).withSecretKey(Secret.of("not-the-secret-xyz")));
        try {
            assertThatThrownBy(() -> wrong.bucketExists(BUCKET))
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("refused the credentials")
                    .hasMessageContaining("rdw.s3.secret-key")
                    .hasMessageContaining("AWS_SECRET_ACCESS_KEY")
                    .hasMessageNotContaining("not-the-secret-xyz");
        } finally {
            wrong.close();
        }
    }

    @Test
    void namesAMissingBucket() throws Exception {
        byte[] content = data(100);
        assertThatThrownBy(() -> store.put("no-such-bucket", "p/a.bin", new java.io.ByteArrayInputStream(content), request(content)))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("bucket does not exist")
                .hasMessageContaining("rdw init");
        assertThatThrownBy(() -> store.stat("no-such-bucket", "p/a.bin")).isInstanceOf(NotFoundException.class);
    }

    @Test
    void saysWhenNothingListensAtTheEndpoint() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        S3Settings nowhere = new S3Settings(URI.create("http://127.0.0.1:" + closedPort), S3Server.ACCESS_KEY,
                Secret.of(S3Server.SECRET_KEY), "us-east-1", true, 5L << 20, 2, 1, Duration.ofMillis(10), Duration.ofSeconds(5));
        S3ObjectStore unreachable = new S3ObjectStore(nowhere);
        try {
            assertThatThrownBy(() -> unreachable.bucketExists(BUCKET))
                    .isInstanceOf(BackendUnavailableException.class)
                    .hasMessageContaining("cannot reach the S3 server at http://127.0.0.1:" + closedPort)
                    .hasMessageContaining("after 2 attempts");
        } finally {
            unreachable.close();
        }
    }

    @Test
    void stopsCallingAServerThatKeepsFailing() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        S3ObjectStore unreachable = new S3ObjectStore(new S3Settings(URI.create("http://127.0.0.1:" + closedPort),
                S3Server.ACCESS_KEY, Secret.of(S3Server.SECRET_KEY), "us-east-1", true, 5L << 20, 2, 0,
                Duration.ofMillis(10), Duration.ofSeconds(5)));
        try {
            for (int i = 0; i < 10; i++) {
                assertThatThrownBy(() -> unreachable.bucketExists(BUCKET)).hasMessageContaining("cannot reach");
            }
            assertThatThrownBy(() -> unreachable.bucketExists(BUCKET))
                    .isInstanceOf(BackendUnavailableException.class).hasMessageContaining("failed repeatedly");
        } finally {
            unreachable.close();
        }
    }

    @Test
    void neverPrintsTheSecret() {
        S3Settings s = S3ObjectStoreIT.settings(server);
        assertThat(s.toString()).doesNotContain(S3Server.SECRET_KEY).contains("******");
        assertThat(store.toString()).doesNotContain(S3Server.SECRET_KEY);
        assertThat(store.describe()).isEqualTo("s3:" + server.endpoint());
    }
}
