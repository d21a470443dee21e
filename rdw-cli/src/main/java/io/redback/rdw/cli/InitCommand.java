package io.redback.rdw.cli;

import io.redback.rdw.WarehouseClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "init", header = "Create the layer buckets that are missing, and say where they are.",
        mixinStandardHelpOptions = true,
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
        // an embedded warehouse makes its bucket folders as it opens: what was there before opening is what existed
        java.nio.file.Path folder = root.config().warehouse();
        java.util.Set<String> before = new java.util.HashSet<>();
        for (io.redback.rdw.Layer layer : io.redback.rdw.Layer.values()) {
            String bucket = root.config().bucket(layer);
            if (java.nio.file.Files.isDirectory(folder.resolve(bucket))) {
                before.add(bucket);
            }
        }
        try (WarehouseClient dw = root.client()) {
            List<String> created = new java.util.ArrayList<>(dw.createBuckets());
            boolean local = dw.describe().get("storage").contains(folder.toString());
            for (io.redback.rdw.Layer layer : io.redback.rdw.Layer.values()) {
                String bucket = dw.config().bucket(layer);
                if (local && !before.contains(bucket) && !created.contains(bucket)) {
                    created.add(bucket);
                }
            }
            out.println("storage: " + dw.describe().get("storage"));
            for (String layer : List.of("bronze", "silver", "gold")) {
                String bucket = dw.describe().get(layer);
                out.println(layer + ": " + bucket + (created.contains(bucket) ? " (created)" : " (exists)"));
            }
        }
        return 0;
    }
}
