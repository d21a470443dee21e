package io.redback.rdw.etl;

import io.redback.rdw.BackendUnavailableException;
import io.redback.rdw.InvalidInputException;
import io.redback.rdw.RdwConfig;
import io.redback.rdw.etl.SqlPlan.Col;
import io.redback.rdw.query.embedded.DuckDb;
import org.duckdb.DuckDBPreparedStatement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Runs a {@link Pipeline} on a local file with the embedded engine: load (typed, in file order), one SQL statement for
 * all the steps, written straight to the output file, which appears only when complete. Out of core: DuckDB spills to
 * the work folder past its memory limit, and the JVM holds no rows.
 */
final class PipelineJob {
    private static final Logger LOG = LoggerFactory.getLogger(PipelineJob.class);

    /** Output formats, by the output file's extension. */
    enum Output {
        PARQUET("(FORMAT parquet, COMPRESSION zstd)"), CSV("(FORMAT csv, HEADER true)"),
        JSON("(FORMAT json, ARRAY true)"), NDJSON("(FORMAT json)");

        final String options;

        Output(String options) {
            this.options = options;
        }

        static Output of(Path file) {
            String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
            if (name.endsWith(".parquet")) {
                return PARQUET;
            }
            if (name.endsWith(".csv")) {
                return CSV;
            }
            if (name.endsWith(".json")) {
                return JSON;
            }
            if (name.endsWith(".jsonl") || name.endsWith(".ndjson")) {
                return NDJSON;
            }
            throw new InvalidInputException("output " + file.getFileName()
                    + ": the format comes from the extension: use .parquet, .csv, .json or .jsonl");
        }
    }

    private final RdwConfig config;
    private final LocalDate extractDate;

    PipelineJob(RdwConfig config, LocalDate extractDate) {
        this.config = config;
        this.extractDate = extractDate;
    }

    PipelineResult run(Pipeline pipeline, Path input, String label, Path output, RunOptions options) {
        Output format = Output.of(output);
        long started = System.nanoTime();
        Path partial = output.toAbsolutePath().resolveSibling("." + output.getFileName() + ".part");
        return inWorkDatabase(input, label, options, (st, file, loaded, progress) -> {
            Map<String, Object> stats = new LinkedHashMap<>();
            List<String> warnings = new ArrayList<>();
            List<String> dropped = new ArrayList<>();
            SqlPlan plan = new SqlPlan(localSource(loaded), columns(loaded), true);
            StepSql.Context ctx = new StepSql.Context(st, label, extractDate, false, stats, warnings, dropped);
            for (Step step : pipeline.steps()) {
                StepSql.apply(step, plan, ctx);
            }
            Files.deleteIfExists(partial);
            long t = System.nanoTime();
            progress.phase(60, 100);
            long rows = st.executeUpdate("COPY (" + plan.result() + ") TO " + DuckDb.quote(partial.toString()) + " "
                    + format.options);
            progress.done();
            LOG.info("{}: {} ran over {} rows in {} ms", label, pipeline.name(), loaded.rows(), (System.nanoTime() - t) / 1_000_000);
            Files.move(partial, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            warnings.forEach(w -> LOG.warn("{}: {}", label, w));
            Map<String, String> cols = new LinkedHashMap<>();
            plan.columns().forEach(c -> cols.put(c.name(), c.type()));
            return new PipelineResult(pipeline.name(), label, output.toString(), loaded.rows(), rows, cols, dropped, stats,
                    warnings, Duration.ofNanos(System.nanoTime() - started), null, false);
        }, partial);
    }

    /**
     * The pipeline as one SQL statement over {@code sourceRelation} — a relation with the input's columns as text, as
     * Dremio reads a CSV file — for an engine to run elsewhere. Types and column decisions come from {@code sample}.
     */
    String portableSql(Pipeline pipeline, Path sample, String label, String sourceRelation, RunOptions options) {
        return inWorkDatabase(sample, label, options, (st, file, loaded, progress) -> {
            // the steps look at the data while the plan is built: here through a local stand-in for the text relation,
            // whose name is swapped for the real one at the end
            StringBuilder text = new StringBuilder("CREATE VIEW " + TEXT_SOURCE + " AS SELECT ");
            for (int i = 0; i < loaded.names().size(); i++) {
                text.append(i == 0 ? "" : ", ").append("CAST(c").append(i).append(" AS VARCHAR) AS ")
                        .append(DuckDb.identifier(loaded.names().get(i)));
            }
            st.execute(text + " FROM src");
            SqlPlan plan = new SqlPlan(portableSource(loaded, TEXT_SOURCE), columns(loaded), false);
            StepSql.Context ctx = new StepSql.Context(st, label, extractDate, true, new LinkedHashMap<>(),
                    new ArrayList<>(), new ArrayList<>());
            for (Step step : pipeline.steps()) {
                StepSql.apply(step, plan, ctx);
            }
            return plan.result().replace(TEXT_SOURCE, sourceRelation);
        }, null);
    }

    private static final String TEXT_SOURCE = "rdw_text_source_6f1c";

    @FunctionalInterface
    private interface Work<T> {
        T run(Statement st, Path file, Source.Loaded loaded, Progress progress) throws SQLException, IOException;
    }

    private <T> T inWorkDatabase(Path input, String label, RunOptions options, Work<T> work, Path partial) {
        if (!Files.isRegularFile(input)) {
            throw new InvalidInputException("no such file: " + input);
        }
        Path dir = null;
        try {
            dir = Files.createTempDirectory("rdw-pipeline-");
            Source.Format format = Source.formatOf(input, label);
            Path file = input;
            if (format == Source.Format.XLSX) {
                file = dir.resolve("sheet.csv");
                Xlsx.toCsv(input, options.sheet, file, label);
                format = Source.Format.CSV;
            }
            // an in-memory database: DuckDB moves its blocks to the work folder when they outgrow the memory limit
            try (Connection db = DuckDb.open(config, null, dir, List.of()); Statement st = db.createStatement();
                 Progress progress = new Progress(st, options.progress)) {
                // DuckDB tracks how far a query is only with its progress bar on; it must not print, though
                st.execute("SET enable_progress_bar = true");
                st.execute("SET enable_progress_bar_print = false");
                long t = System.nanoTime();
                progress.phase(0, 40);
                Source.Loaded loaded = Source.load(st, file, label, format);
                LOG.info("{}: read {} rows in {} ms", label, loaded.rows(), (System.nanoTime() - t) / 1_000_000);
                progress.phase(40, 60);
                return work.run(st, file, loaded, progress);
            }
        } catch (SQLException e) {
            throw translate(label, e);
        } catch (IOException e) {
            throw new BackendUnavailableException(label + ": " + e.getMessage(), e);
        } finally {
            if (partial != null) {
                try {
                    Files.deleteIfExists(partial);
                } catch (IOException ignored) {
                    // hidden .part file; the next run replaces it
                }
            }
            deleteTree(dir);
        }
    }

    private static RuntimeException translate(String label, SQLException e) {
        String m = e.getMessage() == null ? e.toString() : e.getMessage();
        int cut = m.indexOf("\n\nLINE ");
        String message = (cut > 0 ? m.substring(0, cut) : m).strip();
        if (message.startsWith("Conversion Error") || message.startsWith("Invalid Input Error")
                || message.startsWith("Binder Error")) {
            return new InvalidInputException(label + ": " + message, e);
        }
        return new BackendUnavailableException(label + ": the embedded SQL engine failed: " + message, e);
    }

    /**
     * How far the whole run is, for {@code options.progress}: each phase (reading, the steps, writing) has its share
     * of 0-100, which DuckDB's progress on the statement running in it fills, a few times a second. Never goes back.
     */
    private static final class Progress implements AutoCloseable {
        private final Statement st;
        private final java.util.function.DoubleConsumer listener;
        private final Thread poller;
        private volatile double from;
        private volatile double to;
        private double shown = -1;

        Progress(Statement st, java.util.function.DoubleConsumer listener) {
            this.st = st;
            this.listener = listener;
            this.poller = new Thread(this::poll, "rdw-pipeline-progress");
            poller.setDaemon(true);
            poller.start();
        }

        void phase(double start, double end) {
            from = start;
            to = end;
            report(start);
        }

        void done() {
            report(100);
        }

        private void poll() {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    double p = ((DuckDBPreparedStatement) st).getQueryProgress().getPercentage();
                    if (p >= 0) {
                        report(from + (to - from) * Math.min(p, 100) / 100);
                    }
                } catch (SQLException | RuntimeException e) {
                    // no statement running right now, or it just ended: ask again at the next tick
                }
                try {
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        private synchronized void report(double p) {
            if (p > shown) {
                shown = p;
                listener.accept(p);
            }
        }

        @Override
        public void close() {
            poller.interrupt();
        }
    }

    private static List<Col> columns(Source.Loaded loaded) {
        List<Col> cols = new ArrayList<>();
        for (int i = 0; i < loaded.names().size(); i++) {
            cols.add(new Col(loaded.names().get(i), finalType(loaded.types().get(i))));
        }
        return cols;
    }

    private static String finalType(String t) {
        return t.startsWith("VARCHAR->") ? t.substring("VARCHAR->".length()) : t;
    }

    /** The loaded table, in file order, with the column names of the file. */
    private static String localSource(Source.Loaded loaded) {
        StringBuilder s = new StringBuilder("SELECT rowid AS __rn");
        for (int i = 0; i < loaded.names().size(); i++) {
            String t = loaded.types().get(i);
            String c = "c" + i;
            String value = !t.startsWith("VARCHAR->") ? c : switch (finalType(t)) {
                case "BOOLEAN" -> "lower(" + c + ") = 'true'";
                case "TIMESTAMPTZ" -> "CAST(" + c + " AS TIMESTAMP WITH TIME ZONE)";
                default -> "CAST(" + c + " AS " + finalType(t) + ")";
            };
            s.append(", ").append(value).append(" AS ").append(DuckDb.identifier(loaded.names().get(i)));
        }
        return s + " FROM src";
    }

    /** The same columns from a relation of text columns: missing markers to null, then each column's type. */
    private static String portableSource(Source.Loaded loaded, String relation) {
        StringBuilder na = new StringBuilder();
        for (String v : Source.NA_VALUES) {
            na.append(na.length() == 0 ? "" : ", ").append(DuckDb.quote(v));
        }
        StringBuilder s = new StringBuilder("SELECT ROW_NUMBER() OVER () AS __rn");
        for (int i = 0; i < loaded.names().size(); i++) {
            String col = DuckDb.identifier(loaded.names().get(i));
            String text = "CASE WHEN " + col + " IN (" + na + ") THEN NULL ELSE " + col + " END";
            String value = switch (finalType(loaded.types().get(i))) {
                case "VARCHAR" -> text;
                case "BOOLEAN" -> "CASE WHEN LOWER(" + col + ") = 'true' THEN TRUE WHEN LOWER(" + col + ") = 'false' THEN FALSE END";
                case "TIMESTAMPTZ" -> "CAST(" + text + " AS TIMESTAMP)";
                case "BIGINT", "DOUBLE", "DATE", "TIMESTAMP" -> "CAST(" + text + " AS " + finalType(loaded.types().get(i)) + ")";
                default -> throw new InvalidInputException("the SQL form supports flat tables of text, numbers, booleans, "
                        + "dates and timestamps; column " + loaded.names().get(i) + " is " + loaded.types().get(i));
            };
            s.append(", ").append(value).append(" AS ").append(col);
        }
        return s + " FROM " + relation;
    }

    static void deleteTree(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // temporary
                }
            });
        } catch (IOException ignored) {
            // temporary folder; the OS cleans it eventually
        }
    }
}
