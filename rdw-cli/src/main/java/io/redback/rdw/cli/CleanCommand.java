package io.redback.rdw.cli;

import io.redback.rdw.InvalidInputException;
import io.redback.rdw.RdwConfig;
import io.redback.rdw.WarehouseClient;
import io.redback.rdw.etl.CleanResult;
import io.redback.rdw.etl.Pipelines;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "clean", mixinStandardHelpOptions = true,
        description = {"\"Data Clean Up\", as the upload service does it: drop empty columns, standardise column names,",
                "drop rows with fewer than 2 values, drop duplicate rows, add extract_date and unique_id.",
                "Column types are kept (integers stay integers). A malformed CSV is refused with its line number",
                "and nothing is written.",
                "",
                "Either a local file (INPUT --output OUTPUT, format from the extension: .parquet or .csv),",
                "or a bronze object (--key KEY) into silver Parquet, recorded with its lineage."},
        footer = {"", "Examples:", "  rdw clean rides.csv --output rides_clean.parquet",
                "  rdw clean --key project1/2025/rides_20251125T101500123Z.csv"})
final class CleanCommand implements Callable<Integer> {
    @ParentCommand
    RdwCommand root;
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "INPUT", arity = "0..1", description = "A local CSV file.")
    Path input;
    @Option(names = {"-o", "--output"}, paramLabel = "OUTPUT", description = "The local file to write (.parquet or .csv).")
    Path output;
    @Option(names = "--key", description = "A bronze object to clean into silver.")
    String key;
    @Option(names = "--output-key", description = "The silver key to write (default: KEY with _processed.parquet).")
    String outputKey;
    @Option(names = "--overwrite", description = "Replace a silver object made from other input.")
    boolean overwrite;

    @Override
    public Integer call() {
        if ((key == null) == (input == null)) {
            throw new InvalidInputException("give either INPUT --output OUTPUT (local files) or --key KEY (bronze to silver)");
        }
        if (key != null) {
            try (WarehouseClient dw = root.client()) {
                CleanResult r = Pipelines.on(dw).clean(key, o -> {
                    if (outputKey != null) {
                        o.outputKey(outputKey);
                    }
                    if (overwrite) {
                        o.overwrite();
                    }
                });
                spec.commandLine().getOut().println(r.silverObject().orElseThrow().key());
                spec.commandLine().getErr().println(r);
            }
            return 0;
        }
        if (output == null) {
            throw new InvalidInputException("--output OUTPUT is needed with a local INPUT (.parquet or .csv)");
        }
        RdwConfig config = root.warehouse != null ? RdwConfig.builder().warehouse(root.warehouse).build() : RdwConfig.load();
        CleanResult r = Pipelines.clean(input, output, config);
        spec.commandLine().getOut().println(r);
        return 0;
    }
}
