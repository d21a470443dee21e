package io.redback.rdw.cli;

import io.redback.rdw.Layer;
import io.redback.rdw.ObjectInfo;
import io.redback.rdw.WarehouseClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "ls", header = "List objects: one key per line, or layer:key when no layer is given.",
        mixinStandardHelpOptions = true,
        description = {"List objects: one key per line, or layer:key when no layer is given."},
        footer = {"", "Examples:", "  rdw ls", "  rdw ls bronze --project project1", "  rdw ls silver --prefix project1/2025/ --long"})
final class ListCommand implements Callable<Integer> {
    @ParentCommand
    RdwCommand root;
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "LAYER", arity = "0..1", description = "bronze, silver or gold (default: all three).")
    String layer;
    @Option(names = "--project", description = "Only this project's objects.")
    String project;
    @Option(names = "--prefix", description = "Only keys starting with this.")
    String prefix;
    @Option(names = {"-l", "--long"}, description = "Also show size, last modified time and SHA-256.")
    boolean long_;

    @Override
    public Integer call() {
        String start = project != null ? io.redback.rdw.helpers.Names.simple("project", project, 64) + "/" : "";
        if (prefix != null) {
            if (!prefix.startsWith(start)) {
                throw new io.redback.rdw.InvalidInputException("--prefix must start with the project folder " + start);
            }
            start = prefix;
        }
        PrintWriter out = spec.commandLine().getOut();
        try (WarehouseClient dw = root.client(RdwCommand.Access.READ)) {
            List<Layer> layers = layer == null ? List.of(Layer.values()) : List.of(Layer.parse(layer));
            for (Layer l : layers) {
                for (ObjectInfo o : dw.bucket(l).list(start)) {
                    String key = layer == null ? o.ref().toString() : o.key();
                    if (long_) {
                        out.printf("%12d  %-20s  %-12s  %s%n", o.size(), o.lastModified().truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
                                o.sha256().map(s -> s.substring(0, 12)).orElse("-"), key);
                    } else {
                        out.println(key);
                    }
                }
            }
        }
        return 0;
    }
}
