package io.redback.rdw.storage;

import io.redback.rdw.BackendUnavailableException;
import io.redback.rdw.ForbiddenException;
import io.redback.rdw.Health;
import io.redback.rdw.Layer;
import io.redback.rdw.ObjectInfo;
import io.redback.rdw.ProvenanceEvent;
import io.redback.rdw.ProvenanceQuery;
import io.redback.rdw.RdwConfig;
import io.redback.rdw.WarehouseClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A client whose backends are chosen by configuration among the installed providers: several provenance sinks at once,
 * scanners by name, and a health report.
 */
class ClientBackendsTest {
    @TempDir
    Path dir;

    @BeforeEach
    void clear() {
        TestProviders.RECORDED.clear();
    }

    private WarehouseClient client(Map<String, String> settings) {
        RdwConfig.Builder b = RdwConfig.builder().noFile().environment(Map.of()).systemProperties(new Properties())
                .warehouse(dir.resolve("wh"));
        settings.forEach(b::set);
        return WarehouseClient.builder().config(b.build()).build();
    }

    private Path file(String content) throws Exception {
        return Files.writeString(dir.resolve("rides.csv"), content);
    }

    @Test
    void eachEventReachesEachConfiguredSink() throws Exception {
        try (WarehouseClient dw = client(Map.of("rdw.provenance", "embedded,recording"))) {
            ObjectInfo raw = dw.bucket(Layer.BRONZE).upload(file("id,v\n1,2\n"), "project1");

            assertThat(dw.provenance(ProvenanceQuery.all())).singleElement()
                    .satisfies(e -> assertThat(e.objectKey()).isEqualTo(raw.key()));
            assertThat(TestProviders.RECORDED).singleElement()
                    .satisfies(e -> assertThat(e.eventType()).isEqualTo(ProvenanceEvent.FILE_UPLOADED));
            assertThat(dw.describe().get("provenance")).contains("embedded:", "recording");
        }
    }

    @Test
    void aSinkThatCannotRecordUndoesTheWriteAndTheOthersAreTold() throws Exception {
        try (WarehouseClient dw = client(Map.of("rdw.provenance", "embedded,failing"))) {
            assertThatThrownBy(() -> dw.bucket(Layer.BRONZE).upload(file("id,v\n1,2\n"), "project1"))
                    .isInstanceOf(BackendUnavailableException.class)
                    .hasMessageContaining("failing could not record the event")
                    .hasMessageContaining("the write was undone");

            assertThat(dw.bucket(Layer.BRONZE).list()).isEmpty();
            assertThat(dw.provenance(ProvenanceQuery.all())).extracting(ProvenanceEvent::eventType)
                    .containsExactly("object:write-undone", ProvenanceEvent.FILE_UPLOADED);
            ProvenanceEvent undone = dw.provenance(ProvenanceQuery.all()).get(0);
            assertThat(undone.customMetadata().get("undone_event_id"))
                    .isEqualTo(dw.provenance(ProvenanceQuery.all()).get(1).eventId().toString());
        }
    }

    @Test
    void aScannerChosenByConfigurationSeesEveryByteBeforeAnythingIsStored() throws Exception {
        try (WarehouseClient dw = client(Map.of("rdw.scan", "marker"))) {
            assertThatThrownBy(() -> dw.bucket(Layer.BRONZE).upload(file("id,v\n1," + TestProviders.Marker.MARKER + "\n"),
                    "project1"))
                    .isInstanceOf(ForbiddenException.class).hasMessageContaining("Test.Marker FOUND");
            assertThat(dw.bucket(Layer.BRONZE).list()).isEmpty();
            assertThat(dw.provenance(ProvenanceQuery.all())).as("the refusal is recorded, and nothing else")
                    .singleElement().satisfies(e -> {
                        assertThat(e.eventType()).isEqualTo(ProvenanceEvent.FILE_REJECTED);
                        assertThat(e.customMetadata().get("reason").toString()).contains("Test.Marker FOUND");
                    });

            assertThat(dw.bucket(Layer.BRONZE).upload(file("id,v\n1,clean\n"), "project1").size()).isPositive();
            assertThat(dw.describe().get("scan")).isEqualTo("marker scanner");
        }
    }

    @Test
    void anUnknownSinkNameIsRefusedWithTheInstalledOnes() {
        assertThatThrownBy(() -> client(Map.of("rdw.provenance", "embedded,postgress")))
                .hasMessageContaining("'postgress'").hasMessageContaining("expected embedded or failing or recording");
    }

    @Test
    void healthReportsEachBackendAndOneThatCannotOpenAsDown() throws Exception {
        try (WarehouseClient dw = client(Map.of("rdw.provenance", "embedded,recording"))) {
            Map<String, Health.Status> status = new java.util.LinkedHashMap<>();
            for (Health h : dw.health()) {
                status.merge(h.component() + ":" + h.backend(), h.status(), (a, b) -> a);
            }
            assertThat(dw.health()).filteredOn(h -> h.component().equals("storage")).singleElement()
                    .satisfies(h -> assertThat(h.status()).isIn(Health.Status.UP, Health.Status.UNKNOWN));
            assertThat(dw.health()).filteredOn(h -> h.component().equals("provenance")).hasSize(2)
                    .anySatisfy(h -> assertThat(h.status()).isEqualTo(Health.Status.UP));
            // rdw-query is not on this module's class path: the query engine cannot open, which is a DOWN entry
            assertThat(dw.health()).filteredOn(h -> h.component().equals("query")).singleElement()
                    .satisfies(h -> {
                        assertThat(h.status()).isEqualTo(Health.Status.DOWN);
                        assertThat(h.message()).contains("no query engine is installed");
                    });
        }
    }
}
