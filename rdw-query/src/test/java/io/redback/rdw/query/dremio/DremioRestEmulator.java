package io.redback.rdw.query.dremio;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.redback.rdw.Column;
import io.redback.rdw.helpers.Json;
import io.redback.rdw.helpers.Values;
import io.redback.rdw.spi.QueryEngine;
import io.redback.rdw.spi.RowCursor;
import io.redback.rdw.spi.SqlGuard;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Dremio's REST v3 job API over real rows, for the transport benchmark: login, SQL submission, job status and results
 * pages of at most 500 rows, in Dremio's documented JSON shapes. A job's rows are kept as they came from the engine,
 * the way Dremio keeps a job's results for paging.
 */
public final class DremioRestEmulator implements AutoCloseable {
    private final HttpServer server;
    private final QueryEngine engine;
    private final SqlGuard guard;
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    /** Response body bytes sent. */
    public final AtomicLong bytesSent = new AtomicLong();
    /** Requests served. */
    public final AtomicLong requests = new AtomicLong();
    /** The Flight server's byte counter, reported beside this one for the benchmark. */
    volatile AtomicLong flightBytes;

    private record Job(List<Column> columns, List<Object[]> rows) {
    }

    public DremioRestEmulator(QueryEngine engine, SqlGuard guard) throws IOException {
        this.engine = engine;
        this.guard = guard;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/", this::handle);
        server.start();
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }

    private void handle(HttpExchange x) throws IOException {
        requests.incrementAndGet();
        String path = x.getRequestURI().getPath();
        try {
            if (path.equals("/apiv2/login")) {
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
            } else if (path.equals("/api/v3/sql")) {
                JsonNode body = Json.MAPPER.readTree(x.getRequestBody());
                String id = submit(body.get("sql").asText());
                send(x, 200, g -> {
                    g.writeStartObject();
                    g.writeStringField("id", id);
                    g.writeEndObject();
                });
            } else if (path.matches("/api/v3/job/[^/]+")) {
                Job job = jobs.get(path.substring("/api/v3/job/".length()));
                send(x, 200, g -> {
                    g.writeStartObject();
                    g.writeStringField("jobState", "COMPLETED");
                    g.writeNumberField("rowCount", job.rows().size());
                    g.writeEndObject();
                });
            } else if (path.matches("/api/v3/job/[^/]+/results")) {
                Job job = jobs.get(path.split("/")[4]);
                Map<String, String> q = query(x.getRequestURI().getRawQuery());
                int offset = Integer.parseInt(q.getOrDefault("offset", "0"));
                int limit = Math.min(500, Integer.parseInt(q.getOrDefault("limit", "100")));
                send(x, 200, g -> page(g, job, offset, limit));
            } else {
                send(x, 404, g -> {
                    g.writeStartObject();
                    g.writeStringField("errorMessage", "no such endpoint " + path);
                    g.writeEndObject();
                });
            }
        } catch (RuntimeException e) {
            send(x, 400, g -> {
                g.writeStartObject();
                g.writeStringField("errorMessage", String.valueOf(e.getMessage()));
                g.writeEndObject();
            });
        }
    }

    private String submit(String sql) {
        List<Object[]> rows = new ArrayList<>();
        List<Column> columns;
        try (RowCursor cursor = engine.execute(guard.check(sql))) {
            columns = cursor.columns();
            while (cursor.next()) {
                Object[] row = new Object[columns.size()];
                for (int i = 0; i < row.length; i++) {
                    row[i] = cursor.value(i);
                }
                rows.add(row);
            }
        }
        String id = UUID.randomUUID().toString();
        jobs.put(id, new Job(columns, rows));
        return id;
    }

    private static void page(JsonGenerator g, Job job, int offset, int limit) throws IOException {
        g.writeStartObject();
        g.writeNumberField("rowCount", job.rows().size());
        g.writeArrayFieldStart("schema");
        for (Column c : job.columns()) {
            g.writeStartObject();
            g.writeStringField("name", c.name());
            g.writeObjectFieldStart("type");
            g.writeStringField("name", c.type());
            g.writeEndObject();
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeArrayFieldStart("rows");
        for (int r = offset; r < Math.min(job.rows().size(), offset + limit); r++) {
            Object[] row = job.rows().get(r);
            g.writeStartObject();
            for (int i = 0; i < row.length; i++) {
                g.writeFieldName(job.columns().get(i).name());
                Object v = row[i];
                if (v == null) {
                    g.writeNull();
                } else if (v instanceof Number || v instanceof Boolean) {
                    g.writeObject(v);
                } else {
                    g.writeString(Values.text(v));
                }
            }
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    @FunctionalInterface
    private interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    private void send(HttpExchange x, int status, Body body) throws IOException {
        java.io.ByteArrayOutputStream buffer = new java.io.ByteArrayOutputStream();
        try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(buffer)) {
            body.write(g);
        }
        byte[] bytes = buffer.toByteArray();
        bytesSent.addAndGet(bytes.length);
        x.getResponseHeaders().add("Content-Type", "application/json");
        x.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> q = new java.util.HashMap<>();
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
