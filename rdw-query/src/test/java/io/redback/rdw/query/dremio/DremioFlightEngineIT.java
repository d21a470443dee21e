package io.redback.rdw.query.dremio;

import io.redback.rdw.ConfigurationException;
import io.redback.rdw.QueryResult;
import io.redback.rdw.RdwConfig;
import io.redback.rdw.Secret;
import io.redback.rdw.WarehouseClient;
import io.redback.rdw.tck.QueryEngineContract;
import io.redback.rdw.tck.MemoryProvenanceSink;
import io.redback.rdw.query.ArrowBatches;
import io.redback.rdw.query.CalciteSqlGuard;
import io.redback.rdw.query.embedded.EmbeddedQueryEngine;
import io.redback.rdw.spi.ObjectStore;
import io.redback.rdw.spi.QueryEngine;
import io.redback.rdw.storage.LocalObjectStoreProvider;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The query-engine contract, unchanged, over Arrow Flight SQL: a real Flight SQL server on loopback answers with the
 * embedded engine's rows, so these are real queries over real files, sent as Arrow batches.
 */
class DremioFlightEngineIT extends QueryEngineContract {
    FlightSqlTestServer server;
    DremioFlightEngine engine;

    static DremioSettings settings(int port, String password) {
        return new DremioSettings(URI.create("http://127.0.0.1:9047"), FlightSqlTestServer.USER, Secret.of(password),
                null, "127.0.0.1", port, false, Duration.ofSeconds(30));
    }

    @Override
    protected ObjectStore createStore(RdwConfig config) {
        return new LocalObjectStoreProvider().open(config);
    }

    @Override
    protected QueryEngine createEngine(RdwConfig config, ObjectStore store) throws Exception {
        server = new FlightSqlTestServer(new EmbeddedQueryEngine(config, store), new CalciteSqlGuard());
        engine = new DremioFlightEngine(settings(server.port(), FlightSqlTestServer.PASSWORD));
        return engine;
    }

    /** Waits until the client's results have given back their Arrow memory; a leak fails with what is still held. */
    private void awaitClientReleased() {
        long deadline = System.nanoTime() + FlightSqlTestServer.RELEASE_DEADLINE.toNanos();
        while (engine.allocatedMemory() > 0 && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(10_000_000L);
        }
        assertThat(engine.allocatedMemory()).as("Arrow bytes the client still holds after its results closed").isZero();
    }

    @AfterEach
    void stopServer() throws Exception {
        server.close();
    }

    @Test
    void logsInOnceAndEchoesTheSessionCookie() {
        for (int i = 0; i < 3; i++) {
            assertThat(client.query("SELECT count(*) AS n FROM " + RIDES).toList().get(0).getLong("n")).isEqualTo(6L);
        }
        assertThat(server.statements).hasSize(3);
        assertThat(server.callsWithCookie.get()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void refusedStatementsNeverReachTheServer() {
        assertThatThrownBy(() -> client.query("DROP TABLE " + RIDES)).hasMessageStartingWith("query refused");
        assertThatThrownBy(() -> client.query("SELECT 1; SELECT 2")).hasMessageStartingWith("query refused");
        assertThat(server.statements).isEmpty();
    }

    @Test
    void streamsArrowBatchesToPowerUsers() {
        try (QueryResult r = client.query("SELECT * FROM " + RIDES)) {
            ArrowBatches batches = r.unwrap(ArrowBatches.class).orElseThrow();
            int rows = 0;
            while (batches.nextBatch()) {
                VectorSchemaRoot root = batches.batch();
                assertThat(root.getSchema().getFields()).hasSize(6);
                rows += root.getRowCount();
            }
            assertThat(rows).isEqualTo(6);
        }
    }

    @Test
    void cancelsTheServersStreamWhenClosedEarly() throws Exception {
        StringBuilder many = new StringBuilder("SELECT * FROM " + RIDES + " a0");
        for (int i = 1; i < 8; i++) {
            many.append(", ").append(RIDES).append(" a").append(i); // 6^8 rows: far more than one batch
        }
        try (QueryResult r = client.query(many.toString())) {
            Iterator<io.redback.rdw.Row> it = r.iterator();
            assertThat(it.hasNext()).isTrue();
        }
        // the server notices the cancellation on its own thread: wait for it, with a deadline only a hung server misses;
        // stopServer() then checks that the cancelled stream released every buffer
        assertThat(server.cancellation.await(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(server.cancelled).hasValue(1);
        awaitClientReleased();
        assertThat(client.query("SELECT count(*) AS n FROM " + RIDES).toList().get(0).getLong("n")).isEqualTo(6L);
    }

    @Test
    void answersDremiosWholeTextRegexpLikeAsDremioDoes() {
        String match = DremioDialect.INSTANCE.fullMatch("device", "g[a-z]+");
        String sql = "SELECT device, " + match + " AS whole, REGEXP_LIKE(device, 'arm') AS part, "
                + "'regexp_like(a, b)' AS \"REGEXP_LIKE(\" FROM " + RIDES + " /* REGEXP_LIKE( */ ORDER BY id";
        List<io.redback.rdw.Row> rows = client.query(sql).toList();
        assertThat(rows).hasSize(6);
        for (io.redback.rdw.Row r : rows) {
            String device = r.getString("device");
            assertThat(r.get("whole")).as(device).isEqualTo(device == null ? null : device.matches("g[a-z]+"));
            assertThat(r.get("part")).as("a part of the text is no match").isEqualTo(device == null ? null : false);
            assertThat(r.getString("REGEXP_LIKE(")).isEqualTo("regexp_like(a, b)");
        }
        assertThat(rows).extracting(r -> r.get("whole")).contains(true, false);
        assertThat(server.statements).containsExactly(sql); // the server was sent Dremio's spelling
    }

    @Test
    void resultsClosedEarlyGiveBackTheirBuffers() {
        for (int i = 0; i < 20; i++) {
            try (QueryResult r = client.query("SELECT * FROM " + RIDES)) {
                assertThat(r.iterator().next().getLong("id")).isNotNull();
            }
        }
        awaitClientReleased(); // and stopServer() checks the server's side
    }

    @Test
    void cancelsAQueryThatOutlivesItsTimeout() throws Exception {
        String slow = "SELECT count(*) AS n FROM " + RIDES + " /* slow planning */";
        try (DremioFlightEngine impatient = new DremioFlightEngine(
                settings(server.port(), FlightSqlTestServer.PASSWORD).withTimeout(Duration.ofMillis(200)));
             WarehouseClient dw = WarehouseClient.builder().config(client.config()).queryEngine(impatient)
                     .provenanceSink(new MemoryProvenanceSink()).build()) {
            // the server holds the statement in planning until released, so the client's 200 ms pass however slow
            // this machine is
            assertThatThrownBy(() -> dw.query(slow).toList())
                    .isInstanceOf(io.redback.rdw.BackendUnavailableException.class)
                    .hasMessageContaining("did not finish within 0.2s");
        } finally {
            server.slowPlanning.countDown();
        }
    }

    @Test
    void saysWhenDremioIsUnreachable() throws Exception {
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        try (DremioFlightEngine nowhere = new DremioFlightEngine(settings(closed, FlightSqlTestServer.PASSWORD));
             WarehouseClient dw = WarehouseClient.builder().config(client.config()).queryEngine(nowhere)
                     .provenanceSink(new MemoryProvenanceSink()).build()) {
            assertThatThrownBy(() -> dw.query("SELECT 1 AS n").toList())
                    .isInstanceOf(io.redback.rdw.BackendUnavailableException.class)
                    .hasMessageContaining("cannot reach Dremio at dremio Flight SQL at grpc://127.0.0.1:" + closed);
        }
    }

    @Test
    void namesWrongCredentialsWithoutShowingThem() throws Exception {
        try (DremioFlightEngine wrong = new DremioFlightEngine(settings(server.port(), "not-the-password-123"));
             WarehouseClient dw = WarehouseClient.builder().config(client.config()).queryEngine(wrong)
                     .provenanceSink(new MemoryProvenanceSink()).build()) {
            assertThatThrownBy(() -> dw.query("SELECT 1 AS n").toList())
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("refused the credentials")
                    .hasMessageContaining("DREMIO_PASSWORD")
                    .hasMessageNotContaining("not-the-password-123");
        }
    }
}
