package io.redback.rdw.cli;

import io.redback.rdw.QueryCheck;
import io.redback.rdw.QueryResult;
import io.redback.rdw.ResultFormat;
import io.redback.rdw.WarehouseClient;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
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

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
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
