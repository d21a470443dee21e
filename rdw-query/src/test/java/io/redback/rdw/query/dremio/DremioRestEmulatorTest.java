package io.redback.rdw.query.dremio;

import com.fasterxml.jackson.databind.JsonNode;
import io.redback.rdw.Layer;
import io.redback.rdw.RdwConfig;
import io.redback.rdw.WarehouseClient;
import io.redback.rdw.helpers.Json;
import io.redback.rdw.query.CalciteSqlGuard;
import io.redback.rdw.query.embedded.EmbeddedQueryEngine;
import io.redback.rdw.spi.ObjectStore;
import io.redback.rdw.storage.LocalObjectStoreProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The REST emulator answers as Dremio's server does: the submission only creates the job, the job's state is polled,
 * results come a page at a time (at most 500 rows, 100 by default) and only once the job has completed.
 */
class DremioRestEmulatorTest {
    private static final String ROWS = "SELECT n, label FROM \"dw-bucket-silver\".\"p1\".\"rows.parquet\" ORDER BY n";

    @TempDir
    Path dir;
    EmbeddedQueryEngine engine;
    DremioRestEmulator rest;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        RdwConfig config = RdwConfig.builder().noFile().environment(Map.of()).warehouse(dir).build();
        ObjectStore store = new LocalObjectStoreProvider().open(config);
        Path file = dir.resolve("rows.parquet");
        try (Connection db = DriverManager.getConnection("jdbc:duckdb:"); Statement st = db.createStatement()) {
            st.execute("COPY (SELECT i AS n, 'row ' || i AS label FROM range(10000) t(i)) TO '" + file + "' (FORMAT parquet)");
        }
        try (WarehouseClient dw = WarehouseClient.builder().config(config).objectStore(store).build()) {
            dw.bucket(Layer.SILVER).put("p1/rows.parquet", file);
        }
        engine = new EmbeddedQueryEngine(config, store);
        rest = new DremioRestEmulator(engine, new CalciteSqlGuard());
    }

    @AfterEach
    void stop() throws Exception {
        rest.close(); // fails if a job or a page kept Arrow memory
        engine.close();
    }

    private Response call(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(rest.url() + path)).header("Authorization", "_dremioemulated-token");
        b = method.equals("POST") ? b.POST(HttpRequest.BodyPublishers.ofString(body == null ? "" : body)) : b.GET();
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Response(r.statusCode(), r.body().isEmpty() ? null : Json.MAPPER.readTree(r.body()));
    }

    private record Response(int status, JsonNode body) {
    }

    private String submit(String sql) throws Exception {
        Response r = call("POST", "/api/v3/sql", Json.MAPPER.writeValueAsString(Map.of("sql", sql)));
        assertThat(r.status()).isEqualTo(200);
        return r.body().get("id").asText();
    }

    /** Polls the job until it ends; a minute is a deadline only a hung job misses. */
    private JsonNode awaitEnd(String id) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (true) {
            JsonNode status = call("GET", "/api/v3/job/" + id, null).body();
            String state = status.get("jobState").asText();
            if (state.equals("COMPLETED") || state.equals("FAILED") || state.equals("CANCELED")) {
                return status;
            }
            assertThat(System.nanoTime()).as("job %s still %s after a minute", id, state).isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    @Test
    void theSubmissionOnlyCreatesTheJobAndResultsWaitUntilItCompletes() throws Exception {
        String id = submit(ROWS + " /* slow job */");
        assertThat(call("GET", "/api/v3/job/" + id, null).body().get("jobState").asText()).isIn("ENQUEUED", "RUNNING");
        Response early = call("GET", "/api/v3/job/" + id + "/results?offset=0&limit=100", null);
        assertThat(early.status()).isEqualTo(400);
        assertThat(early.body().get("errorMessage").asText()).matches("Can not fetch details for a job that is in \\[(ENQUEUED|RUNNING)] state\\.");

        rest.slowJobs.countDown();
        JsonNode done = awaitEnd(id);
        assertThat(done.get("jobState").asText()).as("%s", done).isEqualTo("COMPLETED");
        assertThat(done.get("rowCount").asLong()).isEqualTo(10_000);
    }

    @Test
    void pagesHoldAtMost500RowsAndOneHundredByDefault() throws Exception {
        String id = submit(ROWS);
        awaitEnd(id);
        Response tooMany = call("GET", "/api/v3/job/" + id + "/results?offset=0&limit=501", null);
        assertThat(tooMany.status()).isEqualTo(400);
        assertThat(tooMany.body().get("errorMessage").asText()).isEqualTo("limit can not exceed 500 rows");

        JsonNode first = call("GET", "/api/v3/job/" + id + "/results", null).body();
        assertThat(first.get("rowCount").asLong()).isEqualTo(10_000);
        assertThat(first.get("rows")).hasSize(100);
        assertThat(first.get("schema").get(0).get("name").asText()).isEqualTo("n");
        assertThat(first.get("schema").get(0).get("type").get("name").asText()).isEqualTo("BIGINT");
        assertThat(first.get("schema").get(1).get("type").get("name").asText()).isEqualTo("VARCHAR");

        // a page across two stored batches, and the last page, short
        JsonNode across = call("GET", "/api/v3/job/" + id + "/results?offset=4000&limit=500", null).body();
        assertThat(numbers(across)).containsExactlyElementsOf(LongStream.range(4000, 4500).boxed().toList());
        assertThat(across.get("rows").get(0).get("label").asText()).isEqualTo("row 4000");
        JsonNode last = call("GET", "/api/v3/job/" + id + "/results?offset=9800&limit=500", null).body();
        assertThat(numbers(last)).containsExactlyElementsOf(LongStream.range(9800, 10_000).boxed().toList());
        assertThat(call("GET", "/api/v3/job/" + id + "/results?offset=10000&limit=500", null).body().get("rows")).isEmpty();
    }

    @Test
    void everyPageReadsOnlyTheStoredBatchesThatHoldIt() throws Exception {
        String id = submit(ROWS);
        awaitEnd(id);
        List<Long> all = new ArrayList<>();
        for (long offset = 0; offset < 10_000; offset += 500) {
            all.addAll(numbers(call("GET", "/api/v3/job/" + id + "/results?offset=" + offset + "&limit=500", null).body()));
        }
        assertThat(all).containsExactlyElementsOf(LongStream.range(0, 10_000).boxed().toList());
        assertThat(rest.rowsPaged.get()).isEqualTo(10_000);
        assertThat(rest.peakRowsLoaded.get()).isPositive().isLessThanOrEqualTo(DremioRestEmulator.BATCH_ROWS);
    }

    @Test
    void aQueryThatFailsIsAFailedJobWithTheEnginesMessage() throws Exception {
        String id = submit("SELECT * FROM \"dw-bucket-silver\".\"p1\".\"nope.parquet\"");
        JsonNode status = awaitEnd(id);
        assertThat(status.get("jobState").asText()).isEqualTo("FAILED");
        assertThat(status.get("errorMessage").asText()).isNotBlank();
        assertThat(call("GET", "/api/v3/job/" + id + "/results", null).status()).isEqualTo(400);
        assertThat(call("GET", "/api/v3/job/no-such-job", null).status()).isEqualTo(404);
    }

    @Test
    void aRunningJobCanBeCancelledOnce() throws Exception {
        String id = submit(ROWS + " /* slow job */");
        assertThat(call("POST", "/api/v3/job/" + id + "/cancel", null).status()).isEqualTo(204);
        rest.slowJobs.countDown();
        JsonNode status = awaitEnd(id);
        assertThat(status.get("jobState").asText()).isEqualTo("CANCELED");
        assertThat(status.get("cancellationReason").asText()).contains("cancelled");
        assertThat(call("POST", "/api/v3/job/" + id + "/cancel", null).status()).isEqualTo(400);
    }

    private static List<Long> numbers(JsonNode page) {
        List<Long> out = new ArrayList<>();
        page.get("rows").forEach(r -> out.add(r.get("n").asLong()));
        return out;
    }
}
