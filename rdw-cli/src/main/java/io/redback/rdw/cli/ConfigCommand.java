package io.redback.rdw.cli;

import io.redback.rdw.ConfigKey;
import io.redback.rdw.RdwConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

@Command(name = "config", header = "Show every setting, its value (secrets hidden) and where it came from.",
        mixinStandardHelpOptions = true,
        description = {"Show every setting rdw understands, its value (secrets as ******) and where it came from:",
                "the builder, a system property, an environment variable, " + "~/.rdw/config.properties, or the default."})
final class ConfigCommand implements Callable<Integer> {
    @ParentCommand
    RdwCommand root;
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        RdwConfig config = root.config();
        PrintWriter out = spec.commandLine().getOut();
        for (ConfigKey key : config.keys()) {
            out.printf("%-30s %-40s %s%n", key.name(), config.display(key).orElse("-"),
                    config.origin(key).map(o -> "(" + o + ")").orElse("(unset; " + String.join(", ", key.env()) + ")"));
        }
        out.println();
        out.println("backends this configuration chooses (nothing is opened to tell):");
        io.redback.rdw.WarehouseClient.backendsOf(config).forEach((role, choice) -> out.printf("  %-12s %s%n", role, choice));
        out.println("configuration file: " + RdwConfig.userFile());
        return 0;
    }
}
