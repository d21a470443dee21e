package io.redback.rdw.cli;

import io.redback.rdw.Layer;
import io.redback.rdw.ObjectInfo;
import io.redback.rdw.ProvenanceEvent;
import io.redback.rdw.ProvenanceQuery;
import io.redback.rdw.QueryResult;
import io.redback.rdw.RdwConfig;
import io.redback.rdw.WarehouseClient;
import io.redback.rdw.etl.PipelineResult;
import io.redback.rdw.etl.Pipelines;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;

@Command(name = "quickstart", header = "The whole path on an embedded warehouse: upload a messy CSV, clean it, query it.",
        mixinStandardHelpOptions = true,
        description = {"The whole path in one go, on an embedded warehouse: make a small messy CSV, upload it to",
                "bronze, clean it into silver, run an aggregate query over the silver object, and show where",
                "everything is. Uses --warehouse DIR if given, else the embedded warehouse folder (see 'rdw config')."})
final class QuickstartCommand implements Callable<Integer> {
    @ParentCommand
    RdwCommand root;
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        Path folder = root.warehouse != null ? root.warehouse : root.config().warehouse();
        out.println("The warehouse: " + folder.toAbsolutePath() + (root.warehouse != null ? " (--warehouse)"
                : " (the default folder; --warehouse DIR or RDW_WAREHOUSE chooses another)"));
        out.println();
        Path csv = io.redback.rdw.helpers.TemporaryFiles.createSystemDirectory("quickstart").resolve("rides_messy.csv");
        int rows = writeMessyCsv(csv);
        out.println("1. A messy CSV, like the ones teams upload (made for this run and removed at the end; bronze keeps");
        out.println("   its copy): " + rows + " rows, headers with spaces and units, an empty column, 'NA' values,");
        out.println("   near-empty rows, duplicate rows and quoted notes with commas.");

        try (WarehouseClient dw = WarehouseClient.builder().warehouse(folder).eventSource("rdw:cli").build()) {
            java.time.Instant started = java.time.Instant.now().minusMillis(1);
            ObjectInfo raw = dw.bucket(Layer.BRONZE).upload(csv, "project1", o -> o.task("t1_rides"));
            boolean again = raw.created().filter(c -> c.isBefore(started)).isPresent();
            out.println();
            out.println(again ? "2. Already in bronze from an earlier run (the same content is never stored twice):"
                    : "2. Uploaded to bronze (write-once, named with a UTC timestamp, SHA-256 recorded):");
            out.println("   key:  " + raw.key());
            out.println("   file: " + dw.bucket(Layer.BRONZE).localFile(raw.key()).orElseThrow());

            PipelineResult clean = Pipelines.on(dw).clean(raw.key());
            ObjectInfo silver = clean.silverObject().orElseThrow();
            out.println();
            if (clean.reused()) {
                out.println("3. Already cleaned into silver by an earlier run (same content, same pipeline: nothing to do):");
            } else {
                out.println("3. Cleaned into silver as Parquet (Data Clean Up), with its lineage:");
                out.println("   " + clean.rowsIn() + " rows in, " + clean.rowsOut() + " rows out; dropped empty column(s) "
                        + clean.droppedColumns());
                out.println("   columns: " + clean.columns());
            }
            out.println("   key:  " + silver.key());
            out.println("   file: " + dw.bucket(Layer.SILVER).localFile(silver.key()).orElseThrow());

            String path = silver.sqlPath();
            String sql = "SELECT device_type, count(*) AS rides, round(avg(speed_km_h), 1) AS avg_speed_kmh,\n"
                    + "       max(heart_rate_bpm) AS max_heart_rate\n"
                    + "FROM " + path + "\n"
                    + "GROUP BY device_type ORDER BY rides DESC, device_type";
            out.println();
            out.println("4. An aggregate query over the silver object (SELECT-only, Dremio-style path):");
            out.print(indent(sql));
            out.println();
            try (QueryResult result = dw.query(sql)) {
                out.print(indent(result.toText(20)));
            }

            String stem = raw.key().substring(0, raw.key().lastIndexOf('.'));
            List<ProvenanceEvent> events = dw.provenance(ProvenanceQuery.all().keyPrefix(stem));
            out.println();
            out.println("5. Provenance: one event per write, in " + dw.describe().get("provenance").replaceFirst("^embedded:", ""));
            for (ProvenanceEvent e : events) {
                out.println("   " + ProvenanceCommand.line(e));
            }
            String at = root.warehouse != null ? " --warehouse " + root.warehouse : "";
            String task = silver.sqlPath().substring(0, silver.sqlPath().lastIndexOf(".\""));
            out.println();
            out.println("Next, in the same warehouse:");
            out.println("   ./rdw ls" + at);
            out.println("   ./rdw query" + at + " 'SELECT count(*) AS rides FROM " + task.replace("'", "'\\''") + "'"
                    + "    # a folder reads as one table");
            out.println("   ./rdw provenance" + at);
            out.println("   ./rdw --help");
        }
        Files.deleteIfExists(csv);
        Files.deleteIfExists(csv.getParent());
        return 0;
    }

    private static String indent(String text) {
        return text.lines().map(l -> "   " + l).reduce((a, b) -> a + "\n" + b).orElse("") + "\n";
    }

    /** A small, deterministic file with the usual problems of real uploads. */
    static int writeMessyCsv(Path file) {
        String[] devices = {"garmin-fenix", "wahoo-kickr", "apple-watch", "polar-h10"};
        Random rnd = new Random(2025);
        StringBuilder b = new StringBuilder("Record ID, User Name ,Device-Type,Timestamp,Heart Rate (bpm),Speed km/h,"
                + "Empty Col,Is Active,Session Notes\n");
        int rows = 0;
        String duplicate = null;
        for (int i = 1; i <= 40; i++) {
            if (i % 13 == 0) {
                b.append(i).append(",,,,,,,,\n");
                rows++;
                continue;
            }
            String hr = i % 11 == 0 ? "NA" : Integer.toString(95 + rnd.nextInt(90));
            String speed = i % 9 == 0 ? "" : String.format(java.util.Locale.ROOT, "%.1f", 12 + rnd.nextDouble() * 30);
            String line = i + ",user" + (100 + rnd.nextInt(8)) + "," + devices[rnd.nextInt(devices.length)]
                    + ",2025-03-" + String.format("%02d", 1 + i % 28) + "T0" + (i % 10) + ":15:00Z," + hr + "," + speed
                    + ",," + (rnd.nextInt(4) > 0) + "," + (i % 7 == 0 ? "\"hill, then sprint\"" : "steady") + "\n";
            b.append(line);
            rows++;
            if (i == 5 || i == 17) {
                duplicate = line;
            }
            if (duplicate != null && (i == 8 || i == 20)) {
                b.append(duplicate);
                rows++;
            }
        }
        try {
            Files.writeString(file, b.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }
}
