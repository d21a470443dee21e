package io.redback.rdw.admin.logstash;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.redback.rdw.Layer;
import io.redback.rdw.ProvenanceDelivery;
import io.redback.rdw.ProvenanceEvent;
import io.redback.rdw.RdwConfig;
import io.redback.rdw.WarehouseClient;
import io.redback.rdw.helpers.Json;
import io.redback.rdw.spi.ProvenanceSink;
import io.redback.rdw.tck.ProvenanceSinkContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Logstash sink against a stub of Logstash's HTTP input as it behaves: 200 "ok" when the events are queued, 429
 * when its queue is full. Logstash cannot run here. What Elasticsearch keeps is modelled as the documents of accepted
 * requests, one per {@code event_id} (the output's {@code document_id}).
 */
class LogstashSinkTest extends ProvenanceSinkContract {
    static WireMockServer logstash;
    @TempDir
    Path warehouse;

    @BeforeAll
    static void start() {
        logstash = new WireMockServer(options().dynamicPort());
        logstash.start();
    }

    @AfterAll
    static void stop() {
        logstash.stop();
    }

    static RdwConfig config(Path warehouse) {
        return RdwConfig.builder().environment(Map.of("LOGSTASH_URL", "http://127.0.0.1:" + logstash.port()))
                .systemProperties(new Properties()).noFile().set(RdwConfig.WAREHOUSE, warehouse.toString())
                .set(LogstashProvider.BACKOFF, "10ms").build();
    }

    @Override
    protected ProvenanceSink createSink() {
        logstash.resetAll();
        logstash.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("ok")));
        return reopen();
    }

    @Override
    protected ProvenanceSink reopen() {
        return new LogstashProvider().open(config(warehouse));
    }

    /** The documents of every accepted request, in arrival order. */
    static List<JsonNode> accepted() throws Exception {
        List<JsonNode> docs = new ArrayList<>();
        for (var served : logstash.getAllServeEvents()) {
            LoggedRequest r = served.getRequest();
            if (r.getMethod().getName().equals("POST") && served.getResponse().getStatus() == 200) {
                for (JsonNode d : Json.MAPPER.readTree(r.getBodyAsString())) {
                    docs.add(d);
                }
            }
        }
        Collections.reverse(docs); // served events come newest first
        return docs;
    }

    @Override
    protected List<UUID> recordedIds() throws Exception {
        LinkedHashSet<UUID> ids = new LinkedHashSet<>();
        for (JsonNode d : accepted()) {
            ids.add(UUID.fromString(d.get("event_id").asText()));
        }
        List<UUID> newestFirst = new ArrayList<>(ids);
        Collections.reverse(newestFirst);
        return newestFirst;
    }

    @Test
    void documentsHaveTheUploadServicesShapePlusRdwsFields() throws Exception {
        ProvenanceEvent e = event(Layer.SILVER, "p/2025/a.parquet", ProvenanceEvent.OBJECT_DERIVED, java.time.Instant.now());
        sink.record(e);
        JsonNode d = accepted().get(0);
        assertThat(d.get("source").asText()).isEqualTo("rdw:test");
        assertThat(d.get("event_type").asText()).isEqualTo("object:derived");
        assertThat(d.get("object_key").asText()).isEqualTo("p/2025/a.parquet");
        assertThat(d.get("object_size").asLong()).isEqualTo(123);
        assertThat(d.get("status").asText()).isEqualTo("success");
        assertThat(d.get("custom_metadata").get("project").asText()).isEqualTo("p");
        assertThat(d.get("sha256").asText()).isEqualTo(e.sha256());
        assertThat(d.get("layer").asText()).isEqualTo("silver");
        assertThat(d.get("lineage").get("pipeline").asText()).isEqualTo("clean");
        assertThat(logstash.getAllServeEvents().get(0).getRequest().getHeader("Content-Type")).isEqualTo("application/json");
    }

    @Test
    void aFullQueueThreeTimesThenOkDeliversEachEventOnce() throws Exception {
        logstash.resetAll();
        String s = "full queue";
        logstash.stubFor(post(urlEqualTo("/")).inScenario(s).whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429)).willSetStateTo("1"));
        logstash.stubFor(post(urlEqualTo("/")).inScenario(s).whenScenarioStateIs("1")
                .willReturn(aResponse().withStatus(429)).willSetStateTo("2"));
        logstash.stubFor(post(urlEqualTo("/")).inScenario(s).whenScenarioStateIs("2")
                .willReturn(aResponse().withStatus(429)).willSetStateTo("3"));
        logstash.stubFor(post(urlEqualTo("/")).inScenario(s).whenScenarioStateIs("3")
                .willReturn(aResponse().withStatus(200).withBody("ok")));
        try (WarehouseClient dw = WarehouseClient.builder().config(config(warehouse)).build()) {
            Path f = Files.createTempFile(warehouse.getParent(), "rides", ".csv");
            Files.writeString(f, "a\n1\n");
            dw.bucket(Layer.BRONZE).upload(f, "project1");
            Path g = Files.createTempFile(warehouse.getParent(), "trips", ".csv");
            Files.writeString(g, "a\n2\n");
            dw.bucket(Layer.BRONZE).upload(g, "project1");
            List<ProvenanceDelivery> flushed = dw.flushProvenance(Duration.ofSeconds(30));
            assertThat(flushed).filteredOn(d -> d.sink().equals("logstash")).singleElement()
                    .satisfies(d -> assertThat(d.queued()).isZero());
        }
        List<JsonNode> docs = accepted();
        assertThat(docs).extracting(d -> d.get("event_type").asText()).containsExactly("file:uploaded", "file:uploaded");
        assertThat(docs.stream().map(d -> d.get("event_id").asText()).distinct()).hasSize(2);
        assertThat(logstash.countRequestsMatching(postRequestedFor(urlEqualTo("/")).build()).getCount())
                .as("three refusals, then one accepted request").isGreaterThanOrEqualTo(4);
    }

    @Test
    void withOnlyLogstashConfiguredTheLocalLogStillAnswersQueries() {
        try (WarehouseClient dw = WarehouseClient.builder().config(config(warehouse)).build()) {
            assertThat(dw.describe().get("provenance")).contains("embedded:").contains("logstash:");
        }
    }
}
