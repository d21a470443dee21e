package io.redback.rdw.admin.clamd;

import io.redback.rdw.ContentRejectedException;
import io.redback.rdw.Layer;
import io.redback.rdw.ProvenanceEvent;
import io.redback.rdw.ProvenanceQuery;
import io.redback.rdw.RdwConfig;
import io.redback.rdw.WarehouseClient;
import io.redback.rdw.helpers.Hashing;
import io.redback.rdw.spi.ObjectStore;
import io.redback.rdw.spi.StoredObject;
import io.redback.rdw.storage.LocalObjectStoreProvider;
import io.redback.rdw.storage.s3.S3ObjectStoreProvider;
import io.redback.rdw.storage.s3.S3Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The EICAR test file uploaded to each object store rdw has (the embedded folder and S3), scanned by a real clamd:
 * refused with the signature's name, nothing stored in bronze, one {@code file:rejected} event; with a quarantine
 * bucket configured, the file is kept there only, byte for byte, with the signature in its metadata.
 */
class ClamdOnEveryStoreIT {
    private static final String QUARANTINE = "rdw-quarantine";

    @TempDir
    static Path shared;
    private static TestClamd clamd;
    private static S3Server s3;
    @TempDir
    Path temp;

    @BeforeAll
    static void start() throws Exception {
        clamd = TestClamd.start(shared.resolve("clamd"), "10M");
        s3 = new S3Server(shared.resolve("s3"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (clamd != null) {
            clamd.close();
        }
        if (s3 != null) {
            s3.close();
        }
    }

    private RdwConfig config(String store, String... more) {
        Map<String, String> env = new HashMap<>(clamd.tcpEnvironment());
        env.put("RDW_WAREHOUSE", temp.resolve("dw").toString());
        if (store.equals("s3")) {
            env.put("MINIO_ENDPOINT", "127.0.0.1:" + s3.port());
            env.put("AWS_ACCESS_KEY_ID", S3Server.ACCESS_KEY);
            env.put("AWS_SECRET_ACCESS_KEY", S3Server.SECRET_KEY);
            // each test its own buckets on the one server
            String suffix = Long.toHexString(System.nanoTime());
            env.put("RDW_BUCKET_BRONZE", "bronze-" + suffix);
            env.put("RDW_BUCKET_SILVER", "silver-" + suffix);
            env.put("RDW_BUCKET_GOLD", "gold-" + suffix);
        }
        for (int i = 0; i < more.length; i += 2) {
            env.put(more[i], more[i + 1]);
        }
        return RdwConfig.builder().noFile().environment(env).systemProperties(new Properties()).build();
    }

    private static ObjectStore store(String store, RdwConfig config) {
        return store.equals("s3") ? new S3ObjectStoreProvider().open(config) : new LocalObjectStoreProvider().open(config);
    }

    private static WarehouseClient client(RdwConfig config) {
        WarehouseClient dw = WarehouseClient.builder().config(config).build();
        dw.createBuckets();
        return dw;
    }

    @ParameterizedTest
    @ValueSource(strings = {"embedded", "s3"})
    void refusesTheEicarFileStoringNothingAndRecordingOneRejection(String store) throws Exception {
        Path eicar = Files.write(temp.resolve("eicar.txt"), TestClamd.eicar());
        RdwConfig config = config(store);
        try (WarehouseClient dw = client(config)) {
            assertThatThrownBy(() -> dw.bucket(Layer.BRONZE).upload(eicar, "p"))
                    .isInstanceOfSatisfying(ContentRejectedException.class, e -> {
                        assertThat(e.signature()).contains(TestClamd.FOUND);
                        assertThat(e.quarantined()).isEmpty();
                    }).hasMessageContaining(TestClamd.FOUND).hasMessageContaining("nothing was stored in bronze");
            assertThat(dw.bucket(Layer.BRONZE).list()).isEmpty();
            assertThat(dw.provenance(ProvenanceQuery.all())).singleElement().satisfies(e -> {
                assertThat(e.eventType()).isEqualTo(ProvenanceEvent.FILE_REJECTED);
                assertThat(e.customMetadata()).containsEntry("signature", TestClamd.FOUND).doesNotContainKey("quarantine");
            });
            try (ObjectStore objects = store(store, config)) {
                assertThat(objects.list(config.bucket(Layer.BRONZE), "")).as("what the store holds").isEmpty();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"embedded", "s3"})
    void keepsTheRefusedFileInQuarantineOnlyWithItsSignature(String store) throws Exception {
        Path eicar = Files.write(temp.resolve("eicar.txt"), TestClamd.eicar());
        RdwConfig config = config(store, "RDW_SCAN_QUARANTINE_BUCKET", QUARANTINE + "-" + Long.toHexString(System.nanoTime()));
        String quarantine = config.get(RdwConfig.SCAN_QUARANTINE).orElseThrow();
        try (WarehouseClient dw = client(config); ObjectStore objects = store(store, config)) {
            String bronze = config.bucket(Layer.BRONZE);
            String[] where = new String[1];
            assertThatThrownBy(() -> dw.bucket(Layer.BRONZE).upload(eicar, "p", o -> o.name("eicar").exactName()))
                    .isInstanceOfSatisfying(ContentRejectedException.class, e -> {
                        assertThat(e.signature()).contains(TestClamd.FOUND);
                        where[0] = e.quarantined().orElseThrow();
                        assertThat(where[0]).startsWith(quarantine + "/" + bronze + "/p/").endsWith("/eicar.txt");
                    }).hasMessageContaining("kept in quarantine as " + quarantine + "/");
            String key = where[0].substring(quarantine.length() + 1);
            assertThat(dw.bucket(Layer.BRONZE).list()).isEmpty();
            assertThat(objects.list(config.bucket(Layer.BRONZE), "")).isEmpty();
            List<StoredObject> kept = objects.list(quarantine, "");
            assertThat(kept).singleElement().satisfies(o -> {
                assertThat(o.key()).isEqualTo(key);
                StoredObject stat = objects.stat(quarantine, o.key());
                assertThat(stat.metadata()).containsEntry("rdw-signature", TestClamd.FOUND)
                        .containsEntry("rdw-refused-target", key)
                        .containsEntry("rdw-sha256", Hashing.sha256(eicar));
                try (InputStream in = objects.open(quarantine, o.key())) {
                    assertThat(in.readAllBytes()).isEqualTo(TestClamd.eicar());
                }
            });
            assertThat(dw.provenance(ProvenanceQuery.all())).singleElement().satisfies(e -> {
                assertThat(e.eventType()).isEqualTo(ProvenanceEvent.FILE_REJECTED);
                assertThat(e.customMetadata()).containsEntry("quarantine", where[0]);
            });

            // the same file refused again is kept once; another refused file under the same name is kept beside it
            assertThatThrownBy(() -> dw.bucket(Layer.BRONZE).upload(eicar, "p", o -> o.name("eicar").exactName()))
                    .isInstanceOf(ContentRejectedException.class);
            assertThat(objects.list(quarantine, "")).hasSize(1);
            byte[] other = (new String(TestClamd.eicar(), java.nio.charset.StandardCharsets.US_ASCII) + "\n").getBytes();
            Path second = Files.write(temp.resolve("other.txt"), other);
            assertThatThrownBy(() -> dw.bucket(Layer.BRONZE).upload(second, "p", o -> o.name("eicar").exactName()))
                    .isInstanceOfSatisfying(ContentRejectedException.class, e -> assertThat(e.quarantined().orElseThrow())
                            .isEqualTo(where[0] + ".sha256-" + Hashing.sha256(second).substring(0, 16)));
            assertThat(objects.list(quarantine, "")).hasSize(2);
            assertThat(dw.bucket(Layer.BRONZE).list()).isEmpty();
        }
    }
}
