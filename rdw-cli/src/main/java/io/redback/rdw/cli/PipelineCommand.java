package io.redback.rdw.cli;

import io.redback.rdw.ProgressListener;
import io.redback.rdw.WarehouseClient;
import io.redback.rdw.etl.Pipeline;
import io.redback.rdw.etl.PipelineResult;
import io.redback.rdw.etl.Pipelines;
import io.redback.rdw.etl.RunOptions;
import io.redback.rdw.etl.contracts.Contract;
import io.redback.rdw.etl.contracts.ContractFailedException;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

/** What {@code rdw clean} and {@code rdw prep} share: local files or a bronze object, a preset or a YAML pipeline. */
abstract class PipelineCommand implements Callable<Integer> {
    @ParentCommand
    RdwCommand root;
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "INPUT", arity = "0..1", description = "A local CSV, TXT, JSON or XLSX file.")
    Path input;
    @Option(names = {"-o", "--output"}, paramLabel = "OUTPUT",
            description = "The local file to write: .parquet, .csv, .json or .jsonl.")
    Path output;
    @Option(names = "--key", description = "A bronze object to process into silver Parquet.")
    String key;
    @Option(names = "--output-key", description = "The silver key to write (default: KEY with a suffix).")
    String outputKey;
    @Option(names = "--config", paramLabel = "PIPELINE.yaml",
            description = "Run the pipeline this YAML describes (config.yaml layout) instead of the preset.")
    Path config;
    @Option(names = "--sheet", description = "The XLSX sheet to read (default: the first).")
    String sheet;
    @Option(names = "--overwrite", description = "Replace an existing output file, or a silver object made from other input.")
    boolean overwrite;
    @Option(names = "--profile", description = "Print where the time went, phase by phase (the statement and the write "
            + "timed apart, which costs a little), on standard error.")
    boolean profile;
    @Option(names = "--contract", paramLabel = "FILE", description = "Check the output against this data contract "
            + "(ODCS) before writing it: when a check fails, nothing is written, the report is printed and rdw exits 8.")
    Path contract;

    /** The preset this command runs without --config. */
    abstract Pipeline preset();

    @Override
    public Integer call() {
        if ((key == null) == (input == null)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "give either INPUT --output OUTPUT (local files) or --key KEY (bronze to silver)");
        }
        Pipeline pipeline = config != null ? Pipeline.fromYaml(config) : preset();
        if (contract != null) {
            pipeline = pipeline.withContract(Contract.read(contract));
        }
        try {
            return run(pipeline);
        } catch (ContractFailedException e) {
            spec.commandLine().getErr().print(e.report().problemsTable(ContractCommand.colour()));
            throw e;
        }
    }

    private Integer run(Pipeline pipeline) {
        PrintWriter out = spec.commandLine().getOut();
        Consumer<RunOptions> options = o -> {
            if (sheet != null) {
                o.sheet(sheet);
            }
            if (outputKey != null) {
                o.outputKey(outputKey);
            }
            if (overwrite) {
                o.overwrite();
            }
            if (profile) {
                o.profile();
            }
            o.progress(progress());
        };
        if (key != null) {
            try (WarehouseClient dw = root.client()) {
                PipelineResult r = Pipelines.on(dw).run(pipeline, key, options);
                out.println(r.silverObject().orElseThrow().key());
                spec.commandLine().getErr().println(r);
                r.contract().ifPresent(c -> spec.commandLine().getErr().println(c.summary()));
                if (profile) {
                    spec.commandLine().getErr().print(r.profile());
                }
                RdwCommand.reportQueuedProvenance(dw, spec.commandLine().getErr());
            }
            return 0;
        }
        if (output == null) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--output OUTPUT is needed with a local INPUT (.parquet, .csv, .json or .jsonl)");
        }
        try (WarehouseClient dw = root.client()) {
            PipelineResult r = Pipelines.run(pipeline, input, output, dw, options);
            out.println(r);
            r.contract().ifPresent(c -> spec.commandLine().getErr().println(c.summary()));
            if (profile) {
                spec.commandLine().getErr().print(r.profile());
            }
        }
        return 0;
    }

    /** A percentage bar on a terminal for inputs big enough to wait for. */
    private ProgressListener progress() {
        long size = input != null && Files.isRegularFile(input) ? input.toFile().length() : 0;
        if (System.console() == null || (input != null && size < (32L << 20))) {
            return ProgressListener.NONE;
        }
        PrintWriter err = spec.commandLine().getErr();
        return p -> {
            int percent = (int) p.percent();
            int filled = percent * 30 / 100;
            err.print("\r[" + "#".repeat(filled) + ".".repeat(30 - filled) + "] " + percent + "% ");
            if (percent >= 100) {
                err.println();
            }
            err.flush();
        };
    }
}
