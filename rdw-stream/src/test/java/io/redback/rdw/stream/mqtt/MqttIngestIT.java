package io.redback.rdw.stream.mqtt;

import com.fasterxml.jackson.databind.JsonNode;
import io.redback.rdw.ForbiddenException;
import io.redback.rdw.InvalidInputException;
import io.redback.rdw.Layer;
import io.redback.rdw.ProvenanceEvent;
import io.redback.rdw.ProvenanceQuery;
import io.redback.rdw.WarehouseClient;
import io.redback.rdw.stream.Mqtt;
import io.redback.rdw.Row;
import io.redback.rdw.stream.MqttBatchInfo;
import io.redback.rdw.stream.MqttIngestOptions;
import io.redback.rdw.stream.MqttIngestion;
import io.redback.rdw.stream.MqttPublisher;
import io.redback.rdw.tck.InteropClients;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Year;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static io.redback.rdw.stream.mqtt.StoredMessages.prefix;
import static io.redback.rdw.stream.mqtt.StoredMessages.records;
import static io.redback.rdw.stream.mqtt.StoredMessages.sequence;
import static io.redback.rdw.stream.mqtt.StoredMessages.warehouse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** MQTT ingestion against a real Mosquitto: every message stored once, in order, whatever its payload. */
class MqttIngestIT {
    private static final int TOPICS = 5;

    @TempDir
    Path folder;

    private static byte[] reading(int seq) {
        return ("{\"sensor\": \"s" + seq % TOPICS + "\", \"seq\": " + seq + ", \"celsius\": 21.5}")
                .getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void tenThousandMessagesAreStoredExactlyOnceInOrderPerTopic() throws Exception {
        int n = 10_000;
        try (TestMosquitto broker = TestMosquitto.anonymous(folder);
             WarehouseClient dw = warehouse(folder.resolve("dw"), broker.port(), Map.of())) {
            List<MqttBatchInfo> batches = new CopyOnWriteArrayList<>();
            try (MqttIngestion in = Mqtt.ingest(dw, "sensors/#", "p1", o -> o.maxMessages(1000)
                    .maxInterval(Duration.ofSeconds(2)).onBatch(batches::add))) {
                try (MqttPublisher out = Mqtt.publisher(dw.config())) {
                    for (int i = 0; i < n; i++) {
                        out.send("sensors/s" + i % TOPICS, reading(i), 1);
                    }
                }
                assertThat(in.awaitStored(n, Duration.ofMinutes(2))).as("all stored").isTrue();
                assertThat(in.stored()).isEqualTo(n);
                assertThat(in.duplicates()).isZero();
                assertThat(in.rejected()).isZero();
            }
            List<JsonNode> records = records(dw, prefix("p1"));
            assertThat(sequence(records)).hasSize(n).doesNotHaveDuplicates();
            for (int t = 0; t < TOPICS; t++) {
                String topic = "sensors/s" + t;
                int first = t;
                assertThat(sequence(records.stream().filter(r -> r.get("topic").asText().equals(topic)).toList()))
                        .as(topic).containsExactlyElementsOf(IntStream.iterate(first, i -> i < n, i -> i + TOPICS)
                                .boxed().toList());
            }
            assertThat(batches).allSatisfy(b -> assertThat(b.messages()).isBetween(1, 1000));
            assertThat(batches.stream().mapToInt(MqttBatchInfo::messages).sum()).isEqualTo(n);
            MqttBatchInfo b = batches.get(0);
            assertThat(b.object().layer()).isEqualTo(Layer.BRONZE);
            assertThat(b.object().key()).startsWith(prefix("p1") + "mqtt_").endsWith(".jsonl")
                    .contains(b.first().toString().substring(0, 4));

            // each batch is one object with its provenance, and the folder is a table for the embedded engine
            List<ProvenanceEvent> events = dw.provenance(ProvenanceQuery.all().layer(Layer.BRONZE).keyPrefix(prefix("p1")));
            assertThat(events).hasSize(batches.size()).allSatisfy(e -> {
                assertThat(e.customMetadata()).containsEntry("mqtt_topic_filter", "sensors/#")
                        .containsKey("mqtt_client_id").containsKey("mqtt_first_received");
                assertThat(e.contentType()).isEqualTo("application/x-ndjson");
            });
            List<Row> rows = dw.query("SELECT count(*) AS n, count(DISTINCT topic) AS topics, max(payload.seq) AS last FROM "
                    + table("p1")).toList();
            assertThat(rows.get(0).getLong("n")).isEqualTo(n);
            assertThat(rows.get(0).getLong("topics")).isEqualTo(TOPICS);
            assertThat(rows.get(0).getLong("last")).isEqualTo(n - 1);
        }
    }

    private static String table(String project) {
        return "\"dw-bucket-bronze\".\"" + project + "\".\"" + Year.now(ZoneOffset.UTC).getValue() + "\".\"t0_mqtt\"";
    }

    @Test
    void batchesAsParquetShareOneSchemaAndKeepEveryPayloadAsText() throws Exception {
        try (TestMosquitto broker = TestMosquitto.anonymous(folder);
             WarehouseClient dw = warehouse(folder.resolve("dw"), broker.port(), Map.of())) {
            List<MqttBatchInfo> batches = new CopyOnWriteArrayList<>();
            try (MqttIngestion in = Mqtt.ingest(dw, "lab/#", "pq", o -> o.format(MqttIngestOptions.Format.PARQUET)
                    .maxMessages(2).maxInterval(Duration.ofMillis(300)).onBatch(batches::add))) {
                try (MqttPublisher out = Mqtt.publisher(dw.config())) {
                    out.publish("lab/a", "{\"celsius\": 21.50}".getBytes(StandardCharsets.UTF_8), 1);
                    out.publish("lab/a", new byte[]{(byte) 0xff, 0x00}, 1);
                    out.publish("lab/b", "7".getBytes(StandardCharsets.UTF_8), 1);
                }
                assertThat(in.awaitStored(3, Duration.ofMinutes(1))).isTrue();
            }
            assertThat(batches).hasSize(2).allSatisfy(b -> assertThat(b.object().key()).endsWith(".parquet"));
            List<Row> rows = dw.query("SELECT topic, received, qos, payload, payload_base64, properties FROM "
                    + table("pq") + " ORDER BY received, payload").toList();
            assertThat(rows).hasSize(3);
            assertThat(rows).extracting(r -> r.getString("payload")).containsExactlyInAnyOrder("{\"celsius\":21.50}",
                    Base64.getEncoder().encodeToString(new byte[]{(byte) 0xff, 0x00}), "7");
            assertThat(rows).extracting(r -> r.getBoolean("payload_base64")).containsOnly(false, true);
            assertThat(rows.get(0).get("received")).isInstanceOf(java.time.LocalDateTime.class);
            assertThat(rows.get(0).get("qos")).isEqualTo(1);
            assertThat(rows.get(0).get("properties")).isNull();
        }
    }

    @Test
    void everyPayloadIsKeptAndWhatCannotBeStoredIsListedWithItsReason() throws Exception {
        try (TestMosquitto broker = TestMosquitto.anonymous(folder);
             WarehouseClient dw = warehouse(folder.resolve("dw"), broker.port(), Map.of("rdw.mqtt.max-message", "2KB"))) {
            byte[] binary = {(byte) 0xff, (byte) 0xfe, 0x00, (byte) 0x80};
            byte[] oversize = new byte[5000];
            try (MqttIngestion in = Mqtt.ingest(dw, "dev/+/data", "p2", o -> o.maxInterval(Duration.ofMillis(500)))) {
                try (MqttPublisher out = Mqtt.publisher(dw.config())) {
                    out.publish("dev/a/data", "{\"v\": 1}".getBytes(StandardCharsets.UTF_8), 1);
                    out.publish("dev/a/data", binary, 1);
                    out.publish("dev/b/data", "plain text".getBytes(StandardCharsets.UTF_8), 0);
                    out.publish("dev/b/data", oversize, 1);
                    out.publish("other/topic", "{\"not\": \"subscribed\"}".getBytes(StandardCharsets.UTF_8), 1);
                    out.publish("dev/b/data", "42".getBytes(StandardCharsets.UTF_8), 2);
                }
                assertThat(in.awaitStored(5, Duration.ofMinutes(1))).isTrue();
                assertThat(in.rejected()).isEqualTo(1);
            }
            List<JsonNode> records = records(dw, prefix("p2"));
            assertThat(records).hasSize(4);
            assertThat(records.get(0).get("payload").get("v").asInt()).isEqualTo(1);
            assertThat(records.get(1).get("payload_base64").asBoolean()).isTrue();
            assertThat(Base64.getDecoder().decode(records.get(1).get("payload").asText())).isEqualTo(binary);
            assertThat(records.get(2).get("qos").asInt()).isZero();
            assertThat(new String(Base64.getDecoder().decode(records.get(2).get("payload").asText()), StandardCharsets.UTF_8))
                    .isEqualTo("plain text");
            assertThat(records.get(3).get("payload").asInt()).isEqualTo(42);
            assertThat(records.get(3).get("qos").asInt()).as("subscribed with QoS 1").isEqualTo(1);

            List<String> rejectKeys = dw.bucket(Layer.BRONZE).list("_rdw/" + prefix("p2")).stream()
                    .map(o -> o.key()).filter(k -> k.endsWith(".rejects.jsonl")).toList();
            assertThat(rejectKeys).hasSize(1);
            List<JsonNode> rejects = StoredMessages.lines(dw.bucket(Layer.BRONZE), rejectKeys.get(0));
            assertThat(rejects).singleElement().satisfies(r -> {
                assertThat(r.get("topic").asText()).isEqualTo("dev/b/data");
                assertThat(r.get("size").asInt()).isEqualTo(5000);
                assertThat(r.get("reason").asText()).contains("5000 bytes").contains("2048 bytes");
            });
        }
    }

    @Test
    void closingStoresTheBatchInProgressAndTheNextIngestionResumesTheSession() throws Exception {
        try (TestMosquitto broker = TestMosquitto.anonymous(folder);
             WarehouseClient dw = warehouse(folder.resolve("dw"), broker.port(), Map.of())) {
            List<Integer> stored = new ArrayList<>();
            // a batch that would wait ten minutes: closing stores it now
            MqttIngestion first = Mqtt.ingest(dw, "sensors/#", "p3", o -> o.clientId("rdw-it-resume")
                    .maxInterval(Duration.ofMinutes(10)));
            try (MqttPublisher out = Mqtt.publisher(dw.config())) {
                for (int i = 0; i < 37; i++) {
                    out.publish("sensors/x", reading(i), 1);
                }
                first.close();
                stored.add((int) first.stored());
                // published while no ingester is connected: the broker keeps them in the session
                for (int i = 37; i < 60; i++) {
                    out.publish("sensors/x", reading(i), 1);
                }
            }
            try (MqttIngestion second = Mqtt.ingest(dw, "sensors/#", "p3", o -> o.clientId("rdw-it-resume")
                    .maxInterval(Duration.ofMillis(300)))) {
                assertThat(second.awaitStored(60 - stored.get(0), Duration.ofMinutes(1))).isTrue();
            }
            assertThat(sequence(records(dw, prefix("p3")))).containsExactlyElementsOf(IntStream.range(0, 60).boxed().toList());
        }
    }

    @Test
    void whatMosquittoPubSendsIsStoredWithItsMqtt5Properties() throws Exception {
        InteropClients.require("mosquitto_pub", "apt-get install mosquitto-clients");
        try (TestMosquitto broker = TestMosquitto.anonymous(folder);
             WarehouseClient dw = warehouse(folder.resolve("dw"), broker.port(), Map.of());
             MqttIngestion in = Mqtt.ingest(dw, "sensors/#", "p5", o -> o.maxInterval(Duration.ofMillis(300)))) {
            Process p = new ProcessBuilder("mosquitto_pub", "-h", "127.0.0.1", "-p", Integer.toString(broker.port()),
                    "-V", "mqttv5", "-q", "1", "-t", "sensors/lab", "-m", "{\"celsius\": 19.25}",
                    "-D", "publish", "user-property", "site", "lab-2", "-D", "publish", "content-type", "application/json")
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(out).isZero();
            assertThat(in.awaitStored(1, Duration.ofMinutes(1))).isTrue();
            JsonNode r = records(dw, prefix("p5")).get(0);
            assertThat(r.get("topic").asText()).isEqualTo("sensors/lab");
            assertThat(r.at("/payload/celsius").asDouble()).isEqualTo(19.25);
            assertThat(r.at("/properties/content_type").asText()).isEqualTo("application/json");
            assertThat(r.at("/properties/user_properties/0/name").asText()).isEqualTo("site");
            assertThat(r.at("/properties/user_properties/0/value").asText()).isEqualTo("lab-2");
        }
    }

    @Test
    void aRefusedLoginFailsAtOnceNamingTheSettingsButNotThePassword() throws Exception {
        try (TestMosquitto broker = TestMosquitto.withUser(folder, "rdw-mqtt-user", "rdw-test-SECRET-mqtt");
             WarehouseClient dw = warehouse(folder.resolve("dw"), broker.port(), Map.of("rdw.mqtt.username",
                     "rdw-mqtt-user", "rdw.mqtt.password", "rdw-test-SECRET-wrong-mqtt"))) {
            assertThatThrownBy(() -> Mqtt.ingest(dw, "sensors/#", "p6", o -> { }))
                    .isInstanceOf(ForbiddenException.class).hasMessageContaining("refused the login")
                    .hasMessageContaining("MQTT_USERNAME").hasMessageNotContaining("SECRET");
        }
    }

    @Test
    void theSameMessageSentAgainAndAgainIsStoredEachTime() throws Exception {
        try (TestMosquitto broker = TestMosquitto.anonymous(folder);
             WarehouseClient dw = warehouse(folder.resolve("dw"), broker.port(), Map.of())) {
            List<MqttBatchInfo> batches = new CopyOnWriteArrayList<>();
            try (MqttIngestion in = Mqtt.ingest(dw, "lamp/#", "p7", o -> o.maxMessages(1).onBatch(batches::add))) {
                try (MqttPublisher out = Mqtt.publisher(dw.config())) {
                    for (int i = 0; i < 3; i++) {
                        out.publish("lamp/1", "\"on\"".getBytes(StandardCharsets.UTF_8), 1);
                    }
                }
                assertThat(in.awaitStored(3, Duration.ofMinutes(1))).isTrue();
                assertThat(in.duplicates()).isZero();
            }
            assertThat(batches).hasSize(3).extracting(b -> b.object().key()).doesNotHaveDuplicates();
            assertThat(records(dw, prefix("p7"))).hasSize(3).allSatisfy(r -> assertThat(r.get("payload").asText())
                    .isEqualTo("on"));
        }
    }

    @Test
    void aSecondIngesterUnderTheSameClientIdIsRefused() throws Exception {
        try (TestMosquitto broker = TestMosquitto.anonymous(folder);
             WarehouseClient dw = warehouse(folder.resolve("dw"), broker.port(), Map.of());
             MqttIngestion first = Mqtt.ingest(dw, "a/#", "p4", o -> o.clientId("same"))) {
            assertThatThrownBy(() -> Mqtt.ingest(dw, "a/#", "p4", o -> o.clientId("same")))
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("another ingester runs under the MQTT "
                            + "client id same");
            assertThat(first.failure()).isEmpty();
            assertThatThrownBy(() -> Mqtt.ingest(dw, "a/#/b", "p4", o -> { })).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("'#' must be alone on the last level");
        }
    }
}
