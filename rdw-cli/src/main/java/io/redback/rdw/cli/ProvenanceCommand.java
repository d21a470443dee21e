package io.redback.rdw.cli;

import io.redback.rdw.InvalidInputException;
import io.redback.rdw.Layer;
import io.redback.rdw.ProvenanceDelivery;
import io.redback.rdw.ProvenanceEvent;
import io.redback.rdw.ProvenanceQuery;
import io.redback.rdw.WarehouseClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "provenance", header = "Show the provenance record: who wrote what, when, from which source.",
        mixinStandardHelpOptions = true,
        description = {"Show the provenance record: who wrote what, when, from which source, newest first.",
                "With PostgreSQL configured (POSTGRES_HOST ...) it reads the warehouse's central table, rows of the",
                "upload service included; else the embedded log."},
        subcommands = {ProvenanceCommand.Status.class, ProvenanceCommand.Flush.class},
        footer = {"", "Examples:", "  rdw provenance --prefix project1/ --limit 5",
                "  rdw provenance --user alice --since 2026-12-01T00:00:00Z --type file:uploaded",
                "  rdw provenance status      what waits in the outbox for each remote sink",
                "  rdw provenance flush       deliver it now"})
final class ProvenanceCommand implements Callable<Integer> {
    @ParentCommand
    RdwCommand root;
    @Spec
    CommandSpec spec;

    @Option(names = "--layer", description = "Only this layer.")
    String layer;
    @Option(names = "--prefix", description = "Only objects whose key starts with this.")
    String prefix;
    @Option(names = "--user", description = "Only events by this user.")
    String user;
    @Option(names = "--type", description = "Only this event type, e.g. file:uploaded, object:derived.")
    String type;
    @Option(names = "--since", description = "Only events at or after this time (2026-12-01T00:00:00Z) or this long ago (2h, 7d).")
    String since;
    @Option(names = "--until", description = "Only events before this time, or this long ago.")
    String until;
    @Option(names = "--limit", defaultValue = "20", description = "At most this many events (default: ${DEFAULT-VALUE}; 0 for all).")
    int limit;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (WarehouseClient dw = root.client(RdwCommand.Access.READ)) {
            ProvenanceQuery q = ProvenanceQuery.all().keyPrefix(prefix).user(user).eventType(type)
                    .since(time(since, "--since")).until(time(until, "--until")).limit(limit);
            if (layer != null) {
                q = q.layer(Layer.parse(layer));
            }
            List<ProvenanceEvent> events = dw.provenance(q);
            for (ProvenanceEvent e : events) {
                out.println(line(e));
            }
            if (events.isEmpty()) {
                spec.commandLine().getErr().println("no provenance events" + (prefix == null ? "" : " under " + prefix));
            }
        }
        return 0;
    }

    /** An instant, or a duration back from now. */
    static Instant time(String text, String option) {
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException notAnInstant) {
            String t = text.trim().toLowerCase(java.util.Locale.ROOT);
            if (t.matches("\\d+d")) {
                return Instant.now().minus(Duration.ofDays(Long.parseLong(t.substring(0, t.length() - 1))));
            }
            try {
                return Instant.now().minus(io.redback.rdw.helpers.Units.duration(t));
            } catch (RuntimeException e) {
                throw new InvalidInputException(option + " takes a time like 2026-12-01T00:00:00Z or a duration like 2h or "
                        + "7d, not " + text);
            }
        }
    }

    static String line(ProvenanceEvent e) {
        return e.timestamp() + "  " + e.eventType() + "  " + (e.layer() == null ? e.objectKey() + " in collection " + e.bucketName()
                : e.layer().id() + ":" + e.objectKey())
                + "  by " + e.userId() + (e.objectSize() == null ? "" : ", " + e.objectSize() + " bytes")
                + (e.sha256() == null ? "" : ", sha256 " + e.sha256().substring(0, Math.min(12, e.sha256().length())))
                + (e.lineage() == null ? "" : ", from " + e.lineage().source() + " by " + e.lineage().pipeline())
                + (e.eventSource() == null || e.eventSource().startsWith("rdw:") ? "" : "  [" + e.eventSource() + "]");
    }

    static void print(PrintWriter out, List<ProvenanceDelivery> deliveries, boolean flushed) {
        if (deliveries.isEmpty()) {
            out.println("no remote provenance sink is configured: events go to the embedded log as they happen");
            return;
        }
        Instant now = Instant.now();
        for (ProvenanceDelivery d : deliveries) {
            StringBuilder s = new StringBuilder(d.sink()).append(" (").append(d.target()).append("): ");
            if (flushed) {
                s.append(d.delivered()).append(" delivered, ");
            }
            s.append(d.queued()).append(" queued");
            d.oldestAge(now).ifPresent(age -> s.append(", the oldest for ").append(age(age)));
            if (d.deadLettered() > 0) {
                s.append(", ").append(d.deadLettered()).append(" refused for good (kept in ").append(d.deadLetterFile())
                        .append(')');
            }
            if (d.problem() != null) {
                s.append("; ").append(d.problem());
            }
            out.println(s);
        }
    }

    private static String age(Duration d) {
        long s = Math.max(0, d.toSeconds());
        return s < 120 ? s + " s" : s < 7200 ? s / 60 + " min" : s / 3600 + " h";
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            header = "Show what waits in the outbox on this machine for each remote provenance sink.",
            description = {"Show, per remote provenance sink (PostgreSQL, Logstash), how many events wait in the outbox",
                    "on this machine, how old the oldest is, how many it refused for good, and why delivery stopped."})
    static final class Status implements Callable<Integer> {
        @ParentCommand
        ProvenanceCommand parent;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            try (WarehouseClient dw = parent.root.client(RdwCommand.Access.READ)) {
                print(spec.commandLine().getOut(), dw.provenanceStatus(), false);
            }
            return 0;
        }
    }

    @Command(name = "flush", mixinStandardHelpOptions = true,
            header = "Deliver the queued provenance events now and print counts per sink.",
            description = {"Deliver the provenance events that wait in the outbox on this machine, and print per sink how",
                    "many were delivered and how many still wait. Exits 7 when some could not be delivered."})
    static final class Flush implements Callable<Integer> {
        @ParentCommand
        ProvenanceCommand parent;
        @Spec
        CommandSpec spec;
        @Option(names = "--timeout", defaultValue = "60s", description = "Give up after this long (default: ${DEFAULT-VALUE}).")
        String timeout;

        @Override
        public Integer call() {
            try (WarehouseClient dw = parent.root.client(RdwCommand.Access.READ)) {
                List<ProvenanceDelivery> flushed = dw.flushProvenance(io.redback.rdw.helpers.Units.duration(timeout));
                print(spec.commandLine().getOut(), flushed, true);
                return flushed.stream().anyMatch(d -> d.queued() > 0) ? Main.UNAVAILABLE : 0;
            }
        }
    }
}
