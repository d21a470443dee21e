package io.redback.rdw.cli;

import io.redback.rdw.Layer;
import io.redback.rdw.ObjectRef;
import io.redback.rdw.ScanReport;
import io.redback.rdw.WarehouseClient;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "scan", header = "Scan a file or stored objects with the configured content scanners.",
        mixinStandardHelpOptions = true,
        description = {"Scan a local file, one stored object, or every object of a layer under a prefix (after a"
                + " signature update) with the scanners uploads pass through (CLAMD_HOST, or rdw.scan).",
                "Reports only: nothing is stored, moved or deleted, and no provenance is recorded.",
                "Prints CLEAN, INFECTED (with the signature) or SKIPPED (with why) per target, then a summary;"
                        + " exits with 4 when something infected was found, else with 7 when something could not be"
                        + " scanned (clamd down, too large)."},
        footer = {"", "Examples:", "  rdw scan rides.csv", "  rdw scan bronze project1/2025/rides_20251125T101500123Z.csv",
                "  rdw scan --layer bronze --prefix project1/"})
final class ScanCommand implements Callable<Integer> {
    @ParentCommand
    RdwCommand root;
    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..2", paramLabel = "FILE | LAYER KEY", description = "A local file, or a stored object's layer and key.")
    List<String> target = new ArrayList<>();
    @Option(names = "--layer", paramLabel = "LAYER", description = "Rescan this layer's objects (bronze, silver or gold).")
    String layer;
    @Option(names = "--prefix", paramLabel = "PREFIX", description = "With --layer: only keys starting with this (default: all).")
    String prefix;

    @Override
    public Integer call() {
        CommandLine cl = spec.commandLine();
        if (layer == null ? target.isEmpty() || prefix != null : !target.isEmpty()) {
            throw new CommandLine.ParameterException(cl, layer == null && prefix != null ? "--prefix needs --layer"
                    : "give a FILE, a LAYER and a KEY, or --layer (with --prefix), not both");
        }
        List<ScanReport> reports;
        try (WarehouseClient dw = root.client(RdwCommand.Access.READ)) {
            if (layer != null) {
                reports = dw.scan(Layer.parse(layer), prefix == null ? "" : prefix);
            } else if (target.size() == 2) {
                reports = List.of(dw.scan(new ObjectRef(Layer.parse(target.get(0)), target.get(1))));
            } else {
                reports = List.of(dw.scan(Path.of(target.get(0))));
            }
        }
        PrintWriter out = cl.getOut();
        int[] counts = new int[ScanReport.Outcome.values().length];
        for (ScanReport r : reports) {
            counts[r.outcome().ordinal()]++;
            out.println(r.outcome() + "  " + r.target() + (r.detail().isEmpty() ? "" : "  " + r.detail()));
        }
        out.println(reports.size() + " scanned: " + counts[ScanReport.Outcome.CLEAN.ordinal()] + " clean, "
                + counts[ScanReport.Outcome.INFECTED.ordinal()] + " infected, "
                + counts[ScanReport.Outcome.SKIPPED.ordinal()] + " skipped");
        // a rescan that could not look at everything is not a clean bill of health
        return counts[ScanReport.Outcome.INFECTED.ordinal()] > 0 ? Main.REFUSED
                : counts[ScanReport.Outcome.SKIPPED.ordinal()] > 0 ? Main.UNAVAILABLE : 0;
    }
}
