package io.redback.rdw.cli;

import io.redback.rdw.etl.Pipeline;
import picocli.CommandLine.Command;

@Command(name = "clean", header = "\"Data Clean Up\" of a local file or a bronze object, as the upload service does it.",
        mixinStandardHelpOptions = true,
        description = {"\"Data Clean Up\", as the upload service does it: drop empty columns, standardise column names,",
                "drop rows with fewer than 2 values, drop duplicate rows, add extract_date and unique_id.",
                "Column types are kept (integers stay integers). A malformed input is refused with where, and",
                "nothing is written. Reads CSV, TXT (delimiter detected), JSON and XLSX.",
                "",
                "Either a local file (INPUT --output OUTPUT, format from the extension: .parquet, .csv, .json),",
                "or a bronze object (--key KEY) into silver Parquet, recorded with its lineage.",
                "With --config PIPELINE.yaml, the pipeline described there runs instead."},
        footer = {"", "Examples:", "  rdw clean rides.csv --output rides_clean.parquet",
                "  rdw clean --key project1/2025/rides_20251125T101500123Z.csv",
                "  rdw clean --key project1/2025/rides_20251125T101500123Z.csv --config config.yaml"})
final class CleanCommand extends PipelineCommand {
    @Override
    Pipeline preset() {
        return Pipeline.clean();
    }
}
