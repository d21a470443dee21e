package io.redback.rdw.admin.openlineage;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.redback.rdw.Layer;
import io.redback.rdw.ObjectRef;
import io.redback.rdw.ProvenanceEvent;
import io.redback.rdw.RdwConfig;
import io.redback.rdw.WarehouseClient;
import io.redback.rdw.helpers.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenLineage sink against a stub of an OpenLineage HTTP endpoint as Marquez serves it ({@code POST /api/v1/lineage},
 * 201 Created); Marquez cannot run here. The events are checked against the fields the OpenLineage spec requires.
 */
class OpenLineageSinkTest {
    WireMockServer marquez;
    int port;
    @TempDir
    Path warehouse;

    @BeforeEach
    void start() {
        marquez = new WireMockServer(options().dynamicPort());
        marquez.start();
        port = marquez.port();
        marquez.stubFor(post(urlEqualTo("/api/v1/lineage")).willReturn(aResponse().withStatus(201)));
    }

    @AfterEach
    void stop() {
        marquez.stop();
    }

    RdwConfig config() {
        return RdwConfig.builder().environment(Map.of("OPENLINEAGE_URL", "http://127.0.0.1:" + port))
                .systemProperties(new Properties()).noFile().set(RdwConfig.WAREHOUSE, warehouse.toString()).build();
    }

    List<JsonNode> received() throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (var e : marquez.getAllServeEvents()) {
            out.add(Json.MAPPER.readTree(e.getRequest().getBodyAsString()));
        }
        Collections.reverse(out);
        return out;
    }

    static void assertSpecFields(JsonNode e) {
        assertThat(e.get("eventType").asText()).isIn("START", "COMPLETE", "FAIL");
        assertThat(Instant.parse(e.get("eventTime").asText())).isNotNull();
        assertThat(UUID.fromString(e.get("run").get("runId").asText())).isNotNull();
        assertThat(e.get("job").get("namespace").asText()).isEqualTo("rdw");
        assertThat(e.get("producer").asText()).startsWith("https://");
        assertThat(e.get("schemaURL").asText()).startsWith("https://openlineage.io/spec/");
    }

    @Test
    void aPipelineRunIsAStartThenACompleteWithItsDatasetsNamedByTheObjectStoreConvention() throws Exception {
        Instant started = Instant.parse("2026-12-02T10:00:00Z");
        Instant done = Instant.parse("2026-12-02T10:00:03Z");
        ProvenanceEvent derived = new ProvenanceEvent(UUID.randomUUID(), "rdw:cli", ProvenanceEvent.OBJECT_DERIVED, done,
                "alice", null, "dw-bucket-silver", "p/2026/rides_processed.parquet", 10L, null, null, "embedded:/w", "ab",
                Layer.SILVER, "0.1.0", new ProvenanceEvent.Lineage(new ObjectRef(Layer.BRONZE, "p/2026/rides.csv"), "cd",
                "clean", "ef"), Map.of("started_at", started.toString()));
        try (var sink = new OpenLineageProvider().open(config())) {
            sink.record(derived);
            sink.record(derived); // a replay is the same run
        }
        List<JsonNode> events = received();
        assertThat(events).hasSize(4);
        events.forEach(OpenLineageSinkTest::assertSpecFields);
        JsonNode start = events.get(0);
        JsonNode complete = events.get(1);
        assertThat(start.get("eventType").asText()).isEqualTo("START");
        assertThat(Instant.parse(start.get("eventTime").asText())).isEqualTo(started);
        assertThat(complete.get("eventType").asText()).isEqualTo("COMPLETE");
        assertThat(Instant.parse(complete.get("eventTime").asText())).isEqualTo(done);
        assertThat(complete.get("job").get("name").asText()).isEqualTo("rdw.pipeline.clean");
        assertThat(complete.get("inputs").get(0).get("namespace").asText()).isEqualTo("s3://dw-bucket-bronze");
        assertThat(complete.get("inputs").get(0).get("name").asText()).isEqualTo("p/2026/rides.csv");
        assertThat(complete.get("outputs").get(0).get("namespace").asText()).isEqualTo("s3://dw-bucket-silver");
        assertThat(complete.get("outputs").get(0).get("name").asText()).isEqualTo("p/2026/rides_processed.parquet");
        assertThat(events.stream().map(e -> e.get("run").get("runId").asText()).distinct()).hasSize(1);
        assertThat(complete.get("run").get("facets").get("rdw_provenance").get("event_id").asText())
                .as("the run names its provenance event").isEqualTo(derived.eventId().toString());
    }

    @Test
    void aFailedRunEndsInFail() throws Exception {
        ProvenanceEvent failed = new ProvenanceEvent(UUID.randomUUID(), "rdw:sdk", ProvenanceEvent.PIPELINE_FAILED,
                Instant.now(), "alice", null, "dw-bucket-bronze", "p/2026/bad.csv", 10L, null, null, "embedded:/w", "ab",
                Layer.BRONZE, "0.1.0", new ProvenanceEvent.Lineage(new ObjectRef(Layer.BRONZE, "p/2026/bad.csv"), "ab",
                "clean", "ef"), Map.of("error", "line 3: 2 fields, expected 3"));
        try (var sink = new OpenLineageProvider().open(config())) {
            sink.record(failed);
        }
        List<JsonNode> events = received();
        assertThat(events).extracting(e -> e.get("eventType").asText()).containsExactly("START", "FAIL");
        assertThat(events.get(1).get("run").get("facets").get("errorMessage").get("message").asText())
                .isEqualTo("line 3: 2 fields, expected 3");
    }

    @Test
    void anUploadIsReportedThroughTheOutboxAndAnEndpointThatIsDownNeverFailsIt() throws Exception {
        marquez.stop();
        Path f = Files.writeString(Files.createTempDirectory(warehouse.getParent(), "in").resolve("rides.csv"), "a\n1\n");
        try (WarehouseClient dw = WarehouseClient.builder().config(config().newBuilder()
                .set(RdwConfig.PROVENANCE_FLUSH_TIMEOUT, "1s").build()).build()) {
            dw.bucket(Layer.BRONZE).upload(f, "project1"); // succeeds: the endpoint is down, the event waits
            assertThat(dw.provenanceStatus()).filteredOn(d -> d.sink().equals("openlineage")).singleElement()
                    .satisfies(d -> assertThat(d.queued()).isEqualTo(1));
        }
        marquez = new WireMockServer(options().port(port));
        marquez.start();
        marquez.stubFor(post(urlEqualTo("/api/v1/lineage")).willReturn(aResponse().withStatus(201)));
        try (WarehouseClient dw = WarehouseClient.builder().config(config()).build()) {
            dw.flushProvenance(Duration.ofSeconds(30));
        }
        List<JsonNode> events = received();
        assertThat(events).extracting(e -> e.get("eventType").asText()).containsExactly("START", "COMPLETE");
        assertThat(events.get(1).get("job").get("name").asText()).isEqualTo("rdw.upload");
        assertThat(events.get(1).get("outputs").get(0).get("namespace").asText()).isEqualTo("s3://dw-bucket-bronze");
    }
}
