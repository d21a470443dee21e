package io.redback.rdw.stream.mqtt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.redback.rdw.WarehouseClient;
import io.redback.rdw.stream.Mqtt;
import io.redback.rdw.stream.MqttIngestion;
import io.redback.rdw.stream.MqttPublisher;
import io.redback.rdw.stream.kafka.TestBroker;
import io.redback.rdw.tck.InteropClients;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.redback.rdw.stream.mqtt.StoredMessages.prefix;
import static io.redback.rdw.stream.mqtt.StoredMessages.records;
import static io.redback.rdw.stream.mqtt.StoredMessages.warehouse;
import static org.assertj.core.api.Assertions.assertThat;

/** MQTT messages forwarded to Kafka as they are stored, read back by kcat, an independent Kafka client. */
class MqttKafkaIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path folder;

    @Test
    void everyStoredMessageIsOnTheKafkaTopicKeyedByItsMqttTopic() throws Exception {
        InteropClients.require("kcat", "apt-get install kcat (or brew install kcat)");
        int n = 500;
        try (KafkaClusterTestKit kafka = TestBroker.start(TestBroker.Nodes.COMBINED);
             TestMosquitto broker = TestMosquitto.anonymous(folder);
             WarehouseClient dw = warehouse(folder.resolve("dw"), broker.port(),
                     Map.of("rdw.kafka.bootstrap-servers", kafka.bootstrapServers()))) {
            try (MqttIngestion in = Mqtt.ingest(dw, "sensors/#", "pk", o -> o.maxMessages(120)
                    .maxInterval(Duration.ofMillis(300)).toKafka("mqtt-readings"))) {
                try (MqttPublisher out = Mqtt.publisher(dw.config())) {
                    for (int i = 0; i < n; i++) {
                        out.send("sensors/k" + i % 2, ("{\"seq\": " + i + "}").getBytes(StandardCharsets.UTF_8), 1);
                    }
                }
                assertThat(in.awaitStored(n, Duration.ofMinutes(1))).isTrue();
            }
            Process p = new ProcessBuilder("kcat", "-b", kafka.bootstrapServers(), "-C", "-t", "mqtt-readings", "-o",
                    "beginning", "-e", "-q", "-f", "%k\\t%s\\n").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(out).isZero();
            List<String> keys = new ArrayList<>();
            List<JsonNode> values = new ArrayList<>();
            for (String line : out.strip().split("\n")) {
                String[] fields = line.split("\t", 2);
                keys.add(fields[0]);
                values.add(JSON.readTree(fields[1]));
            }
            List<JsonNode> stored = records(dw, prefix("pk"));
            assertThat(stored).hasSize(n);
            // one partition: Kafka holds the records in the order they were stored
            assertThat(values).containsExactlyElementsOf(stored);
            assertThat(keys).containsExactlyElementsOf(stored.stream().map(r -> r.get("topic").asText()).toList());
        }
    }
}
