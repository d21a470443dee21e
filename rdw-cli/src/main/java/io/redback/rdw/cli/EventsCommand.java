package io.redback.rdw.cli;

import io.redback.rdw.stream.EventStream;
import io.redback.rdw.stream.Streams;
import io.redback.rdw.stream.WarehouseEvent;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Callable;

@Command(name = "events", header = "Follow the warehouse's events on Kafka.",
        mixinStandardHelpOptions = true,
        description = {"The warehouse's events (every governed write) as rdw publishes them on Kafka, with",
                "KAFKA_BOOTSTRAP_SERVERS (or rdw.kafka.bootstrap-servers) set."},
        subcommands = {EventsCommand.Tail.class})
final class EventsCommand {
    @ParentCommand
    RdwCommand root;

    @Command(name = "tail", header = "Print the warehouse's events as they arrive.", mixinStandardHelpOptions = true,
            description = {"Prints each new event on one line (time, type, bucket/key, SHA-256, size, project, user), or",
                    "as its JSON with --json, until interrupted (Ctrl-C), --max events or --idle time without one.",
                    "Without --group it reads as a group of its own, so it takes nothing from anyone else's group."},
            footer = {"", "Examples:", "  rdw events tail --type file:uploaded --project project1",
                    "  rdw events tail --from-beginning --max 10 --json"})
    static final class Tail implements Callable<Integer> {
        @ParentCommand
        EventsCommand events;
        @Spec
        CommandSpec spec;

        @Option(names = "--type", description = "Only events of this type (file:uploaded, object:derived, ...); repeatable.")
        java.util.List<String> types = new java.util.ArrayList<>();
        @Option(names = "--project", description = "Only events of this project; repeatable.")
        java.util.List<String> projects = new java.util.ArrayList<>();
        @Option(names = "--from-beginning", description = "Start with the oldest event the topic keeps, not with new ones.")
        boolean fromBeginning;
        @Option(names = "--group", description = "Read as this consumer group, committing what was printed, and resume "
                + "where it stopped next time.")
        String group;
        @Option(names = "--max", description = "Stop after this many events.")
        Integer max;
        @Option(names = "--idle", description = "Stop when no event came for this long (30s, 5m).")
        String idle;
        @Option(names = "--json", description = "Print each event as the JSON that travels on the topic.")
        boolean json;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            String g = group != null ? group : "rdw-tail-" + UUID.randomUUID();
            Duration quiet = idle == null ? null : io.redback.rdw.helpers.Units.duration(idle);
            try (EventStream stream = Streams.events(events.root.config(), g)) {
                types.forEach(stream::type);
                projects.forEach(stream::project);
                if (fromBeginning) {
                    stream.fromBeginning();
                }
                Thread stop = RdwCommand.stopOnInterrupt(Thread.currentThread());
                int printed = 0;
                long lastEvent = System.nanoTime();
                try {
                    while (!Thread.currentThread().isInterrupted() && (max == null || printed < max)) {
                        int left = max == null ? Integer.MAX_VALUE : max - printed;
                        int n = stream.poll(Duration.ofMillis(500), left, e -> out.println(json ? e.json() : line(e)));
                        out.flush();
                        printed += n;
                        if (n > 0) {
                            lastEvent = System.nanoTime();
                        } else if (quiet != null && System.nanoTime() - lastEvent > quiet.toNanos()) {
                            break;
                        }
                    }
                } finally {
                    RdwCommand.removeStop(stop);
                }
            }
            return 0;
        }

        static String line(WarehouseEvent e) {
            String sha = e.sha256() == null ? "-" : e.sha256().substring(0, Math.min(12, e.sha256().length()));
            return String.join("  ", String.valueOf(e.time()), e.type(), e.bucket() + "/" + e.key(), sha,
                    e.size() == null ? "-" : e.size() + " B", String.valueOf(e.project()), String.valueOf(e.user()));
        }
    }
}
