package io.redback.rdw.cli;

import io.redback.rdw.Layer;
import io.redback.rdw.ObjectRef;
import io.redback.rdw.WarehouseClient;
import io.redback.rdw.etl.contracts.Contract;
import io.redback.rdw.etl.contracts.ContractReport;
import io.redback.rdw.etl.contracts.Contracts;
import io.redback.rdw.helpers.AtomicFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "contract", header = "Check datasets against data contracts (ODCS v3.1.0 / v3.0.x), infer a first contract.",
        mixinStandardHelpOptions = true,
        description = {"A data contract in the Open Data Contract Standard says what a dataset must hold: its columns and",
                "types, required and unique columns, keys, ranges, patterns and valid values, and quality checks",
                "(nullValues, missingValues, invalidValues, duplicateValues, rowCount, and SQL). Each check runs as",
                "SQL on the engine that holds the data, every count in one pass. `rdw clean` and `rdw prep` take",
                "--contract too, and then write nothing that breaks it.",
                "",
                "Exit codes: 0 nothing failed (warnings allowed), 8 a check failed, 5 the contract is malformed,",
                "3 no such dataset."},
        subcommands = {ContractCommand.Check.class, ContractCommand.Infer.class, ContractCommand.Validate.class},
        footer = {"", "Examples:", "  rdw contract infer silver project1/2025/rides_processed.parquet --output rides.odcs.yaml",
                "  rdw contract check silver project1/2025/rides_processed.parquet --contract rides.odcs.yaml",
                "  rdw contract check silver project1/2025/t1_rides --contract rides.odcs.yaml --format junit > report.xml"})
final class ContractCommand {
    @ParentCommand
    RdwCommand root;

    /** How a report is printed. */
    enum Format { table, json, junit }

    @Command(name = "check", mixinStandardHelpOptions = true,
            header = "Check a dataset (an object, or a folder of Parquet objects) against a contract.",
            description = {"Prints every check's result, failing ones with up to 5 of their rows (key columns first).",
                    "Exits 8 when a check whose severity is error failed or could not run; warnings do not fail."})
    static final class Check implements Callable<Integer> {
        @ParentCommand
        ContractCommand parent;
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", paramLabel = "LAYER", description = "bronze, silver or gold.")
        String layer;
        @Parameters(index = "1", paramLabel = "KEY", description = "The object's key, or a folder's prefix.")
        String key;
        @Option(names = "--contract", required = true, paramLabel = "FILE", description = "The ODCS contract (YAML).")
        Path contract;
        @Option(names = "--object", paramLabel = "NAME",
                description = "The contract's schema object to check (default: its only one, or the one named after KEY).")
        String object;
        @Option(names = "--format", defaultValue = "table", description = "table (default), json or junit.")
        Format format;

        @Override
        public Integer call() {
            Contract c = Contract.read(contract);
            try (WarehouseClient dw = parent.root.client()) {
                ContractReport r = Contracts.on(dw).check(new ObjectRef(Layer.parse(layer), key), c, object);
                PrintWriter out = spec.commandLine().getOut();
                switch (format) {
                    case json -> out.println(r.toJson());
                    case junit -> out.print(r.toJunitXml());
                    default -> out.print(r.toTable(colour()));
                }
                return r.valid() ? 0 : Main.RUN_FAILED;
            }
        }
    }

    @Command(name = "infer", mixinStandardHelpOptions = true,
            header = "Write a first contract (ODCS v3.1.0) from what a dataset holds, to edit.",
            description = {"Each column with its logical and physical type, required where no nulls were seen, unique",
                    "where no duplicates were, the range of numbers and dates, and the values of columns with few",
                    "distinct values. Printed, or written to --output (not replacing a file without --overwrite)."})
    static final class Infer implements Callable<Integer> {
        @ParentCommand
        ContractCommand parent;
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", paramLabel = "LAYER", description = "bronze, silver or gold.")
        String layer;
        @Parameters(index = "1", paramLabel = "KEY", description = "The object's key, or a folder's prefix.")
        String key;
        @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the contract here.")
        Path output;
        @Option(names = "--overwrite", description = "Replace an existing --output file.")
        boolean overwrite;

        @Override
        public Integer call() {
            try (WarehouseClient dw = parent.root.client()) {
                String yaml = Contracts.on(dw).infer(new ObjectRef(Layer.parse(layer), key));
                if (output == null) {
                    spec.commandLine().getOut().print(yaml);
                    return 0;
                }
                AtomicFiles.write(output, overwrite ? AtomicFiles.Existing.REPLACE : AtomicFiles.Existing.REFUSE,
                        partial -> Files.writeString(partial, yaml, StandardCharsets.UTF_8));
                spec.commandLine().getErr().println("wrote " + output);
                return 0;
            }
        }
    }

    @Command(name = "validate", mixinStandardHelpOptions = true,
            header = "Validate a contract file against the JSON Schema of its ODCS version; reads no data.")
    static final class Validate implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Parameters(paramLabel = "FILE", description = "The ODCS contract (YAML or JSON).")
        Path file;

        @Override
        public Integer call() {
            spec.commandLine().getOut().println(Contract.read(file));
            return 0;
        }
    }

    /** Colours on a terminal, unless NO_COLOR is set. */
    static boolean colour() {
        return System.console() != null && System.getenv("NO_COLOR") == null;
    }
}
