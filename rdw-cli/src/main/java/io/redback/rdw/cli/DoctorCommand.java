package io.redback.rdw.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import io.redback.rdw.Health;
import io.redback.rdw.WarehouseClient;
import io.redback.rdw.helpers.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "doctor", header = "Check every service rdw is configured to use, and say what to fix.",
        mixinStandardHelpOptions = true,
        description = {"Check every service rdw is configured to use: the object store, the query engine, the provenance",
                "sinks, the document store, the content scanners and what installed modules add. Each line says whether",
                "it answered, how fast, and if not what to fix. Exits 7 when a service is down."},
        footer = {"", "Examples:", "  rdw doctor", "  rdw doctor --json"})
final class DoctorCommand implements Callable<Integer> {
    @ParentCommand
    RdwCommand root;
    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Print the checks as a JSON array instead of a table.")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<Health> checks;
        try (WarehouseClient dw = root.client()) {
            checks = dw.health();
        }
        if (json) {
            printJson(out, checks);
        } else {
            printTable(out, checks);
        }
        boolean down = checks.stream().anyMatch(h -> h.status() == Health.Status.DOWN);
        return down ? Main.UNAVAILABLE : 0;
    }

    private static void printTable(PrintWriter out, List<Health> checks) {
        int component = "COMPONENT".length();
        int backend = "BACKEND".length();
        for (Health h : checks) {
            component = Math.max(component, h.component().length());
            backend = Math.min(60, Math.max(backend, h.backend().length()));
        }
        String row = "%-" + component + "s  %-8s  %8s  %-" + backend + "s  %s%n";
        out.printf(row, "COMPONENT", "STATUS", "LATENCY", "BACKEND", "MESSAGE");
        for (Health h : checks) {
            out.printf(row, h.component(), h.status(), h.latency().toMillis() + " ms", cut(h.backend(), backend), h.message());
        }
        java.util.Map<Health.Status, Long> counts = new java.util.EnumMap<>(Health.Status.class);
        checks.forEach(h -> counts.merge(h.status(), 1L, Long::sum));
        java.util.List<String> parts = new java.util.ArrayList<>();
        counts.forEach((status, n) -> parts.add(n + " " + status.name().toLowerCase(java.util.Locale.ROOT)));
        out.println(String.join(", ", parts) + (counts.containsKey(Health.Status.DOWN) ? "" : ": nothing is down"));
    }

    private static void printJson(PrintWriter out, List<Health> checks) {
        try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(out)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.useDefaultPrettyPrinter();
            g.writeStartArray();
            for (Health h : checks) {
                g.writeStartObject();
                g.writeStringField("component", h.component());
                g.writeStringField("backend", h.backend());
                g.writeStringField("status", h.status().name());
                g.writeNumberField("latency_ms", h.latency().toMillis());
                g.writeStringField("message", h.message());
                g.writeEndObject();
            }
            g.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.println();
    }

    private static String cut(String text, int width) {
        return text.length() <= width ? text : text.substring(0, width - 1) + "…";
    }
}
