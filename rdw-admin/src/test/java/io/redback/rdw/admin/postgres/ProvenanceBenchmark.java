package io.redback.rdw.admin.postgres;

import io.redback.rdw.Layer;
import io.redback.rdw.ProvenanceEvent;
import io.redback.rdw.RdwConfig;
import io.redback.rdw.internal.ProvenanceOutbox;
import io.redback.rdw.internal.ProvenanceSinks;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

/**
 * Provenance into PostgreSQL, two ways, on the same server and table (bench/provenance-postgres.sh runs it):
 * {@code rdw}: N events queued in rdw's outbox on disk and delivered by the batched sink (the time counts both); {@code service}: the upload service's way, one new connection, one INSERT and one commit per event.
 * {@code append}: how long a write waits for its provenance (one outbox append) against the upload of a file.
 * Each client prints one JSON line; it checks that the table holds exactly its N rows and fails loudly otherwise.
 */
public final class ProvenanceBenchmark {
    private ProvenanceBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "server" -> server(Path.of(args[1]), Path.of(args[2]));
            case "rdw" -> rdw(port(args[1]), Integer.parseInt(args[2]), Path.of(args[3]));
            case "service" -> service(port(args[1]), Integer.parseInt(args[2]));
            case "append" -> append(port(args[1]), Integer.parseInt(args[2]), Path.of(args[3]));
            default -> throw new IllegalArgumentException("mode: server | rdw | service | append");
        }
    }

    private static int port(String file) throws Exception {
        return Integer.parseInt(Files.readString(Path.of(file)).trim());
    }

    /** Starts PostgreSQL with the store's table, writes its port, and runs until killed. */
    static void server(Path data, Path portFile) throws Exception {
        EmbeddedPostgres pg = EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(true).start();
        try (Connection c = pg.getPostgresDatabase().getConnection()) {
            ProvenanceTable.create(c, "provenance");
        }
        Files.writeString(portFile, Integer.toString(pg.getPort()));
        Thread.sleep(Long.MAX_VALUE);
    }

    static String url(int port) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    static List<ProvenanceEvent> events(int n, String run) {
        List<ProvenanceEvent> out = new ArrayList<>(n);
        Instant now = Instant.now();
        for (int i = 0; i < n; i++) {
            out.add(new ProvenanceEvent(UUID.randomUUID(), "rdw:bench", ProvenanceEvent.FILE_UPLOADED, now, "bench", null,
                    "dw-bucket-bronze", "project1/2026/rides/rides_" + i + ".csv", 1_000L + i, null, "text/csv",
                    "embedded:/bench", "ab".repeat(32), Layer.BRONZE, "bench", null,
                    Map.of("original_filename", "rides_" + i + ".csv", "project", "project1", "run", run)));
        }
        return out;
    }

    static RdwConfig config(int port, Path warehouse) {
        return RdwConfig.builder().environment(Map.of()).systemProperties(new Properties()).noFile()
                .set(RdwConfig.WAREHOUSE, warehouse.toString())
                .set(PostgresSettings.URL, url(port)).set(PostgresSettings.USER, "postgres").build();
    }

    static void rdw(int port, int n, Path dir) throws Exception {
        String run = UUID.randomUUID().toString();
        List<ProvenanceEvent> events = events(n, run);
        Path outboxDir = Files.createTempDirectory(dir, "outbox");
        PostgresProvenanceStore store = new PostgresProvenanceStore(config(port, dir), PostgresSettings.from(config(port, dir)));
        long start = System.nanoTime();
        // queued as a bulk producer queues them (forced to disk every thousand); one write's own wait is the "append" mode
        ProvenanceOutbox outbox = new ProvenanceOutbox(outboxDir);
        outbox.appendAll(events, List.of("postgres"), Instant.now());
        long queued = System.nanoTime();
        try (ProvenanceSinks sinks = new ProvenanceSinks(List.of(new ProvenanceSinks.Named("postgres", store)),
                outbox, Clock.systemUTC(), Duration.ofMinutes(10))) {
            long left = sinks.flush(Duration.ofMinutes(10)).get(0).queued();
            if (left != 0) {
                throw new IllegalStateException(left + " events were not delivered");
            }
        }
        long end = System.nanoTime();
        System.err.printf("rdw: queued in %.3f s, delivered in %.3f s%n", (queued - start) / 1e9, (end - queued) / 1e9);
        report("rdw", n, (end - start) / 1e9, countRows(port, run));
    }

    static void service(int port, int n) throws Exception {
        String run = UUID.randomUUID().toString();
        List<ProvenanceEvent> events = events(n, run);
        long start = System.nanoTime();
        for (ProvenanceEvent e : events) {
            // the upload service's way: connect, insert one row, commit, close, for every upload
            try (Connection c = DriverManager.getConnection(url(port), "postgres", "");
                 PreparedStatement ps = c.prepareStatement("INSERT INTO provenance (event_source, event_type, user_id, "
                         + "bucket_name, object_key, object_size, content_type, service_endpoint, custom_metadata) "
                         + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)")) {
                c.setAutoCommit(false);
                ps.setString(1, e.eventSource());
                ps.setString(2, e.eventType());
                ps.setString(3, e.userId());
                ps.setString(4, e.bucketName());
                ps.setString(5, e.objectKey());
                ps.setLong(6, e.objectSize());
                ps.setString(7, e.contentType());
                ps.setString(8, e.serviceEndpoint());
                ps.setString(9, ProvenanceRows.customMetadata(e));
                ps.executeUpdate();
                c.commit();
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        report("service", n, seconds, countRows(port, run));
    }

    static long countRows(int port, String run) throws Exception {
        try (Connection c = DriverManager.getConnection(url(port), "postgres", "");
             PreparedStatement ps = c.prepareStatement("SELECT count(*), count(DISTINCT object_key) FROM provenance "
                     + "WHERE custom_metadata->>'run' = ?")) {
            ps.setString(1, run);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (rs.getLong(1) != rs.getLong(2)) {
                    throw new IllegalStateException("duplicated rows: " + rs.getLong(1) + " rows, " + rs.getLong(2) + " keys");
                }
                return rs.getLong(1);
            }
        }
    }

    static void report(String mode, int n, double seconds, long rows) {
        if (rows != n) {
            throw new IllegalStateException(mode + ": the table holds " + rows + " rows of this run, not " + n);
        }
        System.out.printf("{\"mode\":\"%s\",\"events\":%d,\"rows\":%d,\"seconds\":%.3f,\"events_per_s\":%.0f}%n",
                mode, n, rows, seconds, n / seconds);
    }

    /** The median time of an upload (a file of {@code mib} MiB to the embedded store) and of its outbox append. */
    static void append(int port, int mib, Path dir) throws Exception {
        Path warehouse = Files.createTempDirectory(dir, "warehouse");
        Path file = dir.resolve("upload.bin");
        byte[] block = new byte[1 << 20];
        new java.util.Random(1).nextBytes(block);
        try (var out = Files.newOutputStream(file)) {
            for (int i = 0; i < mib; i++) {
                out.write(block);
            }
        }
        int uploads = 30;
        long[] upload = new long[uploads];
        try (io.redback.rdw.WarehouseClient dw = io.redback.rdw.WarehouseClient.builder().config(config(port, warehouse)).build()) {
            for (int i = 0; i < uploads; i++) {
                long t = System.nanoTime();
                dw.bucket(Layer.BRONZE).upload(file, "project1", o -> o.allowDuplicate());
                upload[i] = System.nanoTime() - t;
            }
        }
        ProvenanceOutbox outbox = new ProvenanceOutbox(Files.createTempDirectory(dir, "outbox"));
        List<ProvenanceEvent> events = events(uploads, "append");
        long[] appends = new long[uploads];
        for (int i = 0; i < uploads; i++) {
            long t = System.nanoTime();
            outbox.append(events.get(i), List.of("postgres"), Instant.now());
            appends[i] = System.nanoTime() - t;
        }
        System.out.printf("{\"mode\":\"append\",\"upload_mib\":%d,\"upload_median_ms\":%.2f,\"append_median_ms\":%.3f,"
                + "\"append_share_of_upload\":\"%.2f%%\"}%n", mib, median(upload) / 1e6, median(appends) / 1e6,
                100.0 * median(appends) / median(upload));
    }

    private static double median(long[] values) {
        long[] v = values.clone();
        Arrays.sort(v);
        return v[v.length / 2];
    }
}
