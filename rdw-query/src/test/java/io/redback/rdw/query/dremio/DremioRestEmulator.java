package io.redback.rdw.query.dremio;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.redback.rdw.RdwException;
import io.redback.rdw.helpers.Json;
import io.redback.rdw.helpers.Values;
import io.redback.rdw.query.embedded.EmbeddedQueryEngine;
import io.redback.rdw.spi.CheckedQuery;
import io.redback.rdw.spi.QueryEngine;
import io.redback.rdw.spi.RowCursor;
import io.redback.rdw.spi.SqlGuard;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.ipc.message.ArrowBlock;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.duckdb.DuckDBResultSet;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * Dremio's REST v3 job API over real rows, paged as Dremio's server pages them: {@code POST /api/v3/sql} only creates a
 * job and answers its id; the job runs on its own thread and writes its results to disk as Arrow record batches (as
 * Dremio keeps a job's results); {@code GET /api/v3/job/{id}} reports its state ({@code RUNNING}, then
 * {@code COMPLETED} with the row count, {@code FAILED} with the error, or {@code CANCELED}); and
 * {@code GET /api/v3/job/{id}/results?offset=&limit=} reads only the batches that page covers and writes their rows
 * as JSON, 100 rows by default and at most 500 (a larger limit is refused, as Dremio refuses it). No request holds a
 * whole result in memory. Used by the tests and by the transport benchmark.
 */
public final class DremioRestEmulator implements AutoCloseable {
    /** Dremio's largest results page. */
    static final int MAX_LIMIT = 500;
    /** Dremio's page when no limit is given. */
    static final int DEFAULT_LIMIT = 100;
    /** Rows per batch of a job's stored results. */
    static final int BATCH_ROWS = 4096;
    /** Dremio writes a timestamp to the millisecond, without zone. */
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

    private final HttpServer server;
    private final ExecutorService handlers = Executors.newFixedThreadPool(4);
    private final ExecutorService runner = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "dremio-emulator-job");
        t.setDaemon(true);
        return t;
    });
    private final QueryEngine engine;
    private final SqlGuard guard;
    private final BufferAllocator allocator = new RootAllocator();
    private final Path results;
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    /** Response body bytes sent. */
    public final AtomicLong bytesSent = new AtomicLong();
    /** Requests served. */
    public final AtomicLong requests = new AtomicLong();
    /** Rows written as JSON into results pages, over all jobs. */
    public final AtomicLong rowsPaged = new AtomicLong();
    /** The most rows one request ever had loaded from a job's results at once (a page's batches, never a result). */
    public final AtomicLong peakRowsLoaded = new AtomicLong();
    /**
     * Holds a job whose SQL carries the comment {@code slow job} in state RUNNING until the test counts this down (or
     * the emulator closes).
     */
    public final CountDownLatch slowJobs = new CountDownLatch(1);
    /** The Flight server's byte counter, reported beside this one for the benchmark. */
    volatile AtomicLong flightBytes;

    /** One job: its state, and once completed, where its results are and where each batch starts. */
    private static final class Job {
        final String id;
        final String sql;
        final Path file;
        volatile String state = "ENQUEUED";
        volatile String error = "";
        volatile String cancellationReason = "";
        volatile boolean cancelRequested;
        volatile long rowCount;
        /** The first row of each stored batch, and the row count after the last: set when the job completes. */
        volatile long[] starts;

        Job(String id, String sql, Path file) {
            this.id = id;
            this.sql = sql;
            this.file = file;
        }

        boolean ended() {
            return state.equals("COMPLETED") || state.equals("FAILED") || state.equals("CANCELED");
        }
    }

    /** A request Dremio would refuse: its status and message. */
    private static final class Refused extends RuntimeException {
        final int status;

        Refused(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    public DremioRestEmulator(QueryEngine engine, SqlGuard guard) throws IOException {
        this.engine = engine;
        this.guard = guard;
        this.results = Files.createTempDirectory("dremio-emulator-results");
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(handlers);
        server.createContext("/", this::handle);
        server.start();
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /**
     * Stops serving, stops the jobs still running, deletes every job's results and checks that all Arrow memory came
     * back.
     *
     * @throws IllegalStateException if a job or a page kept Arrow memory (a leak)
     */
    @Override
    public void close() throws Exception {
        slowJobs.countDown();
        jobs.values().forEach(j -> j.cancelRequested = true);
        server.stop(0);
        handlers.shutdownNow();
        runner.shutdownNow();
        boolean stopped = handlers.awaitTermination(30, TimeUnit.SECONDS) & runner.awaitTermination(30, TimeUnit.SECONDS);
        try (var files = Files.list(results)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
        }
        Files.deleteIfExists(results);
        if (!stopped) {
            throw new IllegalStateException("Dremio REST emulator: a job or request was still running 30 s after close");
        }
        allocator.close();
    }

    private void handle(HttpExchange x) throws IOException {
        requests.incrementAndGet();
        String path = x.getRequestURI().getPath();
        String method = x.getRequestMethod();
        try {
            if (path.equals("/apiv2/login") && method.equals("POST")) {
                send(x, 200, g -> {
                    g.writeStartObject();
                    g.writeStringField("token", "emulated-token");
                    g.writeEndObject();
                });
            } else if (path.equals("/bench/counters")) {
                long rest = bytesSent.get();
                send(x, 200, g -> {
                    g.writeStartObject();
                    g.writeNumberField("restBytes", rest);
                    g.writeNumberField("flightBytes", flightBytes == null ? 0 : flightBytes.get());
                    g.writeEndObject();
                });
            } else if (path.equals("/api/v3/catalog")) {
                // the top of the catalog, in REST v3's shape: one source holding the buckets
                send(x, 200, g -> {
                    g.writeStartObject();
                    g.writeArrayFieldStart("data");
                    g.writeStartObject();
                    g.writeStringField("id", "5c2f0383-540c-462d-816a-a8be8334efe5");
                    g.writeArrayFieldStart("path");
                    g.writeString("lake");
                    g.writeEndArray();
                    g.writeStringField("type", "CONTAINER");
                    g.writeStringField("containerType", "SOURCE");
                    g.writeEndObject();
                    g.writeEndArray();
                    g.writeEndObject();
                });
            } else if (path.equals("/api/v3/sql") && method.equals("POST")) {
                JsonNode body = Json.MAPPER.readTree(x.getRequestBody());
                String id = submit(body.path("sql").asText(""));
                send(x, 200, g -> {
                    g.writeStartObject();
                    g.writeStringField("id", id);
                    g.writeEndObject();
                });
            } else if (path.matches("/api/v3/job/[^/]+") && method.equals("GET")) {
                Job job = job(path.split("/")[4]);
                send(x, 200, g -> status(g, job));
            } else if (path.matches("/api/v3/job/[^/]+/cancel") && method.equals("POST")) {
                Job job = job(path.split("/")[4]);
                if (job.ended()) {
                    throw new Refused(400, "Job " + job.id + " may have completed and cannot be canceled.");
                }
                job.cancelRequested = true;
                x.sendResponseHeaders(204, -1);
                x.close();
            } else if (path.matches("/api/v3/job/[^/]+/results") && method.equals("GET")) {
                Job job = job(path.split("/")[4]);
                Map<String, String> q = query(x.getRequestURI().getRawQuery());
                long offset = number(q, "offset", 0);
                long limit = number(q, "limit", DEFAULT_LIMIT);
                if (limit > MAX_LIMIT) {
                    throw new Refused(400, "limit can not exceed " + MAX_LIMIT + " rows");
                }
                if (!job.state.equals("COMPLETED")) {
                    throw new Refused(400, "Can not fetch details for a job that is in [" + job.state + "] state.");
                }
                send(x, 200, g -> page(g, job, offset, (int) limit));
            } else {
                throw new Refused(404, "no such endpoint " + method + " " + path);
            }
        } catch (Refused e) {
            error(x, e.status, e.getMessage());
        } catch (RuntimeException e) {
            error(x, 500, String.valueOf(e));
        }
    }

    private Job job(String id) {
        Job job = jobs.get(id);
        if (job == null) {
            throw new Refused(404, "Job " + id + " not found");
        }
        return job;
    }

    private static long number(Map<String, String> q, String name, long otherwise) {
        String v = q.get(name);
        if (v == null) {
            return otherwise;
        }
        try {
            long n = Long.parseLong(v);
            if (n < 0) {
                throw new Refused(400, name + " must not be negative: " + v);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new Refused(400, name + " is not a number: " + v);
        }
    }

    /** Creates the job and answers at once, as Dremio does; the job runs on its own thread. */
    private String submit(String sql) {
        String id = UUID.randomUUID().toString();
        Job job = new Job(id, sql, results.resolve(id + ".arrow"));
        jobs.put(id, job);
        runner.execute(() -> run(job));
        return id;
    }

    private void run(Job job) {
        job.state = "RUNNING";
        try {
            if (job.sql.contains("/* slow job */")) {
                slowJobs.await(60, TimeUnit.SECONDS);
            }
            CheckedQuery checked = guard.check(job.sql);
            if (!checked.check().allowed()) {
                throw new IllegalArgumentException(checked.check().reason());
            }
            try (FileChannel out = FileChannel.open(job.file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                List<Long> starts = new ArrayList<>();
                long rows = engine instanceof EmbeddedQueryEngine embedded ? storeArrow(embedded, checked, job, out, starts)
                        : storeRows(checked, job, out, starts);
                if (job.cancelRequested) {
                    cancelled(job);
                    return;
                }
                long[] s = new long[starts.size() + 1];
                for (int i = 0; i < starts.size(); i++) {
                    s[i] = starts.get(i);
                }
                s[starts.size()] = rows;
                job.starts = s;
                job.rowCount = rows;
                job.state = "COMPLETED";
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cancelled(job);
        } catch (RdwException | IllegalArgumentException e) {
            job.error = String.valueOf(e.getMessage());
            job.state = "FAILED";
        } catch (Exception e) {
            job.error = e.toString();
            job.state = "FAILED";
        }
    }

    private static void cancelled(Job job) {
        job.cancellationReason = "Query cancelled by user '" + FlightSqlTestServer.USER + "'";
        job.state = "CANCELED";
    }

    /** The embedded engine's own Arrow batches, written as they come. */
    private long storeArrow(EmbeddedQueryEngine embedded, CheckedQuery checked, Job job, FileChannel out, List<Long> starts)
            throws Exception {
        try (EmbeddedQueryEngine.JdbcResult jdbc = embedded.executeJdbc(checked);
             ArrowReader reader = (ArrowReader) ((DuckDBResultSet) jdbc.resultSet()).arrowExportStream(allocator, BATCH_ROWS);
             ArrowFileWriter writer = new ArrowFileWriter(reader.getVectorSchemaRoot(), null, out)) {
            VectorSchemaRoot root = reader.getVectorSchemaRoot();
            writer.start();
            long rows = 0;
            while (!job.cancelRequested && reader.loadNextBatch()) {
                starts.add(rows);
                writer.writeBatch();
                rows += root.getRowCount();
            }
            writer.end();
            return rows;
        }
    }

    /** Any other engine's rows, a batch at a time. */
    private long storeRows(CheckedQuery checked, Job job, FileChannel out, List<Long> starts) throws IOException {
        try (RowCursor cursor = engine.execute(checked);
             VectorSchemaRoot root = VectorSchemaRoot.create(FlightSqlTestServer.schema(cursor.columns()), allocator);
             ArrowFileWriter writer = new ArrowFileWriter(root, null, out)) {
            writer.start();
            long rows = 0;
            boolean more = true;
            while (more && !job.cancelRequested) {
                root.allocateNew();
                int n = 0;
                while (n < BATCH_ROWS && (more = cursor.next())) {
                    for (int c = 0; c < root.getFieldVectors().size(); c++) {
                        FlightSqlTestServer.set(root.getVector(c), n, cursor.value(c));
                    }
                    n++;
                }
                root.setRowCount(n);
                if (n > 0) {
                    starts.add(rows);
                    writer.writeBatch();
                    rows += n;
                }
            }
            writer.end();
            return rows;
        }
    }

    private static void status(JsonGenerator g, Job job) throws IOException {
        String state = job.state;
        g.writeStartObject();
        g.writeStringField("jobState", state);
        if (state.equals("COMPLETED")) {
            g.writeNumberField("rowCount", job.rowCount);
        }
        g.writeStringField("errorMessage", state.equals("FAILED") ? job.error : "");
        g.writeStringField("queryType", "REST");
        if (state.equals("CANCELED")) {
            g.writeStringField("cancellationReason", job.cancellationReason);
        }
        g.writeEndObject();
    }

    /**
     * Rows {@code offset} to {@code offset + limit} of a completed job: only the stored batches that hold them are read,
     * one at a time.
     */
    private void page(JsonGenerator g, Job job, long offset, int limit) throws IOException {
        long[] starts = job.starts;
        try (FileChannel in = FileChannel.open(job.file, StandardOpenOption.READ);
             ArrowFileReader reader = new ArrowFileReader(in, allocator)) {
            VectorSchemaRoot root = reader.getVectorSchemaRoot();
            List<ArrowBlock> blocks = reader.getRecordBlocks();
            g.writeStartObject();
            g.writeNumberField("rowCount", job.rowCount);
            g.writeArrayFieldStart("schema");
            for (Field f : root.getSchema().getFields()) {
                field(g, f);
            }
            g.writeEndArray();
            g.writeArrayFieldStart("rows");
            long end = Math.min(job.rowCount, offset + limit);
            // the last batch that starts at or before the offset
            int b = Arrays.binarySearch(starts, 0, blocks.size(), offset);
            b = Math.max(0, b >= 0 ? b : -b - 2);
            for (long row = offset; row < end && b < blocks.size(); b++) {
                reader.loadRecordBatch(blocks.get(b));
                peakRowsLoaded.accumulateAndGet(root.getRowCount(), Math::max);
                List<FieldVector> vectors = root.getFieldVectors();
                List<IntFunction<Object>> readers = new ArrayList<>();
                for (FieldVector v : vectors) {
                    readers.add(ArrowValues.reader(v));
                }
                for (int i = (int) (row - starts[b]); i < root.getRowCount() && row < end; i++, row++) {
                    g.writeStartObject();
                    for (int c = 0; c < vectors.size(); c++) {
                        g.writeFieldName(vectors.get(c).getName());
                        value(g, readers.get(c).apply(i));
                    }
                    g.writeEndObject();
                    rowsPaged.incrementAndGet();
                }
            }
            g.writeEndArray();
            g.writeEndObject();
        }
    }

    /** A column in Dremio's schema shape: its name, its type's name, a DECIMAL's precision and scale, members. */
    private static void field(JsonGenerator g, Field f) throws IOException {
        g.writeStartObject();
        g.writeStringField("name", f.getName());
        g.writeObjectFieldStart("type");
        g.writeStringField("name", ArrowValues.typeName(f));
        if (f.getType() instanceof ArrowType.Decimal d) {
            g.writeNumberField("precision", d.getPrecision());
            g.writeNumberField("scale", d.getScale());
        }
        if (!f.getChildren().isEmpty()) {
            g.writeArrayFieldStart("subSchema");
            for (Field child : f.getChildren()) {
                field(g, child);
            }
            g.writeEndArray();
        }
        g.writeEndObject();
        g.writeEndObject();
    }

    /** A value as Dremio writes it: numbers and booleans as JSON's, a timestamp to the millisecond, the rest as text. */
    private static void value(JsonGenerator g, Object v) throws IOException {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof Double d && (d.isNaN() || d.isInfinite())) {
            g.writeString(d.toString());
        } else if (v instanceof Number || v instanceof Boolean) {
            g.writeObject(v);
        } else if (v instanceof LocalDateTime t) {
            g.writeString(TIMESTAMP.format(t));
        } else if (v instanceof List<?> || v instanceof Map<?, ?>) {
            g.writeObject(v);
        } else {
            g.writeString(Values.text(v));
        }
    }

    private static void error(HttpExchange x, int status, String message) throws IOException {
        send(null, x, status, g -> {
            g.writeStartObject();
            g.writeStringField("errorMessage", message);
            g.writeStringField("moreInfo", "");
            g.writeEndObject();
        });
    }

    @FunctionalInterface
    private interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    private void send(HttpExchange x, int status, Body body) throws IOException {
        send(bytesSent, x, status, body);
    }

    private static void send(AtomicLong counter, HttpExchange x, int status, Body body) throws IOException {
        java.io.ByteArrayOutputStream buffer = new java.io.ByteArrayOutputStream();
        try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(buffer)) {
            body.write(g);
        }
        byte[] bytes = buffer.toByteArray();
        if (counter != null) {
            counter.addAndGet(bytes.length);
        }
        x.getResponseHeaders().add("Content-Type", "application/json");
        x.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> q = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    q.put(pair.substring(0, eq), java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return q;
    }
}
