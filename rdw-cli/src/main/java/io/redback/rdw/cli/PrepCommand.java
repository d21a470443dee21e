package io.redback.rdw.cli;

import io.redback.rdw.etl.Pipeline;
import picocli.CommandLine.Command;

@Command(name = "prep", header = "\"Preprocessing for Machine Learning\" of a local file or a bronze object.",
        mixinStandardHelpOptions = true,
        description = {"\"Preprocessing for Machine Learning\", as the upload service does it: every numeric column has its",
                "missing values filled with its median, then is scaled to z-scores (sample standard deviation).",
                "Unlike the service, identifier-like columns (id, record_id, ...) are left alone, and the medians,",
                "means and deviations are recorded (in the silver object's metadata and a _rdw/...pipeline.json sidecar)",
                "so a model can transform new data the same way.",
                "",
                "Either a local file (INPUT --output OUTPUT), or a bronze object (--key KEY) into silver Parquet."},
        footer = {"", "Examples:", "  rdw prep rides.csv --output rides_prepared.parquet",
                "  rdw prep --key project1/2025/rides_20251125T101500123Z.csv"})
final class PrepCommand extends PipelineCommand {
    @Override
    Pipeline preset() {
        return Pipeline.mlPrep();
    }
}
