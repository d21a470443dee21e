package io.redback.rdw.cli;

import io.redback.rdw.InvalidInputException;
import io.redback.rdw.helpers.Units;
import io.redback.rdw.WarehouseClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.time.Duration;
import java.util.concurrent.Callable;

@Command(name = "share", header = "Print a link that downloads an object without credentials until it expires.",
        mixinStandardHelpOptions = true,
        description = {"Print a link that downloads an object without credentials until it expires (a presigned URL).",
                "Needs the S3 store; anyone with the link can download the object until then."},
        footer = {"", "Example:", "  rdw share silver project1/2025/rides_20251125T101500123Z_processed.parquet --expires 2h"})
final class ShareCommand implements Callable<Integer> {
    @ParentCommand
    RdwCommand root;
    @Spec
    CommandSpec spec;

    @Mixin
    ObjectArgs object;
    @Option(names = "--expires", defaultValue = "1h", paramLabel = "DURATION",
            description = "How long the link works: 30s, 15m, 2h, 7d (default: ${DEFAULT-VALUE}; at most 7d).")
    String expires;

    @Override
    public Integer call() {
        try (WarehouseClient dw = root.client(RdwCommand.Access.READ)) {
            spec.commandLine().getOut().println(object.bucket(dw).share(object.key, duration(expires)));
        }
        return 0;
    }

    static Duration duration(String text) {
        try {
            return Units.duration(text);
        } catch (InvalidInputException e) {
            throw new InvalidInputException("--expires: " + e.getMessage(), e);
        }
    }
}
