package io.redback.rdw.etl;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.redback.rdw.Layer;
import io.redback.rdw.ObjectInfo;
import io.redback.rdw.ProvenanceEvent;
import io.redback.rdw.ProvenanceQuery;
import io.redback.rdw.RdwConfig;
import io.redback.rdw.WarehouseClient;
import io.redback.rdw.helpers.Json;
import io.redback.rdw.query.embedded.DuckDb;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
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

    private final RdwConfig config = RdwConfig.builder().noFile().environment(Map.of()).build();

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

    /** Every row of a query as text, in order; timestamps compared as instants. */
    private static List<String> rows(Statement st, String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (ResultSet r = st.executeQuery(sql)) {
            int n = r.getMetaData().getColumnCount();
            while (r.next()) {
                StringBuilder b = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    Object v = r.getObject(i);
                    if (v instanceof java.time.OffsetDateTime t) {
                        v = t.toInstant();
                    } else if (v instanceof java.sql.Timestamp t) {
                        v = t.toLocalDateTime().toInstant(java.time.ZoneOffset.UTC);
                    }
                    b.append(v).append('|');
                }
                out.add(b.toString());
            }
        }
        return out;
    }

    private void assertSqlFormMatchesLocalRun(Pipeline pipeline) throws Exception {
        Path in = Files.writeString(dir.resolve("rides.csv"), DATA);
        Path local = dir.resolve("local-" + pipeline.name() + ".parquet");
        Pipelines.run(pipeline, in, local, config, o -> { });
        // Dremio reads a CSV with its header as text columns: the same relation here, for DuckDB
        String text = "read_csv(" + DuckDb.quote(in.toString()) + ", header = true, all_varchar = true, auto_detect = false, "
                + "columns = {'Record ID': 'VARCHAR', ' User Name ': 'VARCHAR', 'Device-Type': 'VARCHAR', 'Speed km/h': 'VARCHAR', "
                + "'Heart Rate': 'VARCHAR', 'Empty': 'VARCHAR', 'Is Active': 'VARCHAR', 'When': 'VARCHAR'}, nullstr = ['<no null marker>'])";
        String sql = Pipelines.sql(pipeline, in, text, config);
        assertThat(sql).startsWith("WITH ").doesNotContain("rowid", "GROUP BY ALL", "EXCLUDE");
        try (Connection db = DuckDb.open(config, null, dir, List.of()); Statement st = db.createStatement()) {
            List<String> expected = rows(st, "SELECT * FROM read_parquet(" + DuckDb.quote(local.toString()) + ")");
            List<String> actual = rows(st, sql);
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
                    silver.key().replace(".parquet", ".pipeline.json"));
            Map<?, ?> sidecar = Json.MAPPER.readValue(dw.bucket(Layer.SILVER).open(silver.key().replace(".parquet", ".pipeline.json")), Map.class);
            assertThat(sidecar.get("source")).isEqualTo(raw.ref().toString());
            assertThat(sidecar.get("source_sha256")).isEqualTo(raw.sha256().orElseThrow());
            @SuppressWarnings("unchecked")
            Map<String, Object> mlPrep = (Map<String, Object>) ((Map<?, ?>) sidecar.get("stats")).get("ml_prep");
            assertThat(mlPrep).containsKeys("Speed km/h", "Heart Rate");
            List<ProvenanceEvent> events = dw.provenance(ProvenanceQuery.all().layer(Layer.SILVER));
            assertThat(events).singleElement().satisfies(e -> assertThat(e.customMetadata())
                    .containsEntry("companion_object", "silver:" + silver.key().replace(".parquet", ".pipeline.json")));
            assertThat(Pipelines.on(dw).mlPrep(raw.key()).reused()).isTrue();
        }
    }
}
