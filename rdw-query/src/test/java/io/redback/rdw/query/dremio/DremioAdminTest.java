package io.redback.rdw.query.dremio;

import io.redback.rdw.ConfigurationException;
import io.redback.rdw.Health;
import io.redback.rdw.InvalidInputException;
import io.redback.rdw.NotFoundException;
import io.redback.rdw.RdwConfig;
import io.redback.rdw.WarehouseClient;
import io.redback.rdw.spi.DatasetAdmin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.redback.rdw.query.dremio.DremioStub.completed;
import static io.redback.rdw.query.dremio.DremioStub.state;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DremioAdminTest {
    private static final String RIDES_ID = "dremio:/lake/project1/2025/rides.parquet";
    private static final String RIDES_ID_ENCODED = "dremio%3A%2Flake%2Fproject1%2F2025%2Frides.parquet";
    private static final String VIEW_SQL =
            "CREATE OR REPLACE VIEW \"analytics\".\"rides\" AS SELECT * FROM \"lake\".\"project1\".\"2025\".\"rides.parquet\"";

    private static DremioStub dremio;

    @BeforeAll
    static void start() {
        dremio = new DremioStub();
    }

    @AfterAll
    static void stop() {
        dremio.close();
    }

    @BeforeEach
    void reset() {
        dremio.reset();
        dremio.login("admintok");
    }

    private void file(String path, String id) {
        dremio.server.stubFor(get(urlEqualTo("/api/v3/catalog/by-path/" + path)).willReturn(okJson(
                "{\"entityType\":\"file\",\"id\":\"" + id + "\",\"path\":" + pathJson(path) + "}")));
    }

    private static String pathJson(String path) {
        return "[\"" + String.join("\",\"", path.split("/")) + "\"]";
    }

    private void promotion(String encodedId) {
        dremio.server.stubFor(post(urlEqualTo("/api/v3/catalog/" + encodedId)).willReturn(okJson(
                "{\"entityType\":\"dataset\",\"id\":\"c9c11d32-0576-4200-5a5b-8c7229cb3d72\",\"type\":\"PHYSICAL_DATASET\"}")));
    }

    @Test
    void promotesAParquetFileThenCreatesTheView() {
        file("lake/project1/2025/rides.parquet", RIDES_ID);
        promotion(RIDES_ID_ENCODED);
        dremio.job("v1", VIEW_SQL, state("RUNNING"), completed(1));
        try (DremioAdmin admin = new DremioAdmin(dremio.settings())) {
            assertThat(admin.register(List.of("lake", "project1", "2025", "rides.parquet"), List.of("analytics", "rides")))
                    .containsExactly("analytics", "rides");
        }
        dremio.server.verify(1, postRequestedFor(urlEqualTo("/api/v3/catalog/" + RIDES_ID_ENCODED))
                .withHeader("Authorization", equalTo("_dremioadmintok"))
                .withRequestBody(equalToJson("""
                        {"entityType": "dataset", "id": "dremio:/lake/project1/2025/rides.parquet",
                         "path": ["lake", "project1", "2025", "rides.parquet"], "type": "PHYSICAL_DATASET",
                         "format": {"type": "Parquet"}}""")));
        dremio.server.verify(1, postRequestedFor(urlEqualTo("/api/v3/sql")).withRequestBody(equalToJson(
                "{\"sql\": \"" + VIEW_SQL.replace("\"", "\\\"") + "\"}")));
        dremio.server.verify(1, postRequestedFor(urlEqualTo("/apiv2/login")));
    }

    @Test
    void promotesACsvFileAsTextWithAHeaderLine() {
        String id = "dremio:/lake/project1/2025/t1 rides/rides.csv";
        file("lake/project1/2025/t1%20rides/rides.csv", id);
        promotion("dremio%3A%2Flake%2Fproject1%2F2025%2Ft1%20rides%2Frides.csv");
        String sql = "CREATE OR REPLACE VIEW \"analytics\".\"rides\" AS SELECT * FROM \"lake\".\"project1\".\"2025\".\"t1 rides\".\"rides.csv\"";
        dremio.job("v2", sql, completed(1));
        try (DremioAdmin admin = new DremioAdmin(dremio.settings())) {
            admin.register(List.of("lake", "project1", "2025", "t1 rides", "rides.csv"), List.of("analytics", "rides"));
        }
        dremio.server.verify(postRequestedFor(urlPathMatching("/api/v3/catalog/dremio.*"))
                .withRequestBody(matchingJsonPath("$.format.type", equalTo("Text")))
                .withRequestBody(matchingJsonPath("$.format.fieldDelimiter", equalTo(",")))
                .withRequestBody(matchingJsonPath("$.format.extractHeader", equalTo("true")))
                .withRequestBody(matchingJsonPath("$.type", equalTo("PHYSICAL_DATASET"))));
    }

    @Test
    void promotesAFolderInTheFormatOfItsFiles() {
        dremio.server.stubFor(get(urlEqualTo("/api/v3/catalog/by-path/lake/project1/2025")).willReturn(okJson("""
                {"entityType": "folder", "id": "dremio:/lake/project1/2025", "path": ["lake", "project1", "2025"],
                 "children": [
                   {"id": "dremio:/lake/project1/2025/a.json", "path": ["lake", "project1", "2025", "a.json"], "type": "FILE"},
                   {"id": "dremio:/lake/project1/2025/b.JSON", "path": ["lake", "project1", "2025", "b.JSON"], "type": "FILE"}
                 ]}""")));
        promotion("dremio%3A%2Flake%2Fproject1%2F2025");
        dremio.job("v3", "CREATE OR REPLACE VIEW \"analytics\".\"y2025\" AS SELECT * FROM \"lake\".\"project1\".\"2025\"", completed(1));
        try (DremioAdmin admin = new DremioAdmin(dremio.settings())) {
            admin.register(List.of("lake", "project1", "2025"), List.of("analytics", "y2025"));
        }
        dremio.server.verify(postRequestedFor(urlEqualTo("/api/v3/catalog/dremio%3A%2Flake%2Fproject1%2F2025"))
                .withRequestBody(matchingJsonPath("$.format.type", equalTo("JSON"))));
    }

    @Test
    void anExistingDatasetIsNotPromotedAgain() {
        dremio.server.stubFor(get(urlEqualTo("/api/v3/catalog/by-path/lake/project1/2025/rides.parquet")).willReturn(okJson("""
                {"entityType": "dataset", "id": "c9c11d32-0576-4200-5a5b-8c7229cb3d72", "type": "PHYSICAL_DATASET",
                 "path": ["lake", "project1", "2025", "rides.parquet"], "tag": "cb2905bb",
                 "format": {"type": "Parquet", "name": "rides.parquet", "isFolder": false}}""")));
        dremio.job("v4", VIEW_SQL, completed(1));
        try (DremioAdmin admin = new DremioAdmin(dremio.settings())) {
            admin.register(List.of("lake", "project1", "2025", "rides.parquet"), List.of("analytics", "rides"));
        }
        dremio.server.verify(0, postRequestedFor(urlPathMatching("/api/v3/catalog/.*")));
        dremio.server.verify(1, postRequestedFor(urlEqualTo("/api/v3/sql")));
    }

    @Test
    void aViewThatExistsAlreadyIsReportedWithDremiosMessage() {
        file("lake/project1/2025/rides.parquet", RIDES_ID);
        promotion(RIDES_ID_ENCODED);
        dremio.job("v5", VIEW_SQL, "{\"jobState\":\"FAILED\",\"errorMessage\":\"A view with given name [analytics.rides] already exists\"}");
        try (DremioAdmin admin = new DremioAdmin(dremio.settings())) {
            assertThatThrownBy(() -> admin.register(List.of("lake", "project1", "2025", "rides.parquet"),
                    List.of("analytics", "rides"))).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("already exists");
        }
    }

    @Test
    void unknownFormatsAndMissingPathsAreRefusedBeforeAnyChange() {
        file("lake/project1/notes.xlsx", "dremio:/lake/project1/notes.xlsx");
        dremio.server.stubFor(get(urlEqualTo("/api/v3/catalog/by-path/lake/nope")).willReturn(aResponse().withStatus(404)
                .withBody("{\"errorMessage\":\"Could not find entity with path [[lake, nope]]\"}")));
        try (DremioAdmin admin = new DremioAdmin(dremio.settings())) {
            assertThatThrownBy(() -> admin.register(List.of("lake", "project1", "notes.xlsx"), List.of("analytics", "notes")))
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining(".xlsx");
            assertThatThrownBy(() -> admin.register(List.of("lake", "nope"), List.of("analytics", "nope")))
                    .isInstanceOf(NotFoundException.class).hasMessageContaining("\"lake\".\"nope\"");
            assertThatThrownBy(() -> admin.register(List.of("lake"), List.of("analytics", "x")))
                    .isInstanceOf(InvalidInputException.class);
        }
        dremio.server.verify(0, postRequestedFor(urlPathMatching("/api/v3/(catalog|sql).*")));
    }

    @Test
    void usesTheAdministratorsOwnSettings() {
        RdwConfig config = RdwConfig.builder().noFile().environment(Map.of()).systemProperties(new Properties())
                .set("rdw.dremio.url", dremio.url())
                .set("rdw.dremio.username", "analyst").set("rdw.dremio.password", "user-pw")
                .set("rdw.dremio.admin-username", "analyst").set("rdw.dremio.admin-password", "admin-pw").build();
        dremio.server.stubFor(post(urlEqualTo("/apiv2/login")).willReturn(aResponse().withStatus(401)
                .withBody("{\"errorMessage\":\"Login was unsuccessful\"}")));
        try (DremioAdmin admin = new DremioAdmin(config)) {
            assertThatThrownBy(() -> admin.register(List.of("lake", "x.parquet"), List.of("analytics", "x")))
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("DREMIO_ADMIN_USERNAME").hasMessageContaining("DREMIO_ADMIN_PASSWORD")
                    .hasMessageNotContaining("admin-pw");
            assertThat(admin.toString()).doesNotContain("admin-pw");
        }
        dremio.server.verify(postRequestedFor(urlEqualTo("/apiv2/login"))
                .withRequestBody(matchingJsonPath("$.password", equalTo("admin-pw"))));
    }

    @Test
    void healthIsDownNamingTheAdministratorsSettingsWhenDremioRefusesThem() {
        RdwConfig config = RdwConfig.builder().noFile().environment(Map.of()).systemProperties(new Properties())
                .set("rdw.dremio.url", dremio.url()).set("rdw.dremio.username", "analyst").set("rdw.dremio.password", "user-pw")
                .set("rdw.dremio.admin-username", "nobody").set("rdw.dremio.admin-password", "wrong-Admin-pw").build();
        dremio.server.stubFor(post(urlEqualTo("/apiv2/login")).withRequestBody(matchingJsonPath("$.userName", equalTo("nobody")))
                .willReturn(aResponse().withStatus(401).withBody("{\"errorMessage\":\"Login was unsuccessful\"}")));
        try (DatasetAdmin admin = new DremioDatasetAdmin(config)) {
            Health health = admin.health();

            assertThat(health.status()).isEqualTo(Health.Status.DOWN);
            assertThat(health.component()).isEqualTo("query-admin");
            assertThat(health.backend()).contains(dremio.url());
            assertThat(health.message()).contains("DREMIO_ADMIN_USERNAME", "DREMIO_ADMIN_PASSWORD")
                    .doesNotContain("wrong-Admin-pw");
        }
        dremio.server.verify(0, getRequestedFor(urlEqualTo("/api/v3/catalog")));
    }

    @Test
    void healthSaysNoAdministratorIsConfiguredWithoutCallingDremio() {
        RdwConfig config = RdwConfig.builder().noFile().environment(Map.of()).systemProperties(new Properties())
                .set("rdw.dremio.url", dremio.url()).set("rdw.dremio.username", "analyst")
                .set("rdw.dremio.password", "user-pw").build();
        try (DatasetAdmin admin = new DremioDatasetAdmin(config)) {
            Health health = admin.health();

            // optional settings, not a fault: rdw doctor shows it without failing
            assertThat(health.status()).isEqualTo(Health.Status.UNKNOWN);
            assertThat(health.message()).contains("DREMIO_ADMIN_USERNAME", "rdw register").doesNotContain("user-pw");
        }
        dremio.server.verify(0, postRequestedFor(urlEqualTo("/apiv2/login")));
    }

    @Test
    void healthIsUpWhenTheAdministratorReadsTheCatalog() {
        RdwConfig config = RdwConfig.builder().noFile().environment(Map.of()).systemProperties(new Properties())
                .set("rdw.dremio.url", dremio.url()).set("rdw.dremio.token", "user-token")
                .set("rdw.dremio.admin-username", DremioStub.USER)
                .set("rdw.dremio.admin-password", "admin-pw").build();
        dremio.server.stubFor(get(urlEqualTo("/api/v3/catalog")).willReturn(okJson("""
                {"data": [{"id": "7f1c4a2e-0001", "path": ["lake"], "type": "CONTAINER", "containerType": "SOURCE"}]}""")));
        try (DatasetAdmin admin = new DremioDatasetAdmin(config)) {
            Health health = admin.health();

            assertThat(health.status()).as(health.message()).isEqualTo(Health.Status.UP);
            assertThat(health.message()).contains("1 top-level entries");
        }
        dremio.server.verify(1, getRequestedFor(urlEqualTo("/api/v3/catalog"))
                .withHeader("Authorization", equalTo("_dremioadmintok")));
    }

    /** A client of the embedded warehouse whose query engine is this Dremio. */
    private static WarehouseClient client(Path folder, Map<String, String> environment) {
        return WarehouseClient.builder().config(RdwConfig.builder().noFile().environment(environment)
                .systemProperties(new Properties()).warehouse(folder).set(RdwConfig.QUERY, "dremio").build()).build();
    }

    @Test
    void isTheClientsDatasetAdminAndNamesObjectsThroughTheSource(@TempDir Path dir) {
        file("lake/project1/2025/rides.parquet", RIDES_ID);
        promotion(RIDES_ID_ENCODED);
        dremio.job("v1", VIEW_SQL, completed(1));
        try (WarehouseClient dw = client(dir, Map.of("DREMIO_URL", dremio.url(), "DREMIO_SOURCE", "lake",
                "DREMIO_USERNAME", "analyst", "DREMIO_PASSWORD", "user-pw",
                "DREMIO_ADMIN_USERNAME", DremioStub.USER, "DREMIO_ADMIN_PASSWORD", "admin-pw"))) {
            DatasetAdmin admin = dw.context().datasetAdmin();
            assertThat(admin.describe()).contains(dremio.url()).doesNotContain("admin-pw");
            assertThat(admin.path("dw-bucket-silver", "project1/2025/")).containsExactly("lake", "dw-bucket-silver", "project1", "2025");
            List<String> source = admin.path("project1", "2025/rides.parquet");
            assertThat(source).containsExactly("lake", "project1", "2025", "rides.parquet");
            assertThat(admin.register(source, List.of("analytics", "rides"))).containsExactly("analytics", "rides");
            assertThatThrownBy(() -> admin.path("dw-bucket-silver", "../etc/passwd")).isInstanceOf(InvalidInputException.class);
        }
        dremio.server.verify(1, postRequestedFor(urlEqualTo("/api/v3/catalog/" + RIDES_ID_ENCODED))
                .withHeader("Authorization", equalTo("_dremioadmintok")));
    }

    @Test
    void namesPathsWithoutAdministratorCredentialsAndAsksForThemOnTheFirstChange(@TempDir Path dir) {
        try (WarehouseClient dw = client(dir, Map.of("DREMIO_URL", dremio.url(), "DREMIO_USERNAME", "analyst",
                "DREMIO_PASSWORD", "user-pw"))) {
            DatasetAdmin admin = dw.context().datasetAdmin();
            assertThat(admin.path("dw-bucket-bronze", "p/rides.csv")).containsExactly("dw-bucket-bronze", "p", "rides.csv");
            assertThatThrownBy(() -> admin.createTableAs(List.of("lake", "t"), "SELECT 1"))
                    .isInstanceOf(ConfigurationException.class).hasMessageContaining("DREMIO_ADMIN_USERNAME");
        }
        dremio.server.verify(0, postRequestedFor(urlPathMatching("/api/v3/.*")));
    }
}
