package io.redback.rdw.cli;

import io.redback.rdw.QueryCheck;
import io.redback.rdw.QueryResult;
import io.redback.rdw.ResultFormat;
import io.redback.rdw.WarehouseClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

@Command(name = "query", mixinStandardHelpOptions = true,
        description = {"Run one read-only SQL query (SELECT, WITH, VALUES, UNION ...). Anything else is refused before",
                "it reaches the engine. Address objects Dremio-style: \"bucket\".\"folder\"...\"file\"."},
        footer = {"", "Examples:",
                "  rdw query 'SELECT device_type, count(*) AS n FROM \"dw-bucket-silver\".\"project1\".\"2025\".\"t1_rides\" GROUP BY 1'",
                "  rdw query --format csv 'SELECT * FROM \"dw-bucket-bronze\".\"project1\".\"2025\".\"rides_20251125T101500123Z.csv\"'",
                "  rdw query --check 'DROP TABLE x'"})
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

    @Parameters(paramLabel = "SQL", description = "The query (quote it for the shell).")
    String sql;
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
        try (WarehouseClient dw = root.client(RdwCommand.Access.READ)) {
            if (check) {
                QueryCheck verdict = dw.check(sql);
                if (verdict.allowed()) {
                    out.println("allowed");
                    return 0;
                }
                spec.commandLine().getErr().println("refused (" + verdict.kind() + "): " + verdict.reason());
                return Main.REFUSED;
            }
            QueryResult result = dw.query(sql);
            if (format == Format.parquet && output == null) {
                result.close();
                throw new io.redback.rdw.InvalidInputException("--format parquet needs --output FILE");
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
}
