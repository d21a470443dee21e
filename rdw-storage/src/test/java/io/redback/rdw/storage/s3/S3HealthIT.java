package io.redback.rdw.storage.s3;

import io.redback.rdw.Health;
import io.redback.rdw.RdwConfig;
import io.redback.rdw.Secret;
import io.redback.rdw.WarehouseClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the S3 store's health check says when the server is fine, stopped, missing buckets or refusing the keys. */
class S3HealthIT {
    private static final List<String> BUCKETS = List.of("dw-bucket-bronze", "dw-bucket-silver", "dw-bucket-gold");

    @TempDir
    Path dir;
    S3Server server;

    @BeforeEach
    void start() throws Exception {
        server = new S3Server(dir.resolve("s3"));
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    private static void assertNoSecret(Health h) {
        assertThat(h.toString()).doesNotContain(S3Server.SECRET_KEY).doesNotContain("not-the-secret-xyz");
    }

    @Test
    void upWithTheBucketsItLooksFor() {
        try (S3ObjectStore store = new S3ObjectStore(S3ObjectStoreIT.settings(server), BUCKETS)) {
            BUCKETS.forEach(store::createBucket);

            Health h = store.health();
            assertThat(h.status()).isEqualTo(Health.Status.UP);
            assertThat(h.backend()).isEqualTo("s3:" + server.endpoint());
            assertThat(h.latency()).isPositive();
            assertThat(h.message()).contains("dw-bucket-bronze", "dw-bucket-silver", "dw-bucket-gold");
        }
    }

    @Test
    void degradedNamingTheMissingBucketsAndTheFix() {
        try (S3ObjectStore store = new S3ObjectStore(S3ObjectStoreIT.settings(server), BUCKETS)) {
            store.createBucket("dw-bucket-bronze");

            Health h = store.health();
            assertThat(h.status()).isEqualTo(Health.Status.DEGRADED);
            assertThat(h.message()).contains("dw-bucket-silver, dw-bucket-gold").contains("rdw init")
                    .doesNotContain("dw-bucket-bronze");
        }
    }

    @Test
    void downNamingTheEndpointAndItsSettingWhenTheServerIsStopped() throws Exception {
        try (S3ObjectStore store = new S3ObjectStore(S3ObjectStoreIT.settings(server), BUCKETS)) {
            server.stop();

            Health h = store.health();
            assertThat(h.status()).isEqualTo(Health.Status.DOWN);
            assertThat(h.message()).contains("cannot reach the S3 server at " + server.endpoint())
                    .contains("after 1 attempt").contains("RDW_S3_ENDPOINT").contains("MINIO_ENDPOINT");
            assertNoSecret(h);
            server.restart();
        }
    }

    @Test
    void downNamingTheKeySettingsWithoutShowingTheSecretWhenTheCredentialsAreWrong() {
        S3Settings wrong = S3ObjectStoreIT.settings(server).withSecretKey(Secret.of("not-the-secret-xyz"));
        for (List<String> buckets : List.of(BUCKETS, List.<String>of())) { // bucket checks, and the bucket list
            try (S3ObjectStore store = new S3ObjectStore(wrong, buckets)) {
                Health h = store.health();
                assertThat(h.status()).as("with buckets %s", buckets).isEqualTo(Health.Status.DOWN);
                assertThat(h.message()).contains("refused the credentials").contains("rdw.s3.access-key")
                        .contains("AWS_ACCESS_KEY_ID").contains("rdw.s3.secret-key");
                assertNoSecret(h);
            }
        }
    }

    @Test
    void seesTheServerBackWhileTheBreakerStillHoldsCallsOff() throws Exception {
        try (S3ObjectStore other = new S3ObjectStore(S3ObjectStoreIT.settings(server))) {
            other.createBucket("dw-bucket-bronze"); // by another store, so that this one's breaker sees only failures
        }
        S3Settings quick = S3ObjectStoreIT.settings(server).withRetries(0, Duration.ofMillis(10));
        // the breaker, once open, holds calls off for longer than this test can take, however slow the restart
        try (S3ObjectStore store = new S3ObjectStore(quick, List.of("dw-bucket-bronze"), Duration.ofMinutes(10))) {
            server.stop();
            for (int i = 0; i < 10; i++) {
                assertThatThrownBy(() -> store.bucketExists("dw-bucket-bronze")).hasMessageContaining("cannot reach");
            }
            server.restart();

            assertThatThrownBy(() -> store.bucketExists("dw-bucket-bronze")).hasMessageContaining("failed repeatedly");
            assertThat(store.health().status()).isEqualTo(Health.Status.UP);
        }
    }

    @Test
    void theWarehouseClientChecksTheLayerBucketsOfItsConfiguration() {
        RdwConfig config = RdwConfig.builder().noFile().environment(Map.of(
                "MINIO_ENDPOINT", "127.0.0.1:" + server.port(), "AWS_ACCESS_KEY_ID", S3Server.ACCESS_KEY,
                "AWS_SECRET_ACCESS_KEY", S3Server.SECRET_KEY, "RDW_WAREHOUSE", dir.resolve("local").toString())).build();
        try (WarehouseClient dw = WarehouseClient.builder().config(config).build()) {
            assertThat(storage(dw).status()).isEqualTo(Health.Status.DEGRADED);
            dw.createBuckets();
            Health h = storage(dw);
            assertThat(h.status()).isEqualTo(Health.Status.UP);
            assertThat(h.message()).contains("dw-bucket-bronze");
            assertNoSecret(h);
        }
    }

    private static Health storage(WarehouseClient dw) {
        return dw.health().stream().filter(h -> h.component().equals("storage")).findFirst().orElseThrow();
    }
}
