package io.redback.rdw.stream.kafka;

import io.redback.rdw.Documents;
import io.redback.rdw.ProvenanceDelivery;
import io.redback.rdw.RdwConfig;
import io.redback.rdw.WarehouseClient;
import io.redback.rdw.stream.WarehouseEvent;
import kafka.server.BrokerServer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The broker goes down and comes back while 10,000 governed writes publish their events: the consumer side counts
 * every event id once. A broker of its own, apart from its controller, so that only the broker restarts.
 */
class KafkaBrokerRestartIT {
    static final int EVENTS = 10_000;
    static KafkaClusterTestKit kafka;
    @TempDir
    Path warehouse;

    @BeforeAll
    static void start() throws Exception {
        kafka = TestBroker.start(TestBroker.Nodes.SEPARATE);
    }

    @AfterAll
    static void stop() throws Exception {
        kafka.close();
    }

    @Test
    void aBrokerRestartInTheMiddleOfTenThousandEventsLosesNoneAndRepeatsNone() throws Exception {
        String topic = "events-" + UUID.randomUUID();
        String bootstrap = kafka.bootstrapServers();
        RdwConfig config = RdwConfig.builder().environment(Map.of("KAFKA_BOOTSTRAP_SERVERS", bootstrap))
                .systemProperties(new Properties()).noFile().set(RdwConfig.WAREHOUSE, warehouse.toString())
                .set(KafkaSettings.EVENTS_TOPIC, topic).build();
        Set<String> written = java.util.Collections.synchronizedSet(new HashSet<>());
        try (WarehouseClient dw = WarehouseClient.builder().config(config).build()) {
            Documents readings = dw.documents("sensors");
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                for (int i = 0; i < EVENTS; i++) {
                    written.add(readings.insert(Map.of("n", i, "temperature", 20 + i % 7)));
                }
            });
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (delivered(dw) < EVENTS / 5 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            long before = delivered(dw);
            assertThat(before).as("events delivered before the restart").isBetween(1L, EVENTS - 1L);

            BrokerServer broker = kafka.brokers().values().iterator().next();
            broker.shutdown();
            broker.awaitShutdown();
            Thread.sleep(3_000); // writes go on meanwhile: their events wait in the outbox
            broker.startup();
            kafka.waitForReadyBrokers();

            writer.get(5, TimeUnit.MINUTES);
            assertThat(written).hasSize(EVENTS);
            assertThat(dw.flushProvenance(Duration.ofMinutes(2))).filteredOn(d -> d.sink().equals("kafka")).singleElement()
                    .satisfies(d -> assertThat(d.queued()).isZero());
        }
        assertThat(kafka.bootstrapServers()).as("the broker came back where the client expects it").isEqualTo(bootstrap);

        List<ConsumerRecord<String, String>> records = KafkaEventsIT.read(kafka, topic, EVENTS);
        List<UUID> ids = new ArrayList<>();
        records.forEach(r -> ids.add(WarehouseEvent.parse(r.value()).eventId()));
        assertThat(ids).as("every event once").hasSize(EVENTS).doesNotHaveDuplicates();
    }

    private static long delivered(WarehouseClient dw) {
        return dw.provenanceStatus().stream().filter(d -> d.sink().equals("kafka")).mapToLong(ProvenanceDelivery::delivered)
                .sum();
    }
}
