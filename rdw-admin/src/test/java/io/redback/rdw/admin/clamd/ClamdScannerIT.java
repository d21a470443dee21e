package io.redback.rdw.admin.clamd;

import io.redback.rdw.ContentRejectedException;
import io.redback.rdw.ForbiddenException;
import io.redback.rdw.Health;
import io.redback.rdw.Layer;
import io.redback.rdw.ObjectRef;
import io.redback.rdw.ProvenanceEvent;
import io.redback.rdw.ProvenanceQuery;
import io.redback.rdw.RdwConfig;
import io.redback.rdw.WarehouseClient;
import io.redback.rdw.helpers.Hashing;
import io.redback.rdw.spi.ContentScanner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Uploads through a {@link WarehouseClient} on an embedded warehouse, scanned by a real clamd. */
class ClamdScannerIT {
    @TempDir
    static Path clamdFolder;
    private static TestClamd clamd;
    @TempDir
    Path temp;

    @BeforeAll
    static void startClamd() throws Exception {
        clamd = TestClamd.start(clamdFolder, "150M");
    }

    @AfterAll
    static void stopClamd() throws Exception {
        if (clamd != null) {
            clamd.close();
        }
    }

    private WarehouseClient client(Map<String, String> environment) {
        RdwConfig config = RdwConfig.builder().noFile().environment(environment).systemProperties(new Properties())
                .warehouse(temp.resolve("dw")).build();
        return WarehouseClient.builder().config(config).build();
    }

    private static Map<String, String> with(Map<String, String> environment, String... more) {
        Map<String, String> all = new HashMap<>(environment);
        for (int i = 0; i < more.length; i += 2) {
            all.put(more[i], more[i + 1]);
        }
        return all;
    }

    private List<ProvenanceEvent> events(WarehouseClient dw, String type) {
        return dw.provenance(ProvenanceQuery.all()).stream().filter(e -> e.eventType().equals(type)).toList();
    }

    private void assertRefusedAndRecorded(WarehouseClient dw, Path file, String... messageParts) {
        assertThatThrownBy(() -> dw.bucket(Layer.BRONZE).upload(file, "p1"))
                .isInstanceOf(ContentRejectedException.class).message().contains(messageParts);
        assertThat(dw.bucket(Layer.BRONZE).list()).as("bronze after the refusal").isEmpty();
        assertThat(dw.provenance(ProvenanceQuery.all())).singleElement().satisfies(e -> {
            assertThat(e.eventType()).isEqualTo(ProvenanceEvent.FILE_REJECTED);
            assertThat(e.sha256()).isEqualTo(Hashing.sha256(file));
            assertThat(e.customMetadata().get("reason").toString()).contains(messageParts);
        });
    }

    /** A file of {@code size} pseudo-random bytes (the same for the same size). */
    private Path randomFile(String name, long size) throws IOException {
        Path file = temp.resolve(name);
        Random random = new Random(size);
        byte[] block = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long left = size; left > 0; left -= block.length) {
                random.nextBytes(block);
                out.write(block, 0, (int) Math.min(block.length, left));
            }
        }
        return file;
    }

    @Test
    void refusesTheEicarTestFileNamingItsSignatureStoringNothingAndRecordingOneRejection() throws Exception {
        Path eicar = Files.write(temp.resolve("eicar.csv"), TestClamd.eicar());
        try (WarehouseClient dw = client(clamd.tcpEnvironment())) {
            assertRefusedAndRecorded(dw, eicar, TestClamd.FOUND);
            assertThat(events(dw, ProvenanceEvent.FILE_REJECTED).get(0).customMetadata())
                    .containsEntry("signature", TestClamd.FOUND);
        }
    }

    @Test
    void refusesTheEicarTestFileOverTheUnixSocket() throws Exception {
        Path eicar = Files.write(temp.resolve("eicar.csv"), TestClamd.eicar());
        try (WarehouseClient dw = client(Map.of("CLAMD_SOCKET", clamd.socket().toString()))) {
            assertRefusedAndRecorded(dw, eicar, TestClamd.FOUND);
            Path clean = Files.writeString(temp.resolve("clean.csv"), "a;b\n1;2\n");
            assertThat(dw.bucket(Layer.BRONZE).upload(clean, "p1").key()).startsWith("p1/");
        }
    }

    @Test
    void stores100MegabytesOfCleanContentByteForByte() throws Exception {
        Path big = randomFile("big.bin", 100L << 20);
        try (WarehouseClient dw = client(with(clamd.tcpEnvironment(), "RDW_CLAMD_MAX_STREAM", "150MB"))) {
            String key = dw.bucket(Layer.BRONZE).upload(big, "p1").key();
            try (var in = dw.bucket(Layer.BRONZE).open(key)) {
                assertThat(Hashing.sha256(in)).isEqualTo(Hashing.sha256(big));
            }
            assertThat(events(dw, ProvenanceEvent.FILE_UPLOADED)).hasSize(1);
            assertThat(events(dw, ProvenanceEvent.SCAN_SKIPPED)).isEmpty();
        }
    }

    @Test
    void refusesContentLargerThanClamdsStreamMaxLengthNamingTheSetting() throws Exception {
        try (TestClamd small = TestClamd.start(temp.resolve("small-clamd"), "1M");
             WarehouseClient dw = client(with(small.tcpEnvironment(), "RDW_CLAMD_MAX_STREAM", "10MB"))) {
            assertRefusedAndRecorded(dw, randomFile("three.bin", 3L << 20), "StreamMaxLength", "refused");
        }
    }

    @Test
    void refusesContentLargerThanTheConfiguredLimitBeforeClamdSeesItAll() throws Exception {
        try (WarehouseClient dw = client(with(clamd.tcpEnvironment(), "RDW_CLAMD_MAX_STREAM", "1MB"))) {
            assertRefusedAndRecorded(dw, randomFile("two.bin", 2L << 20), "rdw.clamd.max-stream", "1048576 bytes");
        }
    }

    @Test
    void refusesAnUploadWhenClamdDiesDuringTheScan() throws Exception {
        TestClamd dying = TestClamd.start(temp.resolve("dying-clamd"), "150M");
        try (dying; ContentScanner clamdScanner = new ClamdProvider().open(config(dying.tcpEnvironment()))) {
            ContentScanner killsClamdAfterTheFirstBytes = target -> {
                ContentScanner.Scan scan = clamdScanner.begin(target);
                return new ContentScanner.Scan() {
                    private boolean killed;

                    @Override
                    public void update(byte[] bytes, int offset, int length) {
                        scan.update(bytes, offset, length);
                        if (!killed) {
                            killed = true;
                            try {
                                dying.kill();
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        }
                    }

                    @Override
                    public void finish() {
                        scan.finish();
                    }
                };
            };
            RdwConfig config = RdwConfig.builder().noFile().environment(Map.of()).systemProperties(new Properties())
                    .warehouse(temp.resolve("dw")).build();
            try (WarehouseClient dw = WarehouseClient.builder().config(config).scanner(killsClamdAfterTheFirstBytes).build()) {
                assertRefusedAndRecorded(dw, randomFile("twenty.bin", 20L << 20), "clamd", "unreachable during the scan", "refused");
            }
        }
    }

    @Test
    void refusesWhenClamdIsDownByDefault() throws Exception {
        Path clean = Files.writeString(temp.resolve("clean.csv"), "a;b\n1;2\n");
        try (WarehouseClient dw = client(Map.of("CLAMD_HOST", "127.0.0.1", "CLAMD_PORT", Integer.toString(freePort())))) {
            assertRefusedAndRecorded(dw, clean, "unreachable", "connection refused", "was refused");
        }
    }

    @Test
    void storesUnscannedWithAScanSkippedEventWhenConfiguredToFailOpen() throws Exception {
        Path clean = Files.writeString(temp.resolve("clean.csv"), "a;b\n1;2\n");
        try (WarehouseClient dw = client(Map.of("CLAMD_HOST", "127.0.0.1", "CLAMD_PORT", Integer.toString(freePort()),
                "RDW_CLAMD_ON_UNAVAILABLE", "store"))) {
            String key = dw.bucket(Layer.BRONZE).upload(clean, "p1").key();
            assertThat(dw.bucket(Layer.BRONZE).list()).hasSize(1);
            ProvenanceEvent upload = events(dw, ProvenanceEvent.FILE_UPLOADED).get(0);
            assertThat(events(dw, ProvenanceEvent.SCAN_SKIPPED)).singleElement().satisfies(e -> {
                assertThat(e.objectKey()).isEqualTo(key);
                assertThat(e.sha256()).isEqualTo(Hashing.sha256(clean));
                assertThat(e.customMetadata().get("reason").toString()).contains("unreachable", "on-unavailable=store");
                assertThat(e.customMetadata()).containsEntry("event_id", upload.eventId().toString());
            });
        }
    }

    @Test
    void answersItsHealthCheckWithTheVersionAndIsDownWhenClamdIsStopped() throws Exception {
        TestClamd stopped = TestClamd.start(temp.resolve("stopped-clamd"), "1M");
        try (stopped; ContentScanner scanner = new ClamdProvider().open(config(stopped.tcpEnvironment()))) {
            Health up = scanner.health();
            assertThat(up.status()).isEqualTo(Health.Status.UP);
            assertThat(up.backend()).isEqualTo("clamd");
            assertThat(up.message()).contains("ClamAV ", "signature database");
            stopped.close();
            Health down = scanner.health();
            assertThat(down.status()).isEqualTo(Health.Status.DOWN);
            assertThat(down.message()).contains("unreachable", "refused");
        }
    }

    @Test
    void describesTheSignatureDatabaseOfAnOfficialVersionWithItsAge() {
        assertThat(ClamdScanner.describeVersion("ClamAV 1.4.6/27500/Mon Dec  1 09:24:02 2025"))
                .startsWith("ClamAV 1.4.6, signature database 27500 of Mon Dec 1 09:24:02 2025, ").endsWith(" days old");
    }

    @Test
    void scansEachOfTwoUploadsOnItsOwnConnection() {
        try (ContentScanner scanner = new ClamdProvider().open(config(clamd.tcpEnvironment()))) {
            ContentScanner.Scan eicar = scanner.begin(new ObjectRef(Layer.BRONZE, "p1/a.csv"));
            ContentScanner.Scan clean = scanner.begin(new ObjectRef(Layer.BRONZE, "p1/b.csv"));
            byte[] e = TestClamd.eicar();
            eicar.update(e, 0, e.length);
            clean.update(new byte[10], 0, 10);
            clean.finish();
            assertThatThrownBy(eicar::finish).isInstanceOf(ForbiddenException.class).hasMessageContaining(TestClamd.FOUND)
                    .hasMessageContaining("p1/a.csv");
        }
    }

    private static RdwConfig config(Map<String, String> environment) {
        return RdwConfig.builder().noFile().environment(environment).systemProperties(new Properties())
                .providers(List.of(new ClamdProvider())).build();
    }

    private static int freePort() throws IOException {
        try (var s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
