package io.redback.rdw.stream.mqtt;

import io.redback.rdw.WarehouseClient;
import io.redback.rdw.stream.Mqtt;
import io.redback.rdw.stream.MqttIngestion;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An ingester in a JVM of its own, for {@link MqttKillIT}: {@code warehouse port haltAfterBatch}. It prints a line for
 * each stored batch ({@code batch <messages> <duplicates>}); with {@code haltAfterBatch} > 0 it halts the JVM (no
 * shutdown hook, as SIGKILL would) right after that batch is stored and before it is acknowledged.
 */
public final class IngestMain {
    private IngestMain() {
    }

    public static void main(String[] args) throws Exception {
        Path warehouse = Path.of(args[0]);
        int port = Integer.parseInt(args[1]);
        int haltAfter = Integer.parseInt(args[2]);
        AtomicInteger batches = new AtomicInteger();
        WarehouseClient dw = StoredMessages.warehouse(warehouse, port, Map.of());
        MqttIngestion in = Mqtt.ingest(dw, "sensors/#", "kill", o -> o.clientId("rdw-kill-it").maxMessages(200)
                .maxInterval(Duration.ofMillis(300)).onBatch(b -> {
                    System.out.println("batch " + b.messages() + " " + b.duplicates());
                    System.out.flush();
                    if (batches.incrementAndGet() == haltAfter) {
                        Runtime.getRuntime().halt(137);
                    }
                }));
        Runtime.getRuntime().addShutdownHook(new Thread(in::close));
        System.out.println("started");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
