package io.redback.rdw.cli;

import io.redback.rdw.Layer;
import io.redback.rdw.WarehouseClient;
import io.redback.rdw.spi.DatasetAdmin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "register", header = "Make an object or folder queryable for everyone in Dremio (administrators).",
        mixinStandardHelpOptions = true,
        description = {"Make an object (or a folder of objects) queryable for everyone in Dremio: promote it to a dataset",
                "and create a view of it in a space. An administrator operation: it uses DREMIO_ADMIN_USERNAME and",
                "DREMIO_ADMIN_PASSWORD, never the SELECT-only query path. Registering again replaces the view."},
        footer = {"", "Example:", "  rdw register silver project1/2025/rides_20251125T101500123Z_processed.parquet --view Project1/rides"})
final class RegisterCommand implements Callable<Integer> {
    @ParentCommand
    RdwCommand root;
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "LAYER", description = "bronze, silver or gold.")
    String layer;
    @Parameters(index = "1", paramLabel = "KEY", description = "The object's key, or a folder (ending in /).")
    String key;
    @Option(names = "--view", required = true, paramLabel = "SPACE/NAME", description = "Where the view goes, e.g. Project1/rides.")
    String view;

    @Override
    public Integer call() {
        try (WarehouseClient dw = root.client(RdwCommand.Access.READ)) {
            // the query engine's administrator operations, with its administrator's credentials (Dremio's)
            DatasetAdmin admin = dw.context().datasetAdmin();
            List<String> source = admin.path(dw.config().bucket(Layer.parse(layer)), key);
            List<String> viewPath = List.of(view.split("/"));
            spec.commandLine().getOut().println(String.join(".", admin.register(source, viewPath).stream()
                    .map(s -> '"' + s + '"').toList()));
        }
        return 0;
    }
}
