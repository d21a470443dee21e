package io.redback.rdw.cli;

import io.redback.rdw.WarehouseClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "init", mixinStandardHelpOptions = true,
        description = {"Create the layer buckets (bronze, silver, gold) where they are missing, and say where they are.",
                "Safe to run again: existing buckets and their objects are left as they are."})
final class InitCommand implements Callable<Integer> {
    @ParentCommand
    RdwCommand root;
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (WarehouseClient dw = root.client()) {
            List<String> created = dw.createBuckets();
            out.println("storage: " + dw.describe().get("storage"));
            for (String layer : List.of("bronze", "silver", "gold")) {
                String bucket = dw.describe().get(layer);
                out.println(layer + ": " + bucket + (created.contains(bucket) ? " (created)" : " (exists)"));
            }
        }
        return 0;
    }
}
