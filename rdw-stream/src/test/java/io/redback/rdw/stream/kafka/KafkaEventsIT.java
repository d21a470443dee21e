package io.redback.rdw.stream.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import io.redback.rdw.Layer;
import io.redback.rdw.ObjectInfo;
import io.redback.rdw.ProvenanceDelivery;
import io.redback.rdw.RdwConfig;
import io.redback.rdw.WarehouseClient;
import io.redback.rdw.helpers.Json;
import io.redback.rdw.stream.EventStream;
import io.redback.rdw.stream.Streams;
import io.redback.rdw.stream.WarehouseEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Warehouse events on a real KRaft broker running in this JVM, read back by a plain Kafka consumer. */
class KafkaEventsIT {
    static KafkaClusterTestKit kafka;
    @TempDir
    Path warehouse;

    @BeforeAll
    static void start() throws Exception {
        kafka = TestBroker.start(TestBroker.Nodes.COMBINED);
    }

    @AfterAll
    static void stop() throws Exception {
        kafka.close();
    }

    RdwConfig config(String topic) {
        return RdwConfig.builder().environment(Map.of("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers()))
                .systemProperties(new Properties()).noFile().set(RdwConfig.WAREHOUSE, warehouse.toString())
                .set(KafkaSettings.EVENTS_TOPIC, topic).build();
    }

    static List<ConsumerRecord<String, String>> read(String topic, int expected) {
        return read(kafka, topic, expected);
    }

    /** Every record of the topic, from its beginning: waits for {@code expected}, then a moment for any more. */
    static List<ConsumerRecord<String, String>> read(KafkaClusterTestKit kafka, String topic, int expected) {
        Properties p = new Properties();
        p.put("bootstrap.servers", kafka.bootstrapServers());
        List<ConsumerRecord<String, String>> out = new ArrayList<>();
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            List<org.apache.kafka.common.TopicPartition> partitions = c.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(i -> new org.apache.kafka.common.TopicPartition(topic, i.partition())).toList();
            c.assign(partitions);
            c.seekToBeginning(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (out.size() < expected && System.nanoTime() < deadline) {
                c.poll(Duration.ofMillis(200)).forEach(out::add);
            }
            // anything more would be a duplicate: give it a moment to show up
            c.poll(Duration.ofMillis(500)).forEach(out::add);
        }
        return out;
    }

    @Test
    void everyUploadIsAnEventKeyedByItsObjectKey() throws Exception {
        String topic = "events-" + UUID.randomUUID();
        List<ObjectInfo> uploaded = new ArrayList<>();
        try (WarehouseClient dw = WarehouseClient.builder().config(config(topic)).build()) {
            for (int i = 0; i < 3; i++) {
                Path f = Files.writeString(Files.createTempDirectory(warehouse.getParent(), "in").resolve("rides" + i + ".csv"),
                        "a\n" + i + "\n");
                uploaded.add(dw.bucket(Layer.BRONZE).upload(f, "project1"));
            }
            List<ProvenanceDelivery> flushed = dw.flushProvenance(Duration.ofSeconds(60));
            assertThat(flushed).filteredOn(d -> d.sink().equals("kafka")).singleElement()
                    .satisfies(d -> assertThat(d.queued()).isZero());
        }
        List<ConsumerRecord<String, String>> records = read(topic, 3);
        assertThat(records).extracting(ConsumerRecord::key)
                .containsExactlyElementsOf(uploaded.stream().map(ObjectInfo::key).toList());
        JsonNode first = Json.MAPPER.readTree(records.get(0).value());
        assertThat(first.get("type").asText()).isEqualTo("file:uploaded");
        assertThat(first.get("bucket").asText()).isEqualTo("dw-bucket-bronze");
        assertThat(first.get("key").asText()).isEqualTo(uploaded.get(0).key());
        assertThat(first.get("sha256").asText()).hasSize(64);
        assertThat(first.get("size").asLong()).isEqualTo(4);
        assertThat(first.get("project").asText()).isEqualTo("project1");
        assertThat(first.get("user").asText()).isNotBlank();
        assertThat(first.get("event_id").asText()).as("the object names the event of its write")
                .isEqualTo(uploaded.get(0).eventId().orElseThrow().toString());
    }

    private List<String> uploadAll(String topic, String... projects) throws Exception {
        List<String> keys = new ArrayList<>();
        try (WarehouseClient dw = WarehouseClient.builder().config(config(topic)).build()) {
            int i = 0;
            for (String project : projects) {
                Path f = Files.writeString(Files.createTempDirectory(warehouse.getParent(), "in").resolve("r" + i + ".csv"),
                        "a\n" + UUID.randomUUID() + "\n"); // new content each time: the same content is not stored twice
                i++;
                keys.add(dw.bucket(Layer.BRONZE).upload(f, project).key());
            }
            dw.flushProvenance(Duration.ofSeconds(60));
        }
        return keys;
    }

    /** Polls until {@code n} events were handled or a minute passed. */
    private static List<WarehouseEvent> take(EventStream stream, int n) {
        List<WarehouseEvent> got = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (got.size() < n && System.nanoTime() < deadline) {
            stream.poll(Duration.ofMillis(200), got::add);
        }
        return got;
    }

    @Test
    void aConsumerGroupReadsTheEventsItAsksForAndResumesWhereItCommitted() throws Exception {
        String topic = "events-" + UUID.randomUUID();
        List<String> keys = uploadAll(topic, "p1", "p2", "p1");
        RdwConfig config = config(topic);
        try (EventStream s = Streams.events(config, "team-a").fromBeginning().project("p1").type("file:uploaded")) {
            assertThat(take(s, 2)).extracting(WarehouseEvent::key).containsExactly(keys.get(0), keys.get(2));
        }
        String later = uploadAll(topic, "p1").get(0);
        // the group committed what it read: its next reader starts after it
        try (EventStream s = Streams.events(config, "team-a").fromBeginning().project("p1")) {
            List<WarehouseEvent> rest = take(s, 1);
            assertThat(rest).extracting(WarehouseEvent::key).containsExactly(later);
            assertThat(rest.get(0).sha256()).hasSize(64);
            assertThat(rest.get(0).project()).isEqualTo("p1");
        }
    }

    @Test
    void anEventWhoseHandlerFailedComesAgainAndOnlyThatOne() throws Exception {
        String topic = "events-" + UUID.randomUUID();
        List<String> keys = uploadAll(topic, "p1", "p1", "p1");
        RdwConfig config = config(topic);
        List<String> handled = new ArrayList<>();
        try (EventStream s = Streams.events(config, "team-b").fromBeginning()) {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            RuntimeException failed = null;
            while (failed == null && System.nanoTime() < deadline) {
                try {
                    s.poll(Duration.ofMillis(200), e -> {
                        if (e.key().equals(keys.get(1))) {
                            throw new IllegalStateException("the handler failed on " + e.key());
                        }
                        handled.add(e.key());
                    });
                } catch (IllegalStateException e) {
                    failed = e;
                }
            }
            assertThat(failed).as("the handler's failure reaches the caller").isNotNull();
        }
        assertThat(handled).containsExactly(keys.get(0));
        try (EventStream s = Streams.events(config, "team-b").fromBeginning()) {
            assertThat(take(s, 2)).extracting(WarehouseEvent::key).containsExactly(keys.get(1), keys.get(2));
        }
    }

    @Test
    void aSubscriptionHandsOverEventsOnItsOwnThreadUntilClosed() throws Exception {
        String topic = "events-" + UUID.randomUUID();
        List<String> keys = uploadAll(topic, "p1", "p1");
        List<String> seen = java.util.Collections.synchronizedList(new ArrayList<>());
        try (EventStream s = Streams.events(config(topic), "team-c").fromBeginning()) {
            EventStream.Subscription sub = s.subscribe(e -> seen.add(e.key()));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (seen.size() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            sub.close();
            assertThat(sub.failures()).isEmpty();
        }
        assertThat(seen).containsExactlyElementsOf(keys);
    }

    @Test
    void aBrokerThatIsUnreachableDelaysEventsAndLosesNone() throws Exception {
        String topic = "events-" + UUID.randomUUID();
        RdwConfig down = RdwConfig.builder().environment(Map.of("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:1"))
                .systemProperties(new Properties()).noFile().set(RdwConfig.WAREHOUSE, warehouse.toString())
                .set(KafkaSettings.EVENTS_TOPIC, topic).set(KafkaSettings.TIMEOUT, "2s")
                .set(RdwConfig.PROVENANCE_FLUSH_TIMEOUT, "1s").build();
        try (WarehouseClient dw = WarehouseClient.builder().config(down).build()) {
            Path f = Files.writeString(Files.createTempDirectory(warehouse.getParent(), "in").resolve("r.csv"), "a\n1\n");
            dw.bucket(Layer.BRONZE).upload(f, "project1"); // succeeds: its event waits in the outbox
            assertThat(dw.provenanceStatus()).filteredOn(d -> d.sink().equals("kafka")).singleElement()
                    .satisfies(d -> assertThat(d.queued()).isEqualTo(1));
        }
        try (WarehouseClient dw = WarehouseClient.builder().config(config(topic)).build()) {
            assertThat(dw.flushProvenance(Duration.ofSeconds(60))).filteredOn(d -> d.sink().equals("kafka"))
                    .singleElement().satisfies(d -> assertThat(d.queued()).isZero());
        }
        assertThat(read(topic, 1)).hasSize(1);
    }
}
