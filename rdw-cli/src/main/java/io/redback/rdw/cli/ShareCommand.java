package io.redback.rdw.cli;

import io.redback.rdw.InvalidInputException;
import io.redback.rdw.Layer;
import io.redback.rdw.WarehouseClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

@Command(name = "share", mixinStandardHelpOptions = true,
        description = {"Print a link that downloads an object without credentials until it expires (a presigned URL).",
                "Needs the S3 store; anyone with the link can download the object until then."},
        footer = {"", "Example:", "  rdw share silver project1/2025/rides_20251125T101500123Z_processed.parquet --expires 2h"})
final class ShareCommand implements Callable<Integer> {
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*([smhd])");

    @ParentCommand
    RdwCommand root;
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "LAYER", description = "bronze, silver or gold.")
    String layer;
    @Parameters(index = "1", paramLabel = "KEY", description = "The object's key.")
    String key;
    @Option(names = "--expires", defaultValue = "1h", paramLabel = "DURATION",
            description = "How long the link works: 30s, 15m, 2h, 7d (default: ${DEFAULT-VALUE}; at most 7d).")
    String expires;

    @Override
    public Integer call() {
        try (WarehouseClient dw = root.client()) {
            spec.commandLine().getOut().println(dw.bucket(Layer.parse(layer)).share(key, duration(expires)));
        }
        return 0;
    }

    static Duration duration(String text) {
        Matcher m = DURATION.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new InvalidInputException("--expires " + text + " is not a duration such as 30s, 15m, 2h or 7d");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }
}
