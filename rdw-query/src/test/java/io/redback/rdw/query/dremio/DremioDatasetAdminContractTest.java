package io.redback.rdw.query.dremio;

import io.redback.rdw.RdwConfig;
import io.redback.rdw.spi.DatasetAdmin;
import io.redback.rdw.spi.DatasetAdminProvider;
import io.redback.rdw.spi.Provider;
import io.redback.rdw.tck.DatasetAdminContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.ServiceLoader;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.moreThanOrExactly;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

/**
 * The dataset admin contract on Dremio's administrator operations, found by {@link ServiceLoader} as the provider named
 * {@code dremio} and configured by {@code rdw.dremio.*} settings that point at a stand-in Dremio REST server: catalog
 * entities by path, promotion with {@code POST /api/v3/catalog/{id}}, SQL jobs with {@code POST /api/v3/sql} and their
 * polling, in the shapes of Dremio's API documentation.
 */
class DremioDatasetAdminContractTest extends DatasetAdminContract {
    private static final String ADMIN_PASSWORD = "admin-Secret-456";
    private static final String USER_PASSWORD = "user-Secret-789";
    private static final String TOKEN = "admintok";

    private static DremioStub dremio;

    @BeforeAll
    static void start() {
        dremio = new DremioStub();
    }

    @AfterAll
    static void stop() {
        dremio.close();
    }

    @Override
    protected DatasetAdmin createAdmin() {
        dremio.reset();
        dremio.login(TOKEN);
        dremio.server.stubFor(get(urlEqualTo("/api/v3/catalog")).willReturn(okJson("""
                {"data": [
                  {"id": "7f1c4a2e-0001", "path": ["lake"], "tag": "t1", "type": "CONTAINER", "containerType": "SOURCE"},
                  {"id": "7f1c4a2e-0002", "path": ["analytics"], "tag": "t2", "type": "CONTAINER", "containerType": "SPACE"}
                ]}""")));
        // every statement becomes a job that runs, then completes
        dremio.server.stubFor(post(urlEqualTo("/api/v3/sql")).willReturn(okJson("{\"id\":\"job-1\"}")));
        dremio.server.stubFor(get(urlEqualTo("/api/v3/job/job-1")).willReturn(okJson(DremioStub.completed(0))));
        RdwConfig config = RdwConfig.builder().noFile().environment(Map.of()).systemProperties(new Properties())
                .set("rdw.dremio.url", dremio.url()).set("rdw.dremio.source", "lake")
                .set("rdw.dremio.username", "reader").set("rdw.dremio.password", USER_PASSWORD)
                .set("rdw.dremio.admin-username", DremioStub.USER).set("rdw.dremio.admin-password", ADMIN_PASSWORD)
                .set("rdw.dremio.timeout", "10s").build();
        return provider().open(config);
    }

    private static DatasetAdminProvider provider() {
        for (Provider p : ServiceLoader.load(Provider.class)) {
            if (p instanceof DatasetAdminProvider admin && admin.name().equals("dremio")) {
                return admin;
            }
        }
        throw new AssertionError("no dataset admin provider named dremio is registered");
    }

    @Override
    protected Collection<String> secrets() {
        return List.of(ADMIN_PASSWORD, USER_PASSWORD, TOKEN);
    }

    private static String byPath(List<String> path) {
        StringBuilder url = new StringBuilder("/api/v3/catalog/by-path");
        path.forEach(s -> url.append('/').append(DremioHttp.encode(s)));
        return url.toString();
    }

    private static String id(List<String> path) {
        return "dremio:/" + String.join("/", path);
    }

    private static String json(List<String> path) {
        return "[\"" + String.join("\", \"", path) + "\"]";
    }

    /** Dremio answers the promotion of the entity {@code id} with the new dataset. */
    private static void promotion(List<String> path) {
        dremio.server.stubFor(post(urlEqualTo("/api/v3/catalog/" + DremioHttp.encode(id(path)))).willReturn(okJson(
                "{\"entityType\": \"dataset\", \"id\": \"c9c11d32-0576-4200-5a5b-8c7229cb3d72\", \"type\": "
                        + "\"PHYSICAL_DATASET\", \"path\": " + json(path) + "}")));
    }

    @Override
    protected void givenFile(List<String> path) {
        dremio.server.stubFor(get(urlEqualTo(byPath(path))).willReturn(okJson(
                "{\"entityType\": \"file\", \"id\": \"" + id(path) + "\", \"path\": " + json(path) + "}")));
        promotion(path);
    }

    @Override
    protected void givenFolder(List<String> path, List<String> fileNames) {
        StringBuilder children = new StringBuilder();
        for (String name : fileNames) {
            List<String> file = new java.util.ArrayList<>(path);
            file.add(name);
            children.append(children.isEmpty() ? "" : ", ").append("{\"id\": \"").append(id(file))
                    .append("\", \"path\": ").append(json(file)).append(", \"type\": \"FILE\"}");
        }
        dremio.server.stubFor(get(urlEqualTo(byPath(path))).willReturn(okJson("{\"entityType\": \"folder\", \"id\": \""
                + id(path) + "\", \"path\": " + json(path) + ", \"children\": [" + children + "]}")));
        promotion(path);
    }

    @Override
    protected void givenNothingAt(List<String> path) {
        dremio.server.stubFor(get(urlEqualTo(byPath(path))).willReturn(aResponse().withStatus(404).withBody(
                "{\"errorMessage\": \"Could not find entity with path [" + path + "]\", \"moreInfo\": \"\"}")));
    }

    /** The source was promoted (as the administrator), then the view created over it. */
    @Override
    protected void assertViewCreated(List<String> viewPath, List<String> sourcePath) {
        dremio.server.verify(moreThanOrExactly(1), postRequestedFor(urlEqualTo("/api/v3/catalog/"
                + DremioHttp.encode(id(sourcePath)))).withHeader("Authorization", equalTo("_dremio" + TOKEN))
                .withRequestBody(matchingJsonPath("$.type", equalTo("PHYSICAL_DATASET"))));
        dremio.server.verify(moreThanOrExactly(1), postRequestedFor(urlEqualTo("/api/v3/sql"))
                .withRequestBody(matchingJsonPath("$.sql", equalTo("CREATE OR REPLACE VIEW " + DremioHttp.quoted(viewPath)
                        + " AS SELECT * FROM " + DremioHttp.quoted(sourcePath)))));
    }

    @Override
    protected void assertTableCreated(List<String> table, String query) {
        dremio.server.verify(1, postRequestedFor(urlEqualTo("/api/v3/sql")).withRequestBody(matchingJsonPath("$.sql",
                equalTo("CREATE TABLE " + DremioHttp.quoted(table) + " AS " + query))));
    }

    @Override
    protected void assertNothingChanged() {
        dremio.server.verify(0, postRequestedFor(urlPathMatching("/api/v3/(catalog|sql).*")));
    }
}
