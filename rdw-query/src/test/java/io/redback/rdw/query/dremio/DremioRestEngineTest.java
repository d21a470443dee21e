package io.redback.rdw.query.dremio;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.redback.rdw.BackendUnavailableException;
import io.redback.rdw.CatalogEntry;
import io.redback.rdw.Column;
import io.redback.rdw.ConfigurationException;
import io.redback.rdw.ForbiddenException;
import io.redback.rdw.InvalidInputException;
import io.redback.rdw.NotFoundException;
import io.redback.rdw.QueryCheck;
import io.redback.rdw.QueryResult;
import io.redback.rdw.Row;
import io.redback.rdw.query.ArrowBatches;
import io.redback.rdw.spi.CheckedQuery;
import io.redback.rdw.spi.RowCursor;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeStampMilliVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.redback.rdw.query.dremio.DremioStub.completed;
import static io.redback.rdw.query.dremio.DremioStub.numbers;
import static io.redback.rdw.query.dremio.DremioStub.query;
import static io.redback.rdw.query.dremio.DremioStub.state;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DremioRestEngineTest {
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
    }

    private static List<Long> readNumbers(RowCursor cursor) {
        List<Long> out = new ArrayList<>();
        try (cursor) {
            while (cursor.next()) {
                out.add((Long) cursor.value(0));
            }
        }
        return out;
    }

    @Test
    void logsInOnceAndReusesTheTokenAcrossQueries() {
        dremio.login("reused-token-SECRET-4d1");
        dremio.job("j1", "SELECT 1 AS n", completed(1));
        dremio.results("j1", 0, numbers(1, 1, 2));
        try (DremioRestEngine engine = new DremioRestEngine(dremio.settings())) {
            for (int i = 0; i < 3; i++) {
                assertThat(readNumbers(engine.execute(query("SELECT 1 AS n")))).containsExactly(1L);
            }
        }
        dremio.server.verify(1, postRequestedFor(urlEqualTo("/apiv2/login"))
                .withRequestBody(equalTo("{\"userName\":\"analyst\",\"password\":\"" + DremioStub.PASSWORD + "\"}")));
        dremio.server.verify(3, postRequestedFor(urlEqualTo("/api/v3/sql")).withHeader("Authorization", equalTo("_dremioreused-token-SECRET-4d1")));
        assertThat(dremio.server.findAll(anyRequestedFor(anyUrl())).stream()
                .filter(r -> !r.getUrl().equals("/apiv2/login"))
                .allMatch(r -> "_dremioreused-token-SECRET-4d1".equals(r.getHeader("Authorization")))).isTrue();
    }

    @Test
    void personalAccessTokenIsSentAsBearerWithoutLogin() {
        dremio.job("j1", "SELECT 1 AS n", completed(1));
        dremio.results("j1", 0, numbers(1, 1, 2));
        try (DremioRestEngine engine = new DremioRestEngine(dremio.tokenSettings("pat-XYZ"))) {
            assertThat(readNumbers(engine.execute(query("SELECT 1 AS n")))).containsExactly(1L);
        }
        dremio.server.verify(0, postRequestedFor(urlEqualTo("/apiv2/login")));
        dremio.server.verify(postRequestedFor(urlEqualTo("/api/v3/sql")).withHeader("Authorization", equalTo("Bearer pat-XYZ")));
        dremio.server.verify(getRequestedFor(urlEqualTo("/api/v3/job/j1")).withHeader("Authorization", equalTo("Bearer pat-XYZ")));
    }

    @Test
    void completedJobGivesTypedValuesOfEveryType() {
        dremio.login("t");
        String sql = "SELECT * FROM \"lake\".\"typed.parquet\"";
        dremio.job("typed", sql, state("PLANNING"), state("RUNNING"), completed(2));
        dremio.results("typed", 0, """
                {"rowCount": 2,
                 "schema": [
                   {"name": "b", "type": {"name": "BIGINT"}},
                   {"name": "i", "type": {"name": "INTEGER"}},
                   {"name": "d", "type": {"name": "DOUBLE"}},
                   {"name": "f", "type": {"name": "FLOAT"}},
                   {"name": "dec", "type": {"name": "DECIMAL", "precision": 10, "scale": 2}},
                   {"name": "s", "type": {"name": "VARCHAR"}},
                   {"name": "ok", "type": {"name": "BOOLEAN"}},
                   {"name": "day", "type": {"name": "DATE"}},
                   {"name": "tm", "type": {"name": "TIME"}},
                   {"name": "ts", "type": {"name": "TIMESTAMP"}},
                   {"name": "bin", "type": {"name": "VARBINARY"}},
                   {"name": "l", "type": {"name": "LIST", "subSchema": [{"type": {"name": "INTEGER"}}]}},
                   {"name": "st", "type": {"name": "STRUCT", "subSchema": [
                       {"name": "x", "type": {"name": "BIGINT"}}, {"name": "y", "type": {"name": "VARCHAR"}}]}},
                   {"name": "m", "type": {"name": "MAP"}}
                 ],
                 "rows": [
                   {"b": 9007199254740993, "i": 42, "d": 0.1, "f": 2.25, "dec": 12.5, "s": "h\\u00e9llo, \\"world\\"",
                    "ok": true, "day": "2025-03-01", "tm": "10:15:30", "ts": "2025-03-01 10:15:00.123",
                    "bin": "AQID/w==", "l": [1, 2, null], "st": {"x": 7, "y": "a"}, "m": {"k": "v"}},
                   {"b": null, "i": null, "d": null, "f": null, "dec": null, "s": null, "ok": null, "day": null,
                    "tm": null, "ts": null, "bin": null, "l": null, "st": null, "m": null}
                 ]}
                """);
        try (DremioRestEngine engine = new DremioRestEngine(dremio.settings());
             QueryResult result = new QueryResult(engine.execute(query(sql)))) {
            assertThat(result.columns()).extracting(Column::type).containsExactly("BIGINT", "INTEGER", "DOUBLE", "FLOAT",
                    "DECIMAL", "VARCHAR", "BOOLEAN", "DATE", "TIME", "TIMESTAMP", "VARBINARY", "LIST", "STRUCT", "MAP");
            List<Row> rows = result.toList();
            assertThat(rows).hasSize(2);
            Row r = rows.get(0);
            assertThat(r.get(0)).isEqualTo(9007199254740993L);
            assertThat(r.get(1)).isEqualTo(42);
            assertThat(r.get(2)).isEqualTo(0.1d);
            assertThat(r.get(3)).isEqualTo(2.25f);
            assertThat(r.get(4)).isEqualTo(new BigDecimal("12.50"));
            assertThat(r.get(5)).isEqualTo("héllo, \"world\"");
            assertThat(r.get(6)).isEqualTo(true);
            assertThat(r.get(7)).isEqualTo(LocalDate.of(2025, 3, 1));
            assertThat(r.get(8)).isEqualTo(LocalTime.of(10, 15, 30));
            assertThat(r.get(9)).isEqualTo(LocalDateTime.of(2025, 3, 1, 10, 15, 0, 123_000_000));
            assertThat((byte[]) r.get(10)).containsExactly(1, 2, 3, 255);
            assertThat(r.get(11)).isEqualTo(Arrays.asList(1, 2, null));
            assertThat(r.get(12)).isEqualTo(Map.of("x", 7L, "y", "a"));
            assertThat(r.get(13)).isEqualTo(Map.of("k", "v"));
            Row nulls = rows.get(1);
            for (int i = 0; i < result.columns().size(); i++) {
                assertThat(nulls.get(i)).as(result.columns().get(i).name()).isNull();
            }
        }
        dremio.server.verify(3, getRequestedFor(urlEqualTo("/api/v3/job/typed")));
    }

    @Test
    void plainColumnsAlsoComeAsArrowBatchesAPageEach() {
        dremio.login("t");
        String sql = "SELECT * FROM \"lake\".\"plain.parquet\"";
        String schema = """
                "schema": [
                  {"name": "b", "type": {"name": "BIGINT"}}, {"name": "i", "type": {"name": "INTEGER"}},
                  {"name": "d", "type": {"name": "DOUBLE"}}, {"name": "dec", "type": {"name": "DECIMAL", "precision": 10, "scale": 2}},
                  {"name": "s", "type": {"name": "VARCHAR"}}, {"name": "ok", "type": {"name": "BOOLEAN"}},
                  {"name": "day", "type": {"name": "DATE"}}, {"name": "ts", "type": {"name": "TIMESTAMP"}}]""";
        StringBuilder first = new StringBuilder("{\"rowCount\": 501, " + schema + ", \"rows\": [");
        for (int n = 0; n < 500; n++) {
            first.append(n == 0 ? "" : ",").append("{\"b\": ").append(n).append(", \"i\": 42, \"d\": 0.5, \"dec\": 12.5, "
                    + "\"s\": \"h\\u00e9\", \"ok\": true, \"day\": \"2025-03-01\", \"ts\": \"2025-03-01 10:15:00.123\"}");
        }
        dremio.job("plain", sql, completed(501));
        dremio.results("plain", 0, first.append("]}").toString());
        dremio.results("plain", 500, "{\"rowCount\": 501, " + schema + ", \"rows\": [{\"b\": null, \"i\": null, "
                + "\"d\": null, \"dec\": null, \"s\": null, \"ok\": null, \"day\": null, \"ts\": null}]}");
        try (DremioRestEngine engine = new DremioRestEngine(dremio.settings());
             QueryResult result = new QueryResult(engine.execute(query(sql)))) {
            ArrowBatches batches = result.unwrap(ArrowBatches.class).orElseThrow();
            assertThat(batches.nextBatch()).isTrue();
            VectorSchemaRoot root = batches.batch();
            assertThat(root.getRowCount()).isEqualTo(500);
            assertThat(root.getSchema().getFields()).extracting(f -> f.getType().toString()).containsExactly(
                    "Int(64, true)", "Int(32, true)", "FloatingPoint(DOUBLE)", "Decimal(10, 2, 128)", "Utf8", "Bool",
                    "Date(DAY)", "Timestamp(MILLISECOND, null)");
            assertThat(((BigIntVector) root.getVector("b")).get(499)).isEqualTo(499L);
            assertThat(((IntVector) root.getVector("i")).get(0)).isEqualTo(42);
            assertThat(((Float8Vector) root.getVector("d")).get(0)).isEqualTo(0.5);
            assertThat(((DecimalVector) root.getVector("dec")).getObject(0)).isEqualTo(new BigDecimal("12.50"));
            assertThat(root.getVector("s").getObject(0).toString()).isEqualTo("hé");
            assertThat(((BitVector) root.getVector("ok")).get(0)).isEqualTo(1);
            assertThat(((DateDayVector) root.getVector("day")).get(0)).isEqualTo((int) LocalDate.of(2025, 3, 1).toEpochDay());
            assertThat(((TimeStampMilliVector) root.getVector("ts")).get(0))
                    .isEqualTo(LocalDateTime.of(2025, 3, 1, 10, 15, 0, 123_000_000).toInstant(ZoneOffset.UTC).toEpochMilli());
            assertThat(dremio.server.findAll(getRequestedFor(urlPathEqualTo("/api/v3/job/plain/results")))).hasSize(1);

            assertThat(batches.nextBatch()).isTrue();
            assertThat(batches.batch().getRowCount()).isEqualTo(1);
            for (FieldVector v : batches.batch().getFieldVectors()) {
                assertThat(v.isNull(0)).as(v.getName()).isTrue();
            }
            assertThat(batches.nextBatch()).isFalse();
        }
        assertThat(dremio.server.findAll(getRequestedFor(urlPathEqualTo("/api/v3/job/plain/results"))))
                .extracting(r -> r.queryParameter("offset").firstValue()).containsExactly("0", "500");
    }

    @Test
    void nestedColumnsComeAsRowsOnly() {
        dremio.login("t");
        dremio.job("nested", "SELECT l FROM t", completed(1));
        dremio.results("nested", 0, "{\"rowCount\": 1, \"schema\": [{\"name\": \"l\", \"type\": {\"name\": \"LIST\", "
                + "\"subSchema\": [{\"type\": {\"name\": \"INTEGER\"}}]}}], \"rows\": [{\"l\": [1, 2]}]}");
        try (DremioRestEngine engine = new DremioRestEngine(dremio.settings());
             QueryResult result = new QueryResult(engine.execute(query("SELECT l FROM t")))) {
            assertThat(result.unwrap(ArrowBatches.class)).isEmpty();
            assertThat(result.toList().get(0).get(0)).isEqualTo(List.of(1, 2));
        }
    }

    @Test
    void aValueItsColumnCannotHoldNamesTheRowAlsoInABatch() {
        dremio.login("t");
        dremio.job("odd", "SELECT n FROM t", completed(2));
        dremio.results("odd", 0, "{\"rowCount\": 2, \"schema\": [{\"name\": \"n\", \"type\": {\"name\": \"BIGINT\"}}], "
                + "\"rows\": [{\"n\": 1}, {\"n\": \"many\"}]}");
        try (DremioRestEngine engine = new DremioRestEngine(dremio.settings());
             QueryResult result = new QueryResult(engine.execute(query("SELECT n FROM t")))) {
            ArrowBatches batches = result.unwrap(ArrowBatches.class).orElseThrow();
            assertThatThrownBy(batches::nextBatch).isInstanceOf(BackendUnavailableException.class)
                    .hasMessageContaining("Dremio sent \"many\" in column n of type BIGINT (row 2 of job odd)");
        }
    }

    @Test
    void failedJobReportsDremiosMessage() {
        dremio.login("t");
        String sql = "SELECT * FROM \"lake\".\"nope\"";
        dremio.job("bad", sql, state("RUNNING"), "{\"jobState\":\"FAILED\",\"rowCount\":0,"
                + "\"errorMessage\":\"Object 'nope' not found within 'lake'\",\"cancellationReason\":\"\"}");
        try (DremioRestEngine engine = new DremioRestEngine(dremio.settings())) {
            assertThatThrownBy(() -> engine.execute(query(sql))).isInstanceOf(InvalidInputException.class)
                    .hasMessage("query failed: Object 'nope' not found within 'lake'");
        }
        dremio.server.verify(0, getRequestedFor(urlPathEqualTo("/api/v3/job/bad/results")));
    }

    @Test
    void canceledJobIsABackendFailureWithItsReason() {
        dremio.login("t");
        dremio.job("c1", "SELECT 1", "{\"jobState\":\"CANCELED\",\"cancellationReason\":\"Query cancelled by user 'admin'\"}");
        try (DremioRestEngine engine = new DremioRestEngine(dremio.settings())) {
            assertThatThrownBy(() -> engine.execute(query("SELECT 1"))).isInstanceOf(BackendUnavailableException.class)
                    .hasMessageContaining("Query cancelled by user 'admin'");
        }
    }

    /** A clock that moves only when the poller sleeps: polls are counted, not raced against the wall clock. */
    private static final class SteppedClock implements JobClock {
        final List<Long> sleeps = new ArrayList<>();
        long now = 1_000_000_000L;

        @Override
        public long nanoTime() {
            return now;
        }

        @Override
        public void sleep(long millis) {
            sleeps.add(millis);
            now += millis * 1_000_000L;
        }
    }

    @Test
    void jobThatKeepsRunningIsCancelledAtTheTimeout() {
        dremio.login("t");
        dremio.job("slow", "SELECT slow()", state("ENQUEUED"), state("RUNNING"));
        SteppedClock clock = new SteppedClock();
        try (DremioRestEngine engine = new DremioRestEngine(dremio.settings().withTimeout(Duration.ofMillis(300)), clock)) {
            assertThatThrownBy(() -> engine.execute(query("SELECT slow()"))).isInstanceOf(BackendUnavailableException.class)
                    .hasMessageContaining("did not finish within 300ms; it was cancelled");
        }
        dremio.server.verify(1, postRequestedFor(urlEqualTo("/api/v3/job/slow/cancel")));
        // backoff, not a busy spin: pauses of 50, 75 and 112 ms, then the 63 ms left of the 300 ms; a poll before each
        // pause and one at the deadline
        assertThat(clock.sleeps).containsExactly(50L, 75L, 112L, 63L);
        assertThat(dremio.server.findAll(getRequestedFor(urlEqualTo("/api/v3/job/slow")))).hasSize(5);
        dremio.server.verify(0, getRequestedFor(urlPathEqualTo("/api/v3/job/slow/results")));
    }

    @Test
    void pausesBetweenPollsGrowToOneSecond() {
        dremio.login("t");
        dremio.job("long", "SELECT long()", state("RUNNING"));
        SteppedClock clock = new SteppedClock();
        try (DremioRestEngine engine = new DremioRestEngine(dremio.settings().withTimeout(Duration.ofSeconds(10)), clock)) {
            assertThatThrownBy(() -> engine.execute(query("SELECT long()"))).isInstanceOf(BackendUnavailableException.class)
                    .hasMessageContaining("did not finish within 10s; it was cancelled");
        }
        assertThat(clock.sleeps).startsWith(50L, 75L, 112L, 168L, 252L, 378L, 567L, 850L, 1000L, 1000L);
        assertThat(clock.sleeps).allMatch(ms -> ms <= 1000L);
        assertThat(clock.sleeps.stream().mapToLong(Long::longValue).sum()).isEqualTo(10_000L);
        assertThat(dremio.server.findAll(getRequestedFor(urlEqualTo("/api/v3/job/long")))).hasSize(clock.sleeps.size() + 1);
    }

    @Test
    void readsEveryPageAndOnlyThosePages() {
        dremio.login("t");
        dremio.job("big", "SELECT n FROM big", completed(1234));
        dremio.results("big", 0, numbers(1234, 0, 500));
        dremio.results("big", 500, numbers(1234, 500, 1000));
        dremio.results("big", 1000, numbers(1234, 1000, 1234));
        try (DremioRestEngine engine = new DremioRestEngine(dremio.settings())) {
            assertThat(readNumbers(engine.execute(query("SELECT n FROM big"))))
                    .containsExactlyElementsOf(LongStream.range(0, 1234).boxed().toList());
        }
        assertThat(dremio.server.findAll(getRequestedFor(urlPathEqualTo("/api/v3/job/big/results"))))
                .extracting(r -> r.queryParameter("offset").firstValue()).containsExactly("0", "500", "1000");
    }

    @Test
    void pagesAreFetchedOnlyAsTheCallerMovesOn() {
        dremio.login("t");
        dremio.job("lazy", "SELECT n FROM big", completed(1000));
        dremio.results("lazy", 0, numbers(1000, 0, 500));
        dremio.results("lazy", 500, numbers(1000, 500, 1000));
        try (DremioRestEngine engine = new DremioRestEngine(dremio.settings());
             RowCursor cursor = engine.execute(query("SELECT n FROM big"))) {
            for (int i = 0; i < 500; i++) {
                assertThat(cursor.next()).isTrue();
            }
            assertThat(dremio.server.findAll(getRequestedFor(urlPathEqualTo("/api/v3/job/lazy/results")))).hasSize(1);
        }
        assertThat(dremio.server.findAll(getRequestedFor(urlPathEqualTo("/api/v3/job/lazy/results")))).hasSize(1);
    }

    @Test
    void sessionExpiringMidIterationLogsInOnceMoreAndGoesOn() {
        dremio.login("old", "new");
        dremio.job("j", "SELECT n FROM t", completed(700));
        dremio.results("j", 0, numbers(700, 0, 500));
        dremio.server.stubFor(get(urlPathEqualTo("/api/v3/job/j/results")).withQueryParam("offset", equalTo("500"))
                .withHeader("Authorization", equalTo("_dremioold"))
                .willReturn(aResponse().withStatus(401).withBody("{\"errorMessage\":\"Invalid token\"}")));
        dremio.server.stubFor(get(urlPathEqualTo("/api/v3/job/j/results")).withQueryParam("offset", equalTo("500"))
                .withHeader("Authorization", equalTo("_dremionew")).willReturn(okJson(numbers(700, 500, 700))));
        try (DremioRestEngine engine = new DremioRestEngine(dremio.settings())) {
            assertThat(readNumbers(engine.execute(query("SELECT n FROM t"))))
                    .containsExactlyElementsOf(LongStream.range(0, 700).boxed().toList());
        }
        dremio.server.verify(2, postRequestedFor(urlEqualTo("/apiv2/login")));
    }

    @Test
    void aSecond401IsAConfigurationErrorNamingTheSettings() {
        dremio.login("t1", "t2");
        dremio.server.stubFor(post(urlEqualTo("/api/v3/sql")).willReturn(aResponse().withStatus(401)));
        try (DremioRestEngine engine = new DremioRestEngine(dremio.settings())) {
            assertThatThrownBy(() -> engine.execute(query("SELECT 1"))).isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("Dremio refused the credentials")
                    .hasMessageContaining("rdw.dremio.username").hasMessageContaining("DREMIO_USERNAME")
                    .hasMessageNotContaining(DremioStub.PASSWORD);
        }
        dremio.server.verify(2, postRequestedFor(urlEqualTo("/apiv2/login")));
    }

    @Test
    void wrongCredentialsNeverShowThePassword() {
        dremio.server.stubFor(post(urlEqualTo("/apiv2/login")).willReturn(aResponse().withStatus(401)
                .withBody("{\"errorMessage\":\"Login was unsuccessful\",\"moreInfo\":\"\"}")));
        try (DremioRestEngine engine = new DremioRestEngine(dremio.settings())) {
            assertThatThrownBy(() -> engine.execute(query("SELECT 1"))).isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("rdw.dremio.password").hasMessageContaining("DREMIO_PASSWORD")
                    .hasMessageNotContaining(DremioStub.PASSWORD);
            assertThat(engine.toString() + engine.describe() + dremio.settings()).doesNotContain(DremioStub.PASSWORD);
            assertThat(engine.describe()).isEqualTo("dremio REST at " + dremio.url());
        }
        dremio.server.verify(0, postRequestedFor(urlEqualTo("/api/v3/sql")));
    }

    @Test
    void unreachableDremioIsABackendFailureNamingTheUrl() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        DremioSettings nowhere = dremio.settings().withRestUrl(URI.create("http://127.0.0.1:" + port));
        try (DremioRestEngine engine = new DremioRestEngine(nowhere)) {
            assertThatThrownBy(() -> engine.execute(query("SELECT 1"))).isInstanceOf(BackendUnavailableException.class)
                    .hasMessageStartingWith("cannot reach Dremio at http://127.0.0.1:" + port)
                    .hasMessageNotContaining(DremioStub.PASSWORD);
        }
    }

    @Test
    void serverErrorIsABackendFailure() {
        dremio.login("t");
        dremio.server.stubFor(post(urlEqualTo("/api/v3/sql")).willReturn(aResponse().withStatus(503)
                .withBody("{\"errorMessage\":\"Coordinator is starting\"}")));
        try (DremioRestEngine engine = new DremioRestEngine(dremio.settings())) {
            assertThatThrownBy(() -> engine.execute(query("SELECT 1"))).isInstanceOf(BackendUnavailableException.class)
                    .hasMessageContaining("HTTP 503").hasMessageContaining("Coordinator is starting");
        }
    }

    @Test
    void missingJobIsNotFound() {
        dremio.login("t");
        dremio.server.stubFor(post(urlEqualTo("/api/v3/sql")).willReturn(okJson("{\"id\":\"gone\"}")));
        dremio.server.stubFor(get(urlEqualTo("/api/v3/job/gone")).willReturn(aResponse().withStatus(404)
                .withBody("{\"errorMessage\":\"Could not find a job with id [gone]\"}")));
        try (DremioRestEngine engine = new DremioRestEngine(dremio.settings())) {
            assertThatThrownBy(() -> engine.execute(query("SELECT 1"))).isInstanceOf(NotFoundException.class)
                    .hasMessageContaining("job gone");
        }
    }

    @Test
    void emptyResultKeepsItsColumns() {
        dremio.login("t");
        dremio.job("e", "SELECT a, b FROM t WHERE false", completed(0));
        dremio.results("e", 0, "{\"rowCount\":0,\"schema\":[{\"name\":\"a\",\"type\":{\"name\":\"BIGINT\"}},"
                + "{\"name\":\"b\",\"type\":{\"name\":\"VARCHAR\"}}],\"rows\":[]}");
        try (DremioRestEngine engine = new DremioRestEngine(dremio.settings());
             RowCursor cursor = engine.execute(query("SELECT a, b FROM t WHERE false"))) {
            assertThat(cursor.columns()).containsExactly(new Column("a", "BIGINT"), new Column("b", "VARCHAR"));
            assertThat(cursor.next()).isFalse();
        }
    }

    @Test
    void refusedQuerySendsNothing() {
        CheckedQuery refused = new CheckedQuery("DROP TABLE x", QueryCheck.refused("DROP", "DROP is not a query"), List.of());
        try (DremioRestEngine engine = new DremioRestEngine(dremio.settings())) {
            assertThatThrownBy(() -> engine.execute(refused)).isInstanceOf(ForbiddenException.class)
                    .hasMessageContaining("DROP is not a query");
        }
        dremio.server.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void healthLogsInAndReadsTheCatalogTopOrSaysWhatToFix() {
        dremio.login("t");
        dremio.server.stubFor(get(urlEqualTo("/api/v3/catalog")).willReturn(okJson("""
                {"data": [{"id": "5c2f0383", "path": ["lake"], "tag": "9027fe00", "type": "CONTAINER",
                           "containerType": "SOURCE"}]}""")));
        try (DremioRestEngine engine = new DremioRestEngine(dremio.settings())) {
            io.redback.rdw.Health h = engine.health();
            assertThat(h.status()).isEqualTo(io.redback.rdw.Health.Status.UP);
            assertThat(h.message()).contains("1 top-level entries");
        }
        dremio.reset();
        dremio.server.stubFor(post(urlEqualTo("/apiv2/login")).willReturn(aResponse().withStatus(401)
                .withBody("{\"errorMessage\":\"Login was unsuccessful\",\"moreInfo\":\"\"}")));
        try (DremioRestEngine engine = new DremioRestEngine(dremio.settings())) {
            io.redback.rdw.Health h = engine.health();
            assertThat(h.status()).isEqualTo(io.redback.rdw.Health.Status.DOWN);
            assertThat(h.message()).contains("DREMIO_PASSWORD").doesNotContain(DremioStub.PASSWORD);
        }
    }

    @Test
    void catalogRootListsSourcesSpacesAndHomes() {
        dremio.login("t");
        dremio.server.stubFor(get(urlEqualTo("/api/v3/catalog")).willReturn(okJson("""
                {"data": [
                  {"id": "a7b1bc39-bffa-4c30-a5eb-5bdaf5bd0959", "path": ["@analyst"], "tag": "0QVA7wGyiY0=",
                   "type": "CONTAINER", "containerType": "HOME"},
                  {"id": "ed1013cb-4fea-6552-8d43-015215a38bcc", "path": ["analytics"], "tag": "PR1M7B1Rhjs=",
                   "type": "CONTAINER", "containerType": "SPACE", "createdAt": "2023-02-14T19:28:40.840Z"},
                  {"id": "5c2f0383-540c-462d-816a-a8be8334efe5", "path": ["lake"], "tag": "9027fe00",
                   "type": "CONTAINER", "containerType": "SOURCE"}
                ]}""")));
        try (DremioRestEngine engine = new DremioRestEngine(dremio.settings())) {
            assertThat(engine.catalog(List.of())).containsExactly(new CatalogEntry(List.of("@analyst"), "HOME"),
                    new CatalogEntry(List.of("analytics"), "SPACE"), new CatalogEntry(List.of("lake"), "SOURCE"));
        }
    }

    @Test
    void catalogPathListsFoldersDatasetsAndFilesAcrossPages() {
        dremio.login("t");
        dremio.server.stubFor(get(urlEqualTo("/api/v3/catalog/by-path/lake/project1/my%20data"))
                .willReturn(okJson("""
                {"entityType": "folder", "id": "d4c2a8ba-a972-4db4-8deb-67e1ade684d1", "path": ["lake", "project1", "my data"],
                 "tag": "pRmJ0BQ9SFw=", "nextPageToken": "p2",
                 "children": [
                   {"id": "dremio:/lake/project1/my data/2025", "path": ["lake", "project1", "my data", "2025"],
                    "type": "CONTAINER", "containerType": "FOLDER"},
                   {"id": "1acab7b3-ee82-44c1-abcc-e86d56078d4d", "path": ["lake", "project1", "my data", "rides"],
                    "type": "DATASET", "datasetType": "PROMOTED"}
                 ]}""")));
        dremio.server.stubFor(get(urlEqualTo("/api/v3/catalog/by-path/lake/project1/my%20data?pageToken=p2"))
                .willReturn(okJson("""
                {"entityType": "folder", "id": "d4c2a8ba-a972-4db4-8deb-67e1ade684d1", "path": ["lake", "project1", "my data"],
                 "children": [
                   {"id": "dremio:/lake/project1/my data/zip.csv", "path": ["lake", "project1", "my data", "zip.csv"],
                    "type": "FILE"}
                 ]}""")));
        try (DremioRestEngine engine = new DremioRestEngine(dremio.settings())) {
            assertThat(engine.catalog(List.of("lake", "project1", "my data"))).containsExactly(
                    new CatalogEntry(List.of("lake", "project1", "my data", "2025"), "FOLDER"),
                    new CatalogEntry(List.of("lake", "project1", "my data", "rides"), "DATASET"),
                    new CatalogEntry(List.of("lake", "project1", "my data", "zip.csv"), "FILE"));
        }
    }

    @Test
    void missingCatalogPathIsNotFound() {
        dremio.login("t");
        dremio.server.stubFor(get(urlEqualTo("/api/v3/catalog/by-path/lake/nope")).willReturn(aResponse().withStatus(404)
                .withBody("{\"errorMessage\":\"Could not find entity with path [[lake, nope]]\",\"moreInfo\":\"\"}")));
        try (DremioRestEngine engine = new DremioRestEngine(dremio.settings())) {
            assertThatThrownBy(() -> engine.catalog(List.of("lake", "nope"))).isInstanceOf(NotFoundException.class)
                    .hasMessageContaining("\"lake\".\"nope\"");
        }
    }

    @Test
    void thePasswordOnlyEverGoesIntoTheLoginBody() {
        dremio.login("t");
        dremio.job("j", "SELECT 1 AS n", completed(1));
        dremio.results("j", 0, numbers(1, 1, 2));
        try (DremioRestEngine engine = new DremioRestEngine(dremio.settings())) {
            readNumbers(engine.execute(query("SELECT 1 AS n")));
        }
        List<LoggedRequest> all = dremio.server.findAll(anyRequestedFor(anyUrl()));
        assertThat(all).extracting(LoggedRequest::getUrl).noneMatch(u -> u.contains(DremioStub.PASSWORD));
        assertThat(all).extracting(LoggedRequest::getBodyAsString)
                .filteredOn(body -> body.contains(DremioStub.PASSWORD)).hasSize(1); // the login's body only
    }
}
