package io.redback.rdw.stream;

import io.redback.rdw.RdwConfig;
import io.redback.rdw.Warehouse;
import io.redback.rdw.WarehouseClient;
import io.redback.rdw.stream.kafka.KafkaTopicWriter;
import io.redback.rdw.stream.mqtt.MqttIngester;
import io.redback.rdw.stream.mqtt.MqttPublishers;
import io.redback.rdw.stream.mqtt.RecordForwarder;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The entry point of MQTT in rdw: messages from the warehouse's broker (Mosquitto) into bronze, and messages to it.
 * The broker is {@code MQTT_BROKER_URL} (or {@code MQTT_HOST} and {@code MQTT_PORT}), with {@code MQTT_USERNAME} and
 * {@code MQTT_PASSWORD}.
 *
 * <pre>{@code
 * try (MqttIngestion in = Mqtt.ingest("sensors/#", "project1", o -> o.maxMessages(1000))) {
 *     in.awaitStored(10_000, Duration.ofMinutes(1));
 * }
 * Mqtt.publish("sensors/t1", "{\"c\": 21.5}".getBytes(UTF_8), 1);
 * }</pre>
 *
 * Each batch becomes one bronze object, {@code project/YYYY/t0_mqtt/mqtt_<first>_<last>.jsonl}, with one JSON
 * record a message (topic, time received, QoS, payload and MQTT 5 properties). A batch's messages are acknowledged
 * to the broker only once the object is stored and its provenance recorded, so a crash loses nothing: the broker
 * sends them again, and those already stored are recognised and not stored twice.
 */
public final class Mqtt {
    private Mqtt() {
    }

    /** Ingests into the default warehouse ({@link Warehouse#client()}). */
    public static MqttIngestion ingest(String topicFilter, String project, Consumer<MqttIngestOptions> options) {
        return ingest(Warehouse.client(), topicFilter, project, options);
    }

    /**
     * Subscribes to {@code topicFilter} with QoS 1 in a persistent session, and stores what arrives in batches in the
     * project's bronze folder until the returned ingestion is closed.
     */
    public static MqttIngestion ingest(WarehouseClient warehouse, String topicFilter, String project,
                                       Consumer<MqttIngestOptions> options) {
        MqttIngestOptions o = new MqttIngestOptions();
        options.accept(o);
        return MqttIngester.start(warehouse, topicFilter, project, o, o.toKafka() == null ? null
                : kafka(warehouse.config(), o.toKafka()));
    }

    /** Kafka through rdw-stream's producer: idempotent, {@code acks=all}, each batch awaited. */
    private static RecordForwarder kafka(RdwConfig config, String topic) {
        KafkaTopicWriter writer = KafkaTopicWriter.open(config, "rdw-mqtt-" + topic);
        return new RecordForwarder() {
            @Override
            public String destination() {
                return topic;
            }

            @Override
            public void sendAll(List<Map.Entry<String, String>> records) {
                writer.sendAll(topic, records);
            }

            @Override
            public void close() {
                writer.close();
            }
        };
    }

    /** Publishes one message to the configured broker and returns once the broker has it. */
    public static void publish(String topic, byte[] payload, int qos) {
        publish(RdwConfig.load(), topic, payload, qos);
    }

    public static void publish(RdwConfig config, String topic, byte[] payload, int qos) {
        try (MqttPublisher publisher = publisher(config)) {
            publisher.publish(topic, payload, qos);
        }
    }

    /** A connection for publishing many messages. */
    public static MqttPublisher publisher(RdwConfig config) {
        return MqttPublishers.open(config);
    }
}
