package io.redback.rdw.etl.crash;

import io.redback.rdw.RdwConfig;
import io.redback.rdw.WarehouseClient;
import io.redback.rdw.etl.PipelineResult;
import io.redback.rdw.etl.Pipelines;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What {@link LeftoversAfterAKilledCleanTest} kills, in a JVM of its own, on the embedded warehouse:
 * {@code clean <warehouse> <bronze key> <percent>} prints {@code CLEANING <pid>} once the clean is that far, waits
 * until its standard input closes (or it is killed), then finishes and prints {@code DONE <silver key>};
 * {@code open <warehouse>} opens a client and closes it, as the next start of any rdw program does.
 */
public final class CleaningChild {
    private CleaningChild() {
    }

    public static void main(String[] args) throws Exception {
        RdwConfig config = RdwConfig.builder().noFile().environment(Map.of()).warehouse(Path.of(args[1]))
                .set("rdw.embedded.memory-limit", "256MB").build();
        long pid = ProcessHandle.current().pid();
        try (WarehouseClient dw = WarehouseClient.builder().config(config).build()) {
            if (args[0].equals("open")) {
                System.out.println("OPENED " + pid);
                return;
            }
            double pauseAt = Double.parseDouble(args[3]);
            AtomicBoolean told = new AtomicBoolean();
            PipelineResult r = Pipelines.on(dw).clean(args[2], o -> o.progress(p -> {
                if (p.percent() >= pauseAt && told.compareAndSet(false, true)) {
                    System.out.println("CLEANING " + pid);
                    System.out.flush();
                    try {
                        while (System.in.read() >= 0) {
                            // until the parent closes it
                        }
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }
            }));
            System.out.println("DONE " + r.silverObject().orElseThrow().key());
        }
    }
}
