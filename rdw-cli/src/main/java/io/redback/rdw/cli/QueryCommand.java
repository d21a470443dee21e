package io.redback.rdw.cli;

import io.redback.rdw.QueryCheck;
import io.redback.rdw.QueryResult;
import io.redback.rdw.ResultFormat;
import io.redback.rdw.WarehouseClient;
import io.redback.rdw.helpers.AtomicFiles;
import io.redback.rdw.jupyter.Chart;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "query", header = "Run one read-only SQL query; anything else is refused before it reaches the engine.",
        mixinStandardHelpOptions = true,
        description = {"Run one read-only SQL query (SELECT, WITH, VALUES, UNION ...). Anything else is refused before",
                "it reaches the engine. Address objects Dremio-style: \"bucket\".\"folder\"...\"file\"."},
        footer = {"", "Examples:",
                "  rdw query 'SELECT device_type, count(*) AS n FROM \"dw-bucket-silver\".\"project1\".\"2025\".\"t1_rides\" GROUP BY 1'",
                "  rdw query --format csv 'SELECT * FROM \"dw-bucket-bronze\".\"project1\".\"2025\".\"rides_20251125T101500123Z.csv\"'",
                "  rdw query --check 'DROP TABLE x'",
                "  rdw query --file top_devices.sql --format html --output top.html",
                "  rdw query 'SELECT device_type, count(*) AS n FROM ... GROUP BY 1' --chart bar --x device_type --y n --output rides.png",
                "  rdw query 'SELECT speed FROM ...' --chart histogram --x speed --bins 30 --output speed.svg",
                "  cat q.sql | rdw query -"})
final class QueryCommand implements Callable<Integer> {
    enum Format {
        table(ResultFormat.TEXT), csv(ResultFormat.CSV), json(ResultFormat.JSON), html(ResultFormat.HTML),
        parquet(ResultFormat.PARQUET);

        final ResultFormat result;

        Format(ResultFormat result) {
            this.result = result;
        }
    }

    enum ChartKind { bar, line, scatter, histogram }

    @ParentCommand
    RdwCommand root;
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "SQL", arity = "0..1", description = "The query (quote it for the shell; it may start with a "
            + "-- comment), or - to read it from standard input.")
    String sql;
    @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "Read the query from this file.")
    java.nio.file.Path file;
    @Option(names = "--format", defaultValue = "table",
            description = "table (default), csv, json (the query proxy's shape), html, or parquet (needs --output).")
    Format format;
    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the result to this file instead of the terminal.")
    java.nio.file.Path output;
    @Option(names = "--overwrite", description = "Replace the --output file if it exists (otherwise it is never touched).")
    boolean overwrite;
    @Option(names = "--check", description = "Only check the statement: print 'allowed', or the reason and exit 4.")
    boolean check;
    @Option(names = "--max-rows", defaultValue = "100", description = "Rows shown in table format (default: ${DEFAULT-VALUE}).")
    int maxRows;

    @Option(names = "--chart", paramLabel = "KIND", description = "Draw the result instead: bar, line, scatter or "
            + "histogram, into --output FILE (.png or .svg).")
    ChartKind chart;
    @Option(names = "--x", paramLabel = "COLUMN", description = "The chart's x column (a histogram's column); default: the first.")
    String x;
    @Option(names = "--y", paramLabel = "COLUMN", description = "The chart's y column, a number; default: the first numeric one after x.")
    String y;
    @Option(names = "--bins", paramLabel = "N", description = "A histogram's number of bins (default: 20).")
    Integer bins;
    @Option(names = "--title", paramLabel = "TEXT", description = "The chart's title (default: y by x).")
    String title;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        checkChartOptions();
        String sql = statement();
        if (check) {
            // the guard alone: nothing is opened, no warehouse is needed
            QueryCheck verdict = WarehouseClient.check(sql, root.config());
            if (verdict.allowed()) {
                out.println("allowed");
                return 0;
            }
            spec.commandLine().getErr().println("refused (" + verdict.kind() + "): " + verdict.reason());
            return Main.REFUSED;
        }
        if (chart != null) {
            try (WarehouseClient dw = root.client(RdwCommand.Access.READ); QueryResult result = dw.query(sql)) {
                return drawChart(result, out);
            }
        }
        try (WarehouseClient dw = root.client(RdwCommand.Access.READ)) {
            QueryResult result = dw.query(sql);
            if (format == Format.parquet && output == null) {
                result.close();
                throw new CommandLine.ParameterException(spec.commandLine(), "--format parquet needs --output FILE");
            }
            if (output != null) {
                long rows = result.export(output, o -> {
                    o.format(format.result).maxRows(maxRows);
                    if (overwrite) {
                        o.overwrite();
                    }
                });
                out.println(rows + " rows written to " + output);
                return 0;
            }
            switch (format) {
                case table -> out.print(result.toText(maxRows));
                case html -> out.print(result.toHtml(maxRows));
                default -> {
                    result.export(out, format.result);
                    if (format == Format.json) {
                        out.println();
                    }
                }
            }
        }
        out.flush();
        return 0;
    }

    /** A chart goes to a file; its options mean nothing without --chart. */
    private void checkChartOptions() {
        if (chart == null && (x != null || y != null || bins != null || title != null)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--x, --y, --bins and --title go with --chart");
        }
        if (chart != null && output == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--chart needs --output FILE (.png or .svg)");
        }
        if (bins != null && chart != ChartKind.histogram) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--bins goes with --chart histogram");
        }
        if (chart != null && check) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--check only checks the statement: drop --chart");
        }
    }

    private int drawChart(QueryResult result, PrintWriter out) {
        Chart c = Chart.of(Chart.Kind.parse(chart.name()), result);
        if (chart == ChartKind.histogram) {
            // a histogram has one column: --x, or --y for those who think of it as the value axis
            String column = x != null ? x : y;
            if (x != null && y != null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "a histogram counts one column: give --x only");
            }
            if (column != null) {
                c.x(column);
            }
        } else {
            if (x != null) {
                c.x(x);
            }
            if (y != null) {
                c.y(y);
            }
        }
        if (bins != null) {
            c.bins(bins);
        }
        if (title != null) {
            c.title(title);
        }
        Path written = c.save(output, overwrite ? AtomicFiles.Existing.REPLACE : AtomicFiles.Existing.REFUSE);
        out.println(c + " written to " + written);
        out.flush();
        return 0;
    }

    /** The statement: the argument, a file (--file), or standard input (-); exactly one of them. */
    private String statement() {
        if ((sql == null) == (file == null)) {
            throw new CommandLine.ParameterException(spec.commandLine(), sql == null
                    ? "give the query as an argument, with --file FILE, or - to read it from standard input"
                    : "give the query either as an argument or with --file, not both");
        }
        try {
            if (file != null) {
                if (!java.nio.file.Files.isRegularFile(file)) {
                    throw new io.redback.rdw.NotFoundException("no such file: " + file);
                }
                return java.nio.file.Files.readString(file);
            }
            return sql.equals("-") ? new String(System.in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8) : sql;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot read the query: " + e.getMessage(), e);
        }
    }
}
