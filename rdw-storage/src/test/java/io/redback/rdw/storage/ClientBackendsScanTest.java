package io.redback.rdw.storage;

import io.redback.rdw.ConfigurationException;
import io.redback.rdw.Layer;
import io.redback.rdw.NotFoundException;
import io.redback.rdw.ObjectInfo;
import io.redback.rdw.ObjectRef;
import io.redback.rdw.ProvenanceEvent;
import io.redback.rdw.ProvenanceQuery;
import io.redback.rdw.RdwConfig;
import io.redback.rdw.ScanReport;
import io.redback.rdw.WarehouseClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Scanning files and stored objects on demand with the scanners configuration chooses ({@code rdw.scan=marker}). */
class ClientBackendsScanTest {
    private static final String INFECTED = "id,v\n1," + TestProviders.Marker.MARKER + "\n";

    @TempDir
    Path dir;

    private WarehouseClient client(Map<String, String> settings) {
        RdwConfig.Builder b = RdwConfig.builder().noFile().environment(Map.of()).systemProperties(new Properties())
                .warehouse(dir.resolve("wh"));
        settings.forEach(b::set);
        return WarehouseClient.builder().config(b.build()).build();
    }

    private WarehouseClient scanning() {
        return client(Map.of("rdw.scan", "marker"));
    }

    private Path file(String name, String content) throws Exception {
        return Files.writeString(dir.resolve(name), content);
    }

    @Test
    void aFileIsCleanOrInfectedWithTheSignatureFound() throws Exception {
        try (WarehouseClient dw = scanning()) {
            Path clean = file("clean.csv", "id,v\n1,2\n");
            assertThat(dw.scan(clean)).isEqualTo(new ScanReport(clean.toString(), ScanReport.Outcome.CLEAN, ""));

            ScanReport bad = dw.scan(file("bad.csv", INFECTED));
            assertThat(bad.outcome()).isEqualTo(ScanReport.Outcome.INFECTED);
            assertThat(bad.infected()).isTrue();
            assertThat(bad.detail()).isEqualTo(TestProviders.Marker.FINDING);
            assertThat(bad.target()).endsWith("bad.csv");

            assertThat(dw.bucket(Layer.BRONZE).list()).as("a scan stores nothing").isEmpty();
            assertThat(dw.provenance(ProvenanceQuery.all())).as("and records nothing").isEmpty();
            assertThatThrownBy(() -> dw.scan(dir.resolve("missing.csv"))).isInstanceOf(NotFoundException.class);
        }
    }

    @Test
    void storedObjectsAreRescannedAfterASignatureUpdate() throws Exception {
        ObjectInfo a;
        ObjectInfo bad;
        ObjectInfo c;
        try (WarehouseClient before = client(Map.of())) { // stored before the scanner knew the signature
            a = before.bucket(Layer.BRONZE).upload(file("a.csv", "id,v\n1,a\n"), "project1");
            bad = before.bucket(Layer.BRONZE).upload(file("bad.csv", INFECTED), "project1");
            c = before.bucket(Layer.BRONZE).upload(file("c.csv", "id,v\n1,c\n"), "project1");
            before.bucket(Layer.BRONZE).upload(file("other.csv", INFECTED), "project2");
        }
        try (WarehouseClient dw = scanning()) {
            int events = dw.provenance(ProvenanceQuery.all()).size();
            assertThat(dw.scan(new ObjectRef(Layer.BRONZE, a.key())).outcome()).isEqualTo(ScanReport.Outcome.CLEAN);
            ScanReport one = dw.scan(new ObjectRef(Layer.BRONZE, bad.key()));
            assertThat(one).isEqualTo(new ScanReport("bronze:" + bad.key(), ScanReport.Outcome.INFECTED,
                    TestProviders.Marker.FINDING));

            List<ScanReport> all = dw.scan(Layer.BRONZE, "project1/");
            assertThat(all).extracting(ScanReport::target).containsExactlyInAnyOrder(
                    "bronze:" + a.key(), "bronze:" + bad.key(), "bronze:" + c.key());
            assertThat(all).filteredOn(ScanReport::infected).singleElement()
                    .satisfies(r -> assertThat(r.target()).isEqualTo("bronze:" + bad.key()));
            assertThat(dw.scan(Layer.BRONZE, "")).filteredOn(ScanReport::infected).hasSize(2);
            assertThat(dw.scan(Layer.SILVER, "project1/")).isEmpty();

            assertThat(dw.bucket(Layer.BRONZE).list()).as("a rescan only reports").hasSize(4);
            assertThat(dw.provenance(ProvenanceQuery.all())).hasSize(events)
                    .noneMatch(e -> e.eventType().equals(ProvenanceEvent.FILE_REJECTED));
            assertThatThrownBy(() -> dw.scan(new ObjectRef(Layer.BRONZE, "project1/none.csv")))
                    .isInstanceOf(NotFoundException.class);
        }
    }

    @Test
    void withoutAScannerTheMessageSaysHowToConfigureOne() throws Exception {
        Path f = file("a.csv", "id,v\n1,2\n");
        try (WarehouseClient dw = client(Map.of())) {
            assertThatThrownBy(() -> dw.scan(f)).isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("no content scanner is configured")
                    .hasMessageContaining("CLAMD_HOST").hasMessageContaining("rdw.scan");
            assertThatThrownBy(() -> dw.scan(Layer.BRONZE, "")).isInstanceOf(ConfigurationException.class);
        }
    }
}
