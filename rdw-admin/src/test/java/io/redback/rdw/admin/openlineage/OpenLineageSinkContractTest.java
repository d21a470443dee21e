package io.redback.rdw.admin.openlineage;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.redback.rdw.RdwConfig;
import io.redback.rdw.helpers.Json;
import io.redback.rdw.spi.ProvenanceSink;
import io.redback.rdw.tck.ProvenanceSinkContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * The provenance-sink contract on the OpenLineage sink, against a stub of Marquez's endpoint. What a lineage server
 * keeps is modelled as its runs: one per run id, each linked to its provenance event by rdw's run facet.
 */
class OpenLineageSinkContractTest extends ProvenanceSinkContract {
    static WireMockServer marquez;
    @TempDir
    Path warehouse;

    @BeforeAll
    static void start() {
        marquez = new WireMockServer(options().dynamicPort());
        marquez.start();
    }

    @AfterAll
    static void stop() {
        marquez.stop();
    }

    @Override
    protected ProvenanceSink createSink() {
        marquez.resetAll();
        marquez.stubFor(post(urlEqualTo("/api/v1/lineage")).willReturn(aResponse().withStatus(201)));
        return reopen();
    }

    @Override
    protected ProvenanceSink reopen() {
        return new OpenLineageProvider().open(RdwConfig.builder()
                .environment(Map.of("OPENLINEAGE_URL", "http://127.0.0.1:" + marquez.port()))
                .systemProperties(new Properties()).noFile().set(RdwConfig.WAREHOUSE, warehouse.toString()).build());
    }

    @Override
    protected List<UUID> recordedIds() throws Exception {
        LinkedHashSet<UUID> runs = new LinkedHashSet<>();
        List<UUID> events = new ArrayList<>();
        for (var served : marquez.getAllServeEvents()) {
            JsonNode run = Json.MAPPER.readTree(served.getRequest().getBodyAsString()).get("run");
            if (runs.add(UUID.fromString(run.get("runId").asText()))) {
                events.add(UUID.fromString(run.get("facets").get("rdw_provenance").get("event_id").asText()));
            }
        }
        return events; // served events come newest first
    }
}
