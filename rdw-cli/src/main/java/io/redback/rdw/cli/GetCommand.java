package io.redback.rdw.cli;

import io.redback.rdw.WarehouseClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "get", header = "Download an object, its SHA-256 verified.",
        mixinStandardHelpOptions = true,
        description = {"Download an object, verifying its SHA-256 against the one recorded when it was written.",
                "The output file appears only when it is complete and verified; an existing file is never replaced."},
        footer = {"", "Examples:", "  rdw get bronze project1/2025/rides_20251125T101500123Z.csv --output rides.csv",
                "  rdw get silver project1/2025/rides_20251125T101500123Z_processed.parquet --output -"})
final class GetCommand implements Callable<Integer> {
    @ParentCommand
    RdwCommand root;
    @Spec
    CommandSpec spec;

    @Mixin
    ObjectArgs object;
    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Where to write it: a file, a folder, or - for standard output (default: the current folder).")
    String output;
    @Option(names = "--overwrite", description = "Replace the output file if it exists (otherwise it is never touched).")
    boolean overwrite;

    @Override
    public Integer call() {
        try (WarehouseClient dw = root.client(RdwCommand.Access.READ)) {
            if ("-".equals(output)) {
                try (InputStream in = object.bucket(dw).open(object.key)) {
                    in.transferTo(System.out);
                    System.out.flush();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return 0;
            }
            Path target = Path.of(output == null ? "." : output);
            io.redback.rdw.ObjectInfo info = object.bucket(dw).stat(object.key);
            Path written = object.bucket(dw).download(object.key, target, o -> {
                o.progress(ProgressBar.forTerminal(spec.commandLine().getErr(), info.size()));
                if (overwrite) {
                    o.overwrite();
                }
            });
            spec.commandLine().getOut().println("wrote " + written + " (" + info.size() + " bytes, SHA-256 "
                    + info.sha256().map(s -> "verified").orElse("not recorded, so not verified") + ")");
        }
        return 0;
    }
}
