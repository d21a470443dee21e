package io.redback.rdw.query.dremio;

import com.fasterxml.jackson.databind.JsonNode;
import io.redback.rdw.Layer;
import io.redback.rdw.QueryResult;
import io.redback.rdw.RdwConfig;
import io.redback.rdw.Row;
import io.redback.rdw.Secret;
import io.redback.rdw.WarehouseClient;
import io.redback.rdw.helpers.Json;
import io.redback.rdw.query.ArrowBatches;
import io.redback.rdw.query.CalciteSqlGuard;
import io.redback.rdw.query.embedded.EmbeddedQueryEngine;
import io.redback.rdw.spi.QueryEngine;
import io.redback.rdw.spi.ObjectStore;
import io.redback.rdw.storage.LocalObjectStoreProvider;
import org.apache.arrow.vector.VectorSchemaRoot;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Fetches a table of {@code ROWS} rows x 10 columns (1,000,000 by default) several ways, each client in its own JVM,
 * doing the same client work on both transports:
 * <ul>
 *   <li>{@code flight} and {@code rest}: every row through rdw's {@code QueryResult}, every value read as a Java object,
 *       over Arrow Flight SQL (an in-JVM Flight SQL server over the embedded engine) and over Dremio's REST v3 API (the
 *       REST emulator over the same rows, paged as Dremio pages: 500 rows a page);</li>
 *   <li>{@code flight-arrow} and {@code rest-arrow}: the same result as Arrow record batches
 *       ({@code result.unwrap(ArrowBatches.class)}), every value read from its vector;</li>
 *   <li>{@code proxy}: what the existing query proxy does: log in, submit, poll, and return the first page only.</li>
 * </ul>
 * {@code server DIR PORTS [ROWS]} makes the data and runs both servers; {@code client MODE DIR PORTS [ROWS]} measures
 * one transfer and prints one JSON line: rows, seconds, rows per second, bytes on the wire, peak heap, and a checksum of
 * every value (rows modes: of the Java values in row order; Arrow modes: of the vectors' values, column by column,
 * with timestamps in microseconds whatever the vector's unit), so that the benchmark can check that both transports
 * returned the same data.
 */
public final class QueryTransportBenchmark {
    private QueryTransportBenchmark() {
    }

    static String table(long rows) {
        return "\"dw-bucket-silver\".\"bench\".\"rows_" + rows + ".parquet\"";
    }

    public static void main(String[] args) throws Exception {
        boolean server = args[0].equals("server");
        Path dir = Path.of(args[server ? 1 : 2]);
        Path ports = Path.of(args[server ? 2 : 3]);
        int rowsArg = server ? 3 : 4;
        long rows = args.length > rowsArg ? Long.parseLong(args[rowsArg]) : 1_000_000L;
        RdwConfig config = RdwConfig.builder().noFile().environment(Map.of()).warehouse(dir)
                .set("rdw.embedded.memory-limit", "1GB").build();
        if (server) {
            serve(config, ports, rows);
        } else {
            measure(args[1], config, ports, rows);
        }
    }

    private static void serve(RdwConfig config, Path ports, long rows) throws Exception {
        ObjectStore store = new LocalObjectStoreProvider().open(config);
        String key = "bench/rows_" + rows + ".parquet";
        try (WarehouseClient dw = WarehouseClient.builder().config(config).objectStore(store).build()) {
            if (!dw.bucket(Layer.SILVER).exists(key)) {
                Path file = Files.createTempFile("rows_" + rows, ".parquet");
                try (Connection db = java.sql.DriverManager.getConnection("jdbc:duckdb:"); Statement st = db.createStatement()) {
                    st.execute("COPY (SELECT i AS id, 'user' || (i % 500) AS user_name, "
                            + "['garmin', 'wahoo', 'polar', 'apple'][1 + i % 4] AS device, "
                            + "TIMESTAMP '2025-03-01' + to_seconds(i) AS ts, (60 + i % 130)::INTEGER AS heart_rate, "
                            + "(i % 5500) / 100.0 AS speed, (i % 130)::INTEGER AS cadence, (i % 9000) / 10.0 AS power, "
                            + "i % 3 <> 0 AS active, 'session ' || (i % 977) AS note FROM range(" + rows + ") t(i)) TO "
                            + "'" + file.toString().replace("'", "''") + "' (FORMAT parquet)");
                }
                dw.bucket(Layer.SILVER).put(key, file);
                Files.delete(file);
            }
        }
        EmbeddedQueryEngine engine = new EmbeddedQueryEngine(config, store);
        FlightSqlTestServer flight = new FlightSqlTestServer(engine, new CalciteSqlGuard());
        DremioRestEmulator rest = new DremioRestEmulator(engine, new CalciteSqlGuard());
        rest.flightBytes = flight.bytesSent;
        Files.writeString(ports, flight.port() + " " + rest.url());
        Thread.currentThread().join();
    }

    private static void measure(String mode, RdwConfig config, Path ports, long expected) throws Exception {
        String[] p = Files.readString(ports).strip().split(" ");
        int flightPort = Integer.parseInt(p[0]);
        URI restUrl = URI.create(p[1]);
        Thread sampler = new Thread(QueryTransportBenchmark::sampleHeap, "heap-sampler");
        sampler.setDaemon(true);
        sampler.start();
        String counter = mode.startsWith("flight") ? "flightBytes" : "restBytes";
        long[] rows = new long[1];
        double[] seconds = new double[1];
        long[] bytes = new long[1];
        long checksum;
        if (mode.equals("proxy")) {
            long before = counter(restUrl, counter);
            long started = System.nanoTime();
            rows[0] = proxy(restUrl, table(expected));
            seconds[0] = (System.nanoTime() - started) / 1e9;
            bytes[0] = counter(restUrl, counter) - before;
            checksum = 0;
        } else if (List.of("flight", "rest", "flight-arrow", "rest-arrow").contains(mode)) {
            checksum = all(mode, config, restUrl, flightPort, table(expected), () -> {
                try {
                    return counter(restUrl, counter);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, rows, seconds, bytes);
        } else {
            throw new IllegalArgumentException("mode: flight, rest, flight-arrow, rest-arrow or proxy, not " + mode);
        }
        System.out.printf(Locale.ROOT, "{\"mode\":\"%s\",\"rows\":%d,\"seconds\":%.2f,\"rows_per_s\":%.0f,\"mib_on_wire\":%.1f,"
                        + "\"peak_heap_mib\":%d,\"max_heap_mib\":%d,\"checksum\":\"%016x\"}%n", mode, rows[0], seconds[0],
                rows[0] / seconds[0], bytes[0] / 1048576.0, peakHeap >> 20, Runtime.getRuntime().maxMemory() >> 20, checksum);
        System.exit(0);
    }

    /**
     * Every row through rdw, touching every value as a user's loop would: as rows, or as Arrow batches. A long-lived
     * client is the norm, so the client is built and has logged in (one small query) before the clock starts.
     *
     * @return the checksum of every value read
     */
    private static long all(String mode, RdwConfig config, URI restUrl, int flightPort, String table,
                            java.util.function.LongSupplier counter, long[] rows, double[] seconds, long[] bytes) {
        DremioSettings settings = new DremioSettings(restUrl, FlightSqlTestServer.USER, Secret.of(FlightSqlTestServer.PASSWORD),
                null, "127.0.0.1", flightPort, false, Duration.ofMinutes(10));
        QueryEngine engine = mode.startsWith("flight") ? new DremioFlightEngine(settings) : new DremioRestEngine(settings);
        long checksum = 0;
        try (WarehouseClient dw = WarehouseClient.builder().config(config).queryEngine(engine).build()) {
            dw.query("SELECT count(*) AS n FROM " + table).toList();
            long before = counter.getAsLong();
            long started = System.nanoTime();
            try (QueryResult r = dw.query("SELECT * FROM " + table)) {
                int columns = r.columns().size();
                if (mode.endsWith("-arrow")) {
                    // the power user's way: whole columns from the Arrow batches, no row objects
                    ArrowBatches batches = r.unwrap(ArrowBatches.class).orElseThrow(() ->
                            new IllegalStateException(mode + ": the result has no Arrow batches"));
                    long[] perColumn = new long[columns];
                    while (batches.nextBatch()) {
                        VectorSchemaRoot root = batches.batch();
                        for (int c = 0; c < columns; c++) {
                            perColumn[c] = ArrowChecksum.add(perColumn[c], root.getVector(c), root.getRowCount());
                        }
                        rows[0] += root.getRowCount();
                    }
                    for (long h : perColumn) {
                        checksum = checksum * 1_000_003L + h;
                    }
                } else {
                    for (Row row : r) {
                        for (int i = 0; i < columns; i++) {
                            checksum = checksum * 31 + java.util.Objects.hashCode(row.get(i));
                        }
                        rows[0]++;
                    }
                }
            }
            seconds[0] = (System.nanoTime() - started) / 1e9;
            bytes[0] = counter.getAsLong() - before;
        }
        return checksum;
    }

    /** The existing proxy: a fresh login, submit, poll without pause, then the job's first page only. */
    private static long proxy(URI restUrl, String table) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String token = post(http, restUrl.resolve("/apiv2/login"), null,
                "{\"userName\":\"" + FlightSqlTestServer.USER + "\",\"password\":\"" + FlightSqlTestServer.PASSWORD + "\"}")
                .get("token").asText();
        String auth = "_dremio" + token;
        String id = post(http, restUrl.resolve("/api/v3/sql"), auth,
                Json.MAPPER.writeValueAsString(Map.of("sql", "SELECT * FROM " + table))).get("id").asText();
        while (!get(http, restUrl.resolve("/api/v3/job/" + id), auth).get("jobState").asText().equals("COMPLETED")) {
            Thread.onSpinWait();
        }
        return get(http, restUrl.resolve("/api/v3/job/" + id + "/results"), auth).get("rows").size();
    }

    private static JsonNode post(HttpClient http, URI uri, String auth, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (auth != null) {
            b.header("Authorization", auth);
        }
        return Json.MAPPER.readTree(http.send(b.build(), HttpResponse.BodyHandlers.ofString()).body());
    }

    private static JsonNode get(HttpClient http, URI uri, String auth) throws Exception {
        return Json.MAPPER.readTree(http.send(HttpRequest.newBuilder(uri).header("Authorization", auth).build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }

    private static long counter(URI restUrl, String name) throws Exception {
        return Json.MAPPER.readTree(HttpClient.newHttpClient().send(HttpRequest.newBuilder(restUrl.resolve("/bench/counters"))
                .build(), HttpResponse.BodyHandlers.ofString()).body()).get(name).asLong();
    }

    private static volatile long peakHeap;

    private static void sampleHeap() {
        Runtime rt = Runtime.getRuntime();
        while (true) {
            peakHeap = Math.max(peakHeap, rt.totalMemory() - rt.freeMemory());
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                return;
            }
        }
    }
}
