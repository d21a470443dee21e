package io.redback.rdw.tables;

import io.redback.rdw.Layer;
import io.redback.rdw.QueryResult;
import io.redback.rdw.RdwConfig;
import io.redback.rdw.WarehouseClient;
import io.redback.rdw.spi.FileFormat;
import io.redback.rdw.spi.SqlWorkspace;
import io.redback.rdw.storage.s3.S3Server;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Commit latency and time travel of versioned tables, on the warehouse folder and on an S3 server (S3Proxy in this
 * JVM): a table is created from a 10,000-row Parquet file, then {@code COMMITS} appends of 10,000 rows each are
 * timed, the two stores interleaved (folder, S3, folder, S3, ...). Then reads: on the folder, every row of the first
 * snapshot against every row of the current one (counted, and the counts checked); on S3, whose rows only Dremio
 * reads, planning the files of each version. Prints the median and every run. A wrong count fails loudly (exit 1).
 *
 * <p>Run: {@code bench/table-commits.sh [COMMITS]} (default 15).
 */
public final class TableBenchmark {
    private static final int ROWS = 10_000;

    private TableBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int commits = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        Path dir = Files.createTempDirectory("rdw-table-bench");
        try (S3Server s3 = new S3Server(dir.resolve("s3"));
             WarehouseClient local = client(dir.resolve("folder"), Map.of());
             WarehouseClient remote = client(dir.resolve("s3-local"), Map.of("rdw.s3.endpoint", s3.endpoint(),
                     "rdw.s3.access-key", S3Server.ACCESS_KEY, "rdw.s3.secret-key", S3Server.SECRET_KEY))) {
            remote.createBuckets();
            Path file = rows(local, dir.resolve("rows.parquet"));
            VersionedTable onFolder = Tables.on(local).create(Layer.SILVER, "bench.rides", file);
            VersionedTable onS3 = Tables.on(remote).create(Layer.SILVER, "bench.rides", file);
            long firstFolder = onFolder.history().get(0).id();
            long firstS3 = onS3.history().get(0).id();
            List<Double> folderCommits = new ArrayList<>();
            List<Double> s3Commits = new ArrayList<>();
            for (int i = 0; i < commits; i++) {
                folderCommits.add(time(() -> onFolder.append(file)));
                s3Commits.add(time(() -> onS3.append(file)));
            }
            long total = (long) ROWS * (commits + 1);
            check(onFolder.history().get(0).totalRows() == total && onS3.history().get(0).totalRows() == total,
                    "the tables hold " + onFolder.history().get(0).totalRows() + " and " + onS3.history().get(0).totalRows()
                            + " rows, not " + total);

            List<Double> readOld = new ArrayList<>();
            List<Double> readNow = new ArrayList<>();
            List<Double> planOld = new ArrayList<>();
            List<Double> planNow = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                readOld.add(time(() -> count(onFolder, TableVersion.snapshot(firstFolder), ROWS)));
                readNow.add(time(() -> count(onFolder, TableVersion.current(), total)));
                planOld.add(time(() -> check(onS3.files(TableVersion.snapshot(firstS3)).size() == 1, "one file at first")));
                planNow.add(time(() -> check(onS3.files(TableVersion.current()).size() == commits + 1, "a file a commit")));
            }
            System.out.printf(Locale.ROOT, "%d appends of %,d rows each, interleaved; medians in ms, then every run%n", commits, ROWS);
            print("commit, warehouse folder", folderCommits);
            print("commit, S3 (S3Proxy)", s3Commits);
            print("read first snapshot (10,000 rows), folder", readOld);
            print("read current (" + String.format(Locale.ROOT, "%,d", total) + " rows), folder", readNow);
            print("plan first snapshot's files, S3", planOld);
            print("plan current files, S3", planNow);
        } finally {
            io.redback.rdw.helpers.TemporaryFiles.deleteTree(dir);
        }
    }

    private static WarehouseClient client(Path warehouse, Map<String, String> settings) {
        RdwConfig.Builder b = RdwConfig.builder().noFile().environment(Map.of()).warehouse(warehouse);
        settings.forEach(b::set);
        return WarehouseClient.builder().config(b.build()).build();
    }

    private static Path rows(WarehouseClient dw, Path file) {
        try (SqlWorkspace ws = dw.context().sqlRuntime().workspace("bench", file.getParent())) {
            ws.copy("SELECT i AS id, 'user' || (i % 500) AS user_name, (i % 600) / 10.0 AS speed FROM range(" + ROWS
                    + ") t(i)", file, FileFormat.PARQUET);
        }
        return file;
    }

    private static void count(VersionedTable t, TableVersion v, long expected) {
        long n;
        try (QueryResult r = t.read(v)) {
            n = r.stream().count();
        }
        check(n == expected, t + " at " + v + " read " + n + " rows, not " + expected);
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            System.err.println("table benchmark: " + what);
            System.exit(1);
        }
    }

    private static double time(Runnable work) {
        long t = System.nanoTime();
        work.run();
        return (System.nanoTime() - t) / 1e6;
    }

    private static void print(String what, List<Double> ms) {
        List<Double> sorted = new ArrayList<>(ms);
        Collections.sort(sorted);
        double median = sorted.get(sorted.size() / 2);
        StringBuilder runs = new StringBuilder();
        ms.forEach(m -> runs.append(runs.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.0f", m)));
        System.out.printf(Locale.ROOT, "%-48s %8.1f   %s%n", what, median, runs);
    }
}
