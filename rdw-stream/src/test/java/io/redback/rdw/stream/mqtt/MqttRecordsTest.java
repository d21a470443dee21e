package io.redback.rdw.stream.mqtt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.datatypes.Mqtt5UserProperties;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PayloadFormatIndicator;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/** A message made into a record: JSON kept as JSON, anything else base64 with a flag, properties, and rejects. */
class MqttRecordsTest {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .setNodeFactory(com.fasterxml.jackson.databind.node.JsonNodeFactory.withExactBigDecimals(true));
    private static final Instant AT = Instant.parse("2026-12-03T10:15:30.123Z");

    private static Mqtt5Publish message(String topic, byte[] payload) {
        return Mqtt5Publish.builder().topic(topic).payload(payload).qos(MqttQos.AT_LEAST_ONCE).build();
    }

    private static JsonNode record(Mqtt5Publish m) throws Exception {
        MqttRecords.Line line = MqttRecords.of(m, AT, 1000);
        assertThat(line.rejected()).isFalse();
        assertThat(line.json()).doesNotContain("\n");
        return JSON.readTree(line.json());
    }

    @Test
    void aJsonPayloadIsKeptAsJsonWithItsNumbersAsSent() throws Exception {
        JsonNode r = record(message("sensors/t1", "{\"c\": 21.50, \"big\": 12345678901234567890, \"ok\": true, \"z\": -0.0, \"e\": 1E5}"
                .getBytes(StandardCharsets.UTF_8)));
        assertThat(r.get("topic").asText()).isEqualTo("sensors/t1");
        assertThat(r.get("received").asText()).isEqualTo("2026-12-03T10:15:30.123Z");
        assertThat(r.get("qos").asInt()).isEqualTo(1);
        assertThat(r.get("retain").asBoolean()).isFalse();
        assertThat(r.get("payload_base64").asBoolean()).isFalse();
        assertThat(r.get("payload").get("ok").asBoolean()).isTrue();
        assertThat(r.get("payload").get("big").bigIntegerValue()).hasToString("12345678901234567890");
        assertThat(MqttRecords.of(message("t", "{\"c\": 21.50,\n \"z\": -0.0, \"e\": 1E5}".getBytes(StandardCharsets.UTF_8)), AT,
                1000).json()).as("numbers as sent, whitespace gone").contains("\"payload\":{\"c\":21.50,\"z\":-0.0,\"e\":1E5}");
        assertThat(r.has("properties")).isFalse();
    }

    @Test
    void anythingElseIsBase64AndNeverDropped() throws Exception {
        byte[][] payloads = {{(byte) 0xff, (byte) 0xfe, 0, 1}, "hello".getBytes(StandardCharsets.UTF_8), new byte[0],
                "{\"a\": 1} trailing".getBytes(StandardCharsets.UTF_8), "{\"a\": 1, \"a\": 2}".getBytes(StandardCharsets.UTF_8)};
        for (byte[] p : payloads) {
            JsonNode r = record(message("raw", p));
            assertThat(r.get("payload_base64").asBoolean()).isTrue();
            assertThat(Base64.getDecoder().decode(r.get("payload").asText())).isEqualTo(p);
        }
    }

    @Test
    void mqtt5PropertiesAreKept() throws Exception {
        Mqtt5Publish m = Mqtt5Publish.builder().topic("sensors/t2").payload("7".getBytes(StandardCharsets.UTF_8))
                .qos(MqttQos.AT_LEAST_ONCE).contentType("application/json").responseTopic("replies/t2")
                .correlationData(new byte[]{1, 2, 3}).payloadFormatIndicator(Mqtt5PayloadFormatIndicator.UTF_8)
                .messageExpiryInterval(60).userProperties(Mqtt5UserProperties.builder().add("site", "A").add("site", "B")
                        .build()).build();
        JsonNode p = record(m).get("properties");
        assertThat(p.get("content_type").asText()).isEqualTo("application/json");
        assertThat(p.get("response_topic").asText()).isEqualTo("replies/t2");
        assertThat(Base64.getDecoder().decode(p.get("correlation_data").asText())).containsExactly(1, 2, 3);
        assertThat(p.get("payload_format").asText()).isEqualTo("utf-8");
        assertThat(p.get("message_expiry").asLong()).isEqualTo(60);
        assertThat(p.get("user_properties").toString())
                .isEqualTo("[{\"name\":\"site\",\"value\":\"A\"},{\"name\":\"site\",\"value\":\"B\"}]");
    }

    @Test
    void oversizeAndFalselyDeclaredTextAreRejectedWithTheirReason() throws Exception {
        MqttRecords.Line big = MqttRecords.of(message("big", new byte[1001]), AT, 1000);
        assertThat(big.rejected()).isTrue();
        JsonNode r = JSON.readTree(big.json());
        assertThat(r.get("size").asInt()).isEqualTo(1001);
        assertThat(r.get("reason").asText()).contains("1001 bytes").contains("1000 bytes").contains("rdw.mqtt.max-message");
        assertThat(r.get("sha256").asText()).hasSize(64);

        Mqtt5Publish lying = Mqtt5Publish.builder().topic("t").payload(new byte[]{(byte) 0xc3, 0x28})
                .payloadFormatIndicator(Mqtt5PayloadFormatIndicator.UTF_8).build();
        MqttRecords.Line bad = MqttRecords.of(lying, AT, 1000);
        assertThat(bad.rejected()).isTrue();
        assertThat(JSON.readTree(bad.json()).get("reason").asText()).contains("not valid UTF-8");
    }

    @Test
    void aRedeliveryHasTheSameFingerprintAndAnotherMessageAnother() {
        byte[] p = "{\"c\": 1}".getBytes(StandardCharsets.UTF_8);
        long first = MqttRecords.of(message("a/b", p), AT, 1000).fingerprint();
        Mqtt5Publish again = Mqtt5Publish.builder().topic("a/b").payload(p).qos(MqttQos.AT_LEAST_ONCE).retain(true)
                .messageExpiryInterval(5).build();
        assertThat(MqttRecords.of(again, AT.plusSeconds(9), 1000).fingerprint()).isEqualTo(first);
        assertThat(MqttRecords.of(message("a/c", p), AT, 1000).fingerprint()).isNotEqualTo(first);
        assertThat(MqttRecords.of(message("a/b", "{\"c\": 2}".getBytes(StandardCharsets.UTF_8)), AT, 1000).fingerprint())
                .isNotEqualTo(first);
    }
}
