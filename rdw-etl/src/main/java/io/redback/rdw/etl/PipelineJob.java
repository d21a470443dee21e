package io.redback.rdw.etl;

import io.redback.rdw.BackendUnavailableException;
import io.redback.rdw.InvalidInputException;
import io.redback.rdw.Progress;
import io.redback.rdw.ProgressListener;
import io.redback.rdw.etl.SqlPlan.Col;
import io.redback.rdw.etl.contracts.ContractFailedException;
import io.redback.rdw.etl.contracts.ContractReport;
import io.redback.rdw.etl.contracts.WarehouseContracts;
import io.redback.rdw.helpers.TemporaryFiles;
import io.redback.rdw.spi.FileFormat;
import io.redback.rdw.spi.LoadedColumn;
import io.redback.rdw.spi.LoadedTable;
import io.redback.rdw.spi.SqlDialect;
import io.redback.rdw.spi.SqlRuntime;
import io.redback.rdw.spi.SqlWorkspace;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs a {@link Pipeline} on a local file in a workspace of the client's SQL runtime: load (typed, in file order), one
 * SQL statement for all the steps, written straight to the output file, which appears only when complete. Out of
 * core: the runtime spills to the work folder past its memory limit, and the JVM holds no rows.
 */
final class PipelineJob {
    private static final Logger LOG = LoggerFactory.getLogger(PipelineJob.class);
    /** The loaded input's table in the workspace. */
    private static final String SOURCE = "src";
    private static final String TEXT_SOURCE = "rdw_text_source_6f1c";

    private final SqlRuntime runtime;
    private final LocalDate extractDate;
    private final WarehouseContracts contracts;

    PipelineJob(SqlRuntime runtime, LocalDate extractDate, WarehouseContracts contracts) {
        this.runtime = runtime;
        this.extractDate = extractDate;
        this.contracts = contracts;
    }

    /** The output format, by the output file's extension. */
    static FileFormat outputFormat(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".parquet")) {
            return FileFormat.PARQUET;
        }
        if (name.endsWith(".csv")) {
            return FileFormat.CSV;
        }
        if (name.endsWith(".json")) {
            return FileFormat.JSON;
        }
        if (name.endsWith(".jsonl") || name.endsWith(".ndjson")) {
            return FileFormat.NDJSON;
        }
        throw new InvalidInputException("output " + file.getFileName()
                + ": the format comes from the extension: use .parquet, .csv, .json or .jsonl");
    }

    PipelineResult run(Pipeline pipeline, Path input, String label, Path output, RunOptions options) {
        FileFormat format = outputFormat(output);
        long started = System.nanoTime();
        return inWorkspace(input, label, options, (ws, loaded, progress) -> {
            Map<String, Object> stats = new LinkedHashMap<>();
            List<String> warnings = new ArrayList<>();
            List<String> dropped = new ArrayList<>();
            SqlPlan plan = new SqlPlan(ws.dialect(), localSource(ws.dialect(), loaded), columns(ws.dialect(), loaded), true);
            PhaseTimes times = new PhaseTimes();
            ws.timings().forEach(times::add);
            StepSql.Context ctx = new StepSql.Context(ws, label, extractDate, false, stats, warnings, dropped, times);
            for (Step step : pipeline.steps()) {
                StepSql.apply(step, plan, ctx);
            }
            long t = System.nanoTime();
            progress.phase(60, 100);
            long rows;
            ContractReport report = null;
            if (options.profile || options.contract != null) {
                String table = plan.newTable();
                times.time("statement", () -> ws.execute("CREATE TABLE " + table + " AS " + plan.result()));
                if (options.contract != null) {
                    // the output is checked where it was computed, before a byte of it is written
                    String dataset = options.contractDataset != null ? options.contractDataset : output.getFileName().toString();
                    report = times.time("contract", () -> contracts.checkTable(ws, table, options.contract,
                            options.contractObject, dataset));
                    if (!report.valid()) {
                        throw new ContractFailedException(dataset, report);
                    }
                }
                rows = times.time("write", () -> ws.copy("SELECT * FROM " + table, output, format));
            } else {
                rows = times.time("statement and write", () -> ws.copy(plan.result(), output, format));
            }
            progress.done();
            LOG.info("{}: {} ran over {} rows in {} ms", label, pipeline.name(), loaded.rows(), (System.nanoTime() - t) / 1_000_000);
            warnings.forEach(w -> LOG.warn("{}: {}", label, w));
            Map<String, String> cols = new LinkedHashMap<>();
            plan.columns().forEach(c -> cols.put(c.name(), c.type()));
            return new PipelineResult(pipeline.name(), label, output.toString(), loaded.rows(), rows, cols, dropped, stats,
                    warnings, Duration.ofNanos(System.nanoTime() - started), null, PipelineResult.Outcome.WRITTEN,
                    times.asMap(), report);
        });
    }

    /**
     * The pipeline as one SQL statement over {@code sourceRelation} — a relation with the input's columns as text, as
     * Dremio reads a CSV file — for an engine to run elsewhere. Types and column decisions come from {@code sample}.
     */
    String portableSql(Pipeline pipeline, Path sample, String label, String sourceRelation, RunOptions options) {
        return inWorkspace(sample, label, options, (ws, loaded, progress) -> {
            // the steps look at the data while the plan is built: here through a local stand-in for the text relation,
            // whose name is swapped for the real one at the end
            SqlDialect d = ws.dialect();
            StringBuilder text = new StringBuilder("CREATE VIEW " + TEXT_SOURCE + " AS SELECT ");
            for (int i = 0; i < loaded.columns().size(); i++) {
                LoadedColumn c = loaded.columns().get(i);
                text.append(i == 0 ? "" : ", ").append("CAST(").append(c.value()).append(" AS VARCHAR) AS ")
                        .append(d.identifier(c.name()));
            }
            ws.execute(text + " FROM " + d.identifier(loaded.table()));
            SqlPlan plan = new SqlPlan(d, portableSource(d, loaded, TEXT_SOURCE), columns(d, loaded), false);
            StepSql.Context ctx = new StepSql.Context(ws, label, extractDate, true, new LinkedHashMap<>(),
                    new ArrayList<>(), new ArrayList<>(), new PhaseTimes());
            for (Step step : pipeline.steps()) {
                StepSql.apply(step, plan, ctx);
            }
            return plan.result().replace(TEXT_SOURCE, sourceRelation);
        });
    }

    @FunctionalInterface
    private interface Work<T> {
        T run(SqlWorkspace ws, LoadedTable loaded, PhaseProgress progress);
    }

    /** The input formats, by the name of the file or object. */
    private enum Input { CSV, TXT, JSON, XLSX }

    private static Input inputOf(Path input, String label) {
        String name = input.getFileName().toString().toLowerCase(Locale.ROOT);
        String ext = label.toLowerCase(Locale.ROOT);
        if (ext.endsWith(".xlsx") || name.endsWith(".xlsx")) {
            return Input.XLSX;
        }
        if (ext.endsWith(".json") || ext.endsWith(".jsonl") || ext.endsWith(".ndjson")) {
            return Input.JSON;
        }
        if (ext.endsWith(".txt") || ext.endsWith(".tsv")) {
            return Input.TXT;
        }
        return Input.CSV;
    }

    private <T> T inWorkspace(Path input, String label, RunOptions options, Work<T> work) {
        if (!Files.isRegularFile(input)) {
            throw new io.redback.rdw.NotFoundException("no such file: " + io.redback.rdw.helpers.Names.printable(input.toString()));
        }
        Path dir = null;
        try {
            dir = TemporaryFiles.createSystemDirectory("pipeline");
            Path file = input;
            FileFormat format = switch (inputOf(input, label)) {
                case CSV -> FileFormat.CSV;
                case TXT -> FileFormat.TXT;
                case JSON -> FileFormat.JSON;
                case XLSX -> {
                    file = dir.resolve("sheet.csv");
                    Xlsx.toCsv(input, options.sheet, file, label);
                    yield FileFormat.CSV;
                }
            };
            // the work database spills into the job's folder when its data outgrows the memory limit
            try (SqlWorkspace ws = runtime.workspace(label, dir)) {
                PhaseProgress progress = new PhaseProgress(options.progress);
                if (options.progress != ProgressListener.NONE) {
                    ws.progress(progress);
                }
                long t = System.nanoTime();
                progress.phase(0, 40);
                LoadedTable loaded = ws.load(SOURCE, file, format, label);
                LOG.info("{}: read {} rows in {} ms", label, loaded.rows(), (System.nanoTime() - t) / 1_000_000);
                progress.phase(40, 60);
                return work.run(ws, loaded, progress);
            }
        } catch (IOException e) {
            throw new BackendUnavailableException(label + ": " + e.getMessage(), e);
        } finally {
            TemporaryFiles.deleteTree(dir);
        }
    }

    /**
     * How far the whole run is, for {@code options.progress}: each phase (reading, the steps, writing) has its share
     * of 0-100, which the progress of the workspace's operation running in it fills. Never goes back.
     */
    private static final class PhaseProgress implements ProgressListener {
        private final ProgressListener listener;
        private long from;
        private long to;
        private long shown = -1;

        PhaseProgress(ProgressListener listener) {
            this.listener = listener;
        }

        synchronized void phase(long start, long end) {
            from = start;
            to = end;
            report(start);
        }

        void done() {
            report(100);
        }

        /** The workspace's operation is {@code p} of the way: that share of the current phase. */
        @Override
        public synchronized void update(Progress p) {
            double f = p.fraction();
            if (f >= 0) {
                report(from + (long) ((to - from) * f));
            }
        }

        private synchronized void report(long percent) {
            if (percent > shown) {
                shown = percent;
                listener.update(new Progress(percent, 100, Progress.Unit.PERCENT));
            }
        }
    }

    private static List<Col> columns(SqlDialect d, LoadedTable loaded) {
        List<Col> cols = new ArrayList<>();
        for (LoadedColumn c : loaded.columns()) {
            cols.add(new Col(c.name(), c.type(), d.identifier(c.name())));
        }
        return cols;
    }

    /** The loaded table, in file order, with the column names of the file. */
    private static String localSource(SqlDialect d, LoadedTable loaded) {
        StringBuilder s = new StringBuilder("SELECT " + d.rowPosition() + " AS __rn");
        for (LoadedColumn c : loaded.columns()) {
            s.append(", ").append(c.value()).append(" AS ").append(d.identifier(c.name()));
        }
        return s + " FROM " + d.identifier(loaded.table());
    }

    /** The same columns from a relation of text columns: missing markers to null, then each column's type. */
    private static String portableSource(SqlDialect d, LoadedTable loaded, String relation) {
        StringBuilder na = new StringBuilder();
        for (String v : SqlWorkspace.NULL_MARKERS) {
            na.append(na.length() == 0 ? "" : ", ").append(d.literal(v));
        }
        StringBuilder s = new StringBuilder("SELECT ROW_NUMBER() OVER () AS __rn");
        for (LoadedColumn c : loaded.columns()) {
            String col = d.identifier(c.name());
            String text = "CASE WHEN " + col + " IN (" + na + ") THEN NULL ELSE " + col + " END";
            String value = switch (c.type()) {
                case "VARCHAR" -> text;
                case "BOOLEAN" -> "CASE WHEN LOWER(" + col + ") = 'true' THEN TRUE WHEN LOWER(" + col + ") = 'false' THEN FALSE END";
                case "TIMESTAMPTZ" -> "CAST(" + text + " AS TIMESTAMP)";
                case "BIGINT", "DOUBLE", "DATE", "TIMESTAMP" -> "CAST(" + text + " AS " + c.type() + ")";
                default -> throw new InvalidInputException("the SQL form supports flat tables of text, numbers, booleans, "
                        + "dates and timestamps; column " + c.name() + " is " + c.type());
            };
            s.append(", ").append(value).append(" AS ").append(col);
        }
        return s + " FROM " + relation;
    }
}
