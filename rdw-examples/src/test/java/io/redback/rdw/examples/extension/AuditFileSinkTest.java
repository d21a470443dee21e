package io.redback.rdw.examples.extension;

import io.redback.rdw.ConfigurationException;
import io.redback.rdw.Layer;
import io.redback.rdw.ObjectInfo;
import io.redback.rdw.ProvenanceQuery;
import io.redback.rdw.RdwConfig;
import io.redback.rdw.WarehouseClient;
import io.redback.rdw.spi.ProvenanceSink;
import io.redback.rdw.tck.ProvenanceSinkContract;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The extension example runs the provenance-sink contract of the test kit, and plugs into a client by configuration. */
class AuditFileSinkTest extends ProvenanceSinkContract {
    @TempDir
    Path dir;

    private RdwConfig config(Map<String, String> env) {
        return RdwConfig.builder().noFile().systemProperties(new Properties()).environment(env)
                .warehouse(dir.resolve("wh")).build();
    }

    @Override
    protected ProvenanceSink createSink() {
        return new AuditFileSinkProvider().open(config(Map.of("RDW_AUDIT_FILE", dir.resolve("audit.csv").toString())));
    }

    @Override
    protected ProvenanceSink reopen() {
        return createSink();
    }

    /** The sink cannot be searched: what it holds is read back from its file, newest first. */
    @Override
    protected List<UUID> recordedIds() {
        List<UUID> ids = new ArrayList<>();
        for (CSVRecord line : AuditFileSink.read(dir.resolve("audit.csv"))) {
            ids.add(0, UUID.fromString(line.get("event_id")));
        }
        return ids;
    }

    @Test
    void isChosenByItsSettingAndSeesEveryWriteBesideTheEmbeddedLog() throws Exception {
        Path audit = dir.resolve("trail").resolve("audit.csv");
        Files.createDirectories(audit.getParent());
        RdwConfig config = config(Map.of("RDW_AUDIT_FILE", audit.toString(), "RDW_PROVENANCE", "embedded,audit-file"));
        assertThat(config.keys()).contains(AuditFileSinkProvider.FILE, AuditFileSinkProvider.FSYNC);
        try (WarehouseClient dw = WarehouseClient.builder().config(config).build()) {
            ObjectInfo raw = dw.bucket(Layer.BRONZE).upload(Files.writeString(dir.resolve("rides.csv"), "id,v\n1,2\n"),
                    "project1");

            assertThat(AuditFileSink.read(audit)).singleElement().satisfies(line -> {
                assertThat(line.get("object_key")).isEqualTo(raw.key());
                assertThat(line.get("sha256")).isEqualTo(raw.sha256().orElseThrow());
            });
            assertThat(dw.provenance(ProvenanceQuery.all())).singleElement()
                    .satisfies(e -> assertThat(e.objectKey()).isEqualTo(raw.key()));
            assertThat(dw.health()).filteredOn(h -> h.backend().startsWith("audit-file:")).singleElement()
                    .satisfies(h -> assertThat(h.usable()).isTrue());
        }
    }

    @Test
    void refusesAFileThatIsNotCsvNamingTheSetting() {
        assertThatThrownBy(() -> config(Map.of("RDW_AUDIT_FILE", dir.resolve("audit.txt").toString())))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("RDW_AUDIT_FILE")
                .hasMessageContaining(".csv");
    }
}
