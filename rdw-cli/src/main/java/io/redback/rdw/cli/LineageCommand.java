package io.redback.rdw.cli;

import io.redback.rdw.LineageTree;
import io.redback.rdw.WarehouseClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.concurrent.Callable;

@Command(name = "lineage", header = "Show where an object came from and what was made from it.",
        mixinStandardHelpOptions = true,
        description = {"Show an object's lineage as a tree, from the provenance record: what it was made from (the",
                "bronze file a silver dataset was cleaned from, with the SHA-256 it had when read, the pipeline and its",
                "spec hash), and every object computed from it."},
        footer = {"", "Example:", "  rdw lineage silver project1/2026/t1_rides/rides_20261202T101500Z_processed.parquet"})
final class LineageCommand implements Callable<Integer> {
    @ParentCommand
    RdwCommand root;
    @Spec
    CommandSpec spec;
    @Mixin
    ObjectArgs object;

    @Override
    public Integer call() {
        try (WarehouseClient dw = root.client(RdwCommand.Access.READ)) {
            LineageTree tree = dw.lineage(object.ref());
            if (tree.event() == null && tree.sources().isEmpty() && tree.derived().isEmpty()) {
                throw new io.redback.rdw.NotFoundException("the provenance record has nothing on " + object.ref()
                        + ": check the layer and key (rdw ls " + object.layer + " lists the keys)");
            }
            spec.commandLine().getOut().print(tree.render());
        }
        return 0;
    }
}
