package io.redback.rdw.cli;

import io.redback.rdw.helpers.Units;
import io.redback.rdw.stream.DagBridge;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "stream", header = "Event-driven services: the bridge from warehouse events to Airflow.",
        mixinStandardHelpOptions = true, subcommands = {StreamCommand.Bridge.class})
final class StreamCommand {
    @ParentCommand
    RdwCommand root;

    @Command(name = "bridge", header = "Trigger a DAG once per warehouse event.", mixinStandardHelpOptions = true,
            description = {"Consumes the warehouse's events (as consumer group --group) and starts one run of the DAG per",
                    "event, with conf {bucket, key, sha256, project, event_id}. The run id comes from the event id and",
                    "the event is committed only after the trigger: a bridge killed and restarted starts no second run.",
                    "With --wait it waits for each run; with --result-topic it publishes each outcome there as JSON.",
                    "Runs until interrupted (Ctrl-C), or until --max events."},
            footer = {"", "Example:", "  rdw stream bridge --dag clean_rides --type file:uploaded --project project1 \\",
                    "      --wait --result-topic rdw.results"})
    static final class Bridge implements Callable<Integer> {
        @ParentCommand
        StreamCommand stream;
        @Spec
        CommandSpec spec;
        @Option(names = "--dag", required = true, description = "The DAG to trigger.")
        String dag;
        @Option(names = "--type", description = "Only events of this type (default: file:uploaded); repeatable.")
        List<String> types = new ArrayList<>();
        @Option(names = "--project", description = "Only events of this project; repeatable.")
        List<String> projects = new ArrayList<>();
        @Option(names = "--result-topic", paramLabel = "TOPIC", description = "Publish each run's outcome on this topic.")
        String resultTopic;
        @Option(names = "--wait", description = "Wait for each run to finish before the next event.")
        boolean await;
        @Option(names = "--timeout", defaultValue = "1h", description = "How long --wait waits for one run (default: ${DEFAULT-VALUE}).")
        String timeout;
        @Option(names = "--group", description = "The consumer group (default: rdw-bridge-DAG): where a restart resumes.")
        String group;
        @Option(names = "--from-beginning", description = "A group with no position yet starts with the oldest event kept.")
        boolean fromBeginning;
        @Option(names = "--max", description = "Stop after this many events.")
        Integer max;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            DagBridge.Builder b = DagBridge.builder(dag).config(stream.root.config()).group(group).resultTopic(resultTopic);
            (types.isEmpty() ? List.of("file:uploaded") : types).forEach(b::type);
            projects.forEach(b::project);
            if (await) {
                b.await(Units.duration(timeout));
            }
            if (fromBeginning) {
                b.fromBeginning();
            }
            try (DagBridge bridge = b.build()) {
                Thread stop = RdwCommand.stopOnInterrupt(Thread.currentThread());
                try {
                    bridge.run(o -> {
                        out.println(o);
                        out.flush();
                    }, max == null ? Long.MAX_VALUE : max);
                } finally {
                    RdwCommand.removeStop(stop);
                }
            }
            return 0;
        }
    }
}
