package io.redback.rdw.cli;

import io.redback.rdw.CatalogEntry;
import io.redback.rdw.WarehouseClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "catalog", header = "Browse what can be queried: sources and spaces, then folders and datasets.",
        mixinStandardHelpOptions = true,
        description = {"Browse what can be queried: sources and spaces, then the folders and datasets under a path."},
        footer = {"", "Examples:", "  rdw catalog", "  rdw catalog dw-bucket-silver project1 2025"})
final class CatalogCommand implements Callable<Integer> {
    @ParentCommand
    RdwCommand root;
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "SEGMENT", arity = "0..*", description = "The path to list, one segment per argument.")
    List<String> path = List.of();

    @Override
    public Integer call() {
        try (WarehouseClient dw = root.client(RdwCommand.Access.READ)) {
            for (CatalogEntry e : dw.catalog(path.toArray(String[]::new))) {
                spec.commandLine().getOut().printf("%-8s %s%n", e.type(), e.name());
            }
        }
        return 0;
    }
}
