package io.redback.rdw.cli;

import io.redback.rdw.Layer;
import io.redback.rdw.ProvenanceEvent;
import io.redback.rdw.ProvenanceQuery;
import io.redback.rdw.WarehouseClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "provenance", header = "Show the provenance record: who wrote what, when, from which source.",
        mixinStandardHelpOptions = true,
        description = {"Show the provenance record: who wrote what, when, from which source, newest first."},
        footer = {"", "Example:", "  rdw provenance --prefix project1/ --limit 5"})
final class ProvenanceCommand implements Callable<Integer> {
    @ParentCommand
    RdwCommand root;
    @Spec
    CommandSpec spec;

    @Option(names = "--layer", description = "Only this layer.")
    String layer;
    @Option(names = "--prefix", description = "Only objects whose key starts with this.")
    String prefix;
    @Option(names = "--limit", defaultValue = "20", description = "At most this many events (default: ${DEFAULT-VALUE}; 0 for all).")
    int limit;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (WarehouseClient dw = root.client(RdwCommand.Access.READ)) {
            ProvenanceQuery q = ProvenanceQuery.all().keyPrefix(prefix).limit(limit);
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

    static String line(ProvenanceEvent e) {
        return e.timestamp() + "  " + e.eventType() + "  " + (e.layer() == null ? e.objectKey() + " in collection " + e.bucketName()
                : e.layer().id() + ":" + e.objectKey())
                + "  by " + e.userId() + (e.objectSize() == null ? "" : ", " + e.objectSize() + " bytes")
                + (e.sha256() == null ? "" : ", sha256 " + e.sha256().substring(0, 12))
                + (e.lineage() == null ? "" : ", from " + e.lineage().source() + " by " + e.lineage().pipeline());
    }
}
