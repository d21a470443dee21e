package io.redback.rdw.etl;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.redback.rdw.Layer;
import io.redback.rdw.ObjectInfo;
import io.redback.rdw.ProvenanceEvent;
import io.redback.rdw.ProvenanceQuery;
import io.redback.rdw.RdwConfig;
import io.redback.rdw.WarehouseClient;
import io.redback.rdw.helpers.Json;
import io.redback.rdw.QueryResult;
import io.redback.rdw.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/** One pipeline, two engines: its SQL form gives the rows of the local run, and goes to Dremio as CREATE TABLE AS. */
class SqlFormTest {
    @TempDir
    Path dir;

    private static final String DATA = """
            Record ID, User Name ,Device-Type,Speed km/h,Heart Rate,Empty,Is Active,When
            1,u1,garmin,12.5,120,,true,2025-03-01T10:00:00Z
            2,u2,wahoo,,130,,false,2025-03-01T11:00:00Z
            3,,,,,,,
            2,u2,wahoo,,130,,false,2025-03-01T11:00:00Z
            4,u3,NA,40,150,,true,2025-03-02T09:00:00Z
            5,u1,polar,30,,,false,2025-03-02T10:00:00Z
            6,u4,garmin,22.5,140,,true,2025-03-03T10:00:00Z
            """;

    /** Every row of a query as text, in order. */
    private static List<String> rows(WarehouseClient dw, String sql) {
        List<String> out = new ArrayList<>();
        try (QueryResult r = dw.query(sql)) {
            for (Row row : r) {
                StringBuilder b = new StringBuilder();
                for (int i = 0; i < r.columns().size(); i++) {
                    b.append(row.get(i)).append('|');
                }
                out.add(b.toString());
            }
        }
        return out;
    }

    /**
     * The data as Dremio reads a CSV file: text columns under the header's exact names, an empty field as empty text,
     * written as standard SQL so any engine can stand in for Dremio.
     */
    private static String asDremioReadsIt(String csv) {
        List<String> lines = csv.lines().toList();
        List<String> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            rows.add("(" + String.join(", ", java.util.Arrays.stream(line.split(",", -1))
                    .map(v -> "'" + v.replace("'", "''") + "'").toList()) + ")");
        }
        String names = String.join(", ", java.util.Arrays.stream(lines.get(0).split(",", -1))
                .map(n -> '"' + n.replace("\"", "\"\"") + '"').toList());
        return "(VALUES " + String.join(", ", rows) + ") AS dremio_csv(" + names + ")";
    }

    /** The local run's rows, and the rows of the SQL form run by the embedded query engine over the same data as text. */
    private void assertSqlFormMatchesLocalRun(Pipeline pipeline) throws Exception {
        try (WarehouseClient dw = TestWarehouse.open(dir.resolve("wh"), "512MB", null)) {
            Path in = Files.writeString(dir.resolve("rides.csv"), DATA);
            Path local = dir.resolve("local-" + pipeline.name() + ".parquet");
            Pipelines.run(pipeline, in, local, dw, o -> { });
            dw.bucket(Layer.SILVER).put("p/local.parquet", local);

            String sql = Pipelines.on(dw).sql(pipeline, in, asDremioReadsIt(DATA));
            assertThat(sql).startsWith("WITH ").doesNotContain("rowid", "GROUP BY ALL", "EXCLUDE");
            List<String> expected = rows(dw, "SELECT * FROM \"dw-bucket-silver\".\"p\".\"local.parquet\"");
            List<String> actual = rows(dw, sql);
            assertThat(actual).isEqualTo(expected).isNotEmpty();
        }
    }

    @Test
    void cleanGivesTheSameRowsThroughItsSqlForm() throws Exception {
        assertSqlFormMatchesLocalRun(Pipeline.clean());
    }

    @Test
    void mlPrepGivesTheSameRowsThroughItsSqlForm() throws Exception {
        assertSqlFormMatchesLocalRun(Pipeline.mlPrep());
    }

    @Test
    void aConfiguredPipelineGivesTheSameRowsThroughItsSqlForm() throws Exception {
        assertSqlFormMatchesLocalRun(Pipeline.of("mixed",
                new Step.RenameColumns(Map.of("Device-Type", "device")),
                new Step.DropColumns(List.of("Empty")),
                new Step.DropDuplicates(List.of()),
                new Step.FillNa(Map.of("Speed km/h", "median", "device", "mode", "Heart Rate", "0")),
                new Step.CategoricalEncoding(List.of("device")),
                new Step.Normalize(List.of("Speed km/h"))));
    }

    @Test
    void runsOnDremioAsCreateTableAsWithAdministratorCredentials() throws Exception {
        WireMockServer dremio = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        dremio.start();
        try {
            dremio.stubFor(post(urlEqualTo("/apiv2/login")).willReturn(aResponse().withHeader("Content-Type", "application/json")
                    .withBody("{\"token\": \"admintoken\"}")));
            dremio.stubFor(post(urlEqualTo("/api/v3/sql")).willReturn(aResponse().withHeader("Content-Type", "application/json")
                    .withBody("{\"id\": \"job-1\"}")));
            dremio.stubFor(get(urlPathEqualTo("/api/v3/job/job-1")).willReturn(aResponse()
                    .withHeader("Content-Type", "application/json").withBody("{\"jobState\": \"COMPLETED\", \"rowCount\": 0}")));
            RdwConfig cfg = RdwConfig.builder().noFile().environment(Map.of("DREMIO_ADMIN_USERNAME", "admin",
                    "DREMIO_ADMIN_PASSWORD", "admin-secret-pw", "DREMIO_URL", "http://127.0.0.1:" + dremio.port(),
                    "DREMIO_USERNAME", "ana", "DREMIO_PASSWORD", "x", "DREMIO_SOURCE", "lake")).warehouse(dir.resolve("wh"))
                    .build();
            try (WarehouseClient dw = WarehouseClient.builder().config(cfg).build()) {
                ObjectInfo raw = dw.bucket(Layer.BRONZE).upload(Files.writeString(dir.resolve("rides.csv"), DATA), "project1");
                List<String> table = Pipelines.on(dw).runOnDremio(Pipeline.clean(), raw.key(),
                        List.of("lake", "dw-bucket-silver", "project1", "rides_clean"));
                assertThat(table).containsExactly("lake", "dw-bucket-silver", "project1", "rides_clean");
                String from = "FROM \\\"lake\\\".\\\"dw-bucket-bronze\\\".\\\"project1\\\"";
                dremio.verify(postRequestedFor(urlEqualTo("/api/v3/sql"))
                        .withHeader("Authorization", equalTo("_dremiaadmintoken".replace("dremia", "dremio")))
                        .withRequestBody(containing("CREATE TABLE \\\"lake\\\".\\\"dw-bucket-silver\\\".\\\"project1\\\".\\\"rides_clean\\\" AS WITH s0 AS"))
                        .withRequestBody(containing(from)));
            }
        } finally {
            dremio.stop();
        }
    }

    @Test
    void recordsWhatMlPrepDidBesideTheSilverObjectInOneEvent() throws Exception {
        RdwConfig cfg = RdwConfig.builder().noFile().environment(Map.of()).warehouse(dir.resolve("wh")).build();
        try (WarehouseClient dw = WarehouseClient.builder().config(cfg).build()) {
            ObjectInfo raw = dw.bucket(Layer.BRONZE).upload(Files.writeString(dir.resolve("rides.csv"), DATA), "project1");
            PipelineResult r = Pipelines.on(dw).mlPrep(raw.key());
            ObjectInfo silver = r.silverObject().orElseThrow();
            assertThat(silver.key()).endsWith("_prepared.parquet");
            assertThat(silver.metadata()).containsKey("pipeline-stats").containsEntry("pipeline-stats-object",
                    io.redback.rdw.Bucket.sidecarKey(silver.key(), "pipeline.json"));
            Map<?, ?> sidecar = Json.MAPPER.readValue(dw.bucket(Layer.SILVER).open(io.redback.rdw.Bucket.sidecarKey(silver.key(), "pipeline.json")), Map.class);
            assertThat(sidecar.get("source")).isEqualTo(raw.ref().toString());
            assertThat(sidecar.get("source_sha256")).isEqualTo(raw.sha256().orElseThrow());
            @SuppressWarnings("unchecked")
            Map<String, Object> mlPrep = (Map<String, Object>) ((Map<?, ?>) sidecar.get("stats")).get("ml_prep");
            assertThat(mlPrep).containsKeys("Speed km/h", "Heart Rate");
            List<ProvenanceEvent> events = dw.provenance(ProvenanceQuery.all().layer(Layer.SILVER));
            assertThat(events).singleElement().satisfies(e -> assertThat(e.customMetadata())
                    .containsEntry("companion_object", "silver:" + io.redback.rdw.Bucket.sidecarKey(silver.key(), "pipeline.json")));
            assertThat(Pipelines.on(dw).mlPrep(raw.key()).reused()).isTrue();
        }
    }
}
