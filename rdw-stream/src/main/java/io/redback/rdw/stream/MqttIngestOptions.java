package io.redback.rdw.stream;

import io.redback.rdw.InvalidInputException;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The choices of {@link Mqtt#ingest}: where the batches go, how big they grow, and under which client id the broker
 * keeps the session. Each setter has a getter of the same name.
 * <pre>{@code
 * Mqtt.ingest(client, "sensors/#", "project1", o -> o.task("t2_sensors").maxMessages(5000).maxInterval(Duration.ofSeconds(30)));
 * }</pre>
 */
public final class MqttIngestOptions {
    /** The most messages a batch holds: MQTT 5's receive maximum, the most a broker sends unacknowledged. */
    public static final int MAX_BATCH_MESSAGES = 65_535;

    /** How a batch is written. */
    public enum Format {
        /** JSON Lines: one record a line, a JSON payload kept as JSON (the default). */
        JSONL,
        /**
         * Apache Parquet, one schema for every batch: {@code topic}, {@code received} (a UTC timestamp), {@code qos},
         * {@code retain}, {@code payload} (text: the JSON, compact, or base64), {@code payload_base64} and
         * {@code properties} (JSON text, or null). Written by the local SQL runtime (rdw-query).
         */
        PARQUET
    }

    private String task = "t0_mqtt";
    private Format format = Format.JSONL;
    private String student;
    private String clientId;
    private int maxMessages = 1000;
    private long maxBytes = 64L << 20;
    private Duration maxInterval = Duration.ofSeconds(60);
    private Integer maxMessage;
    private String kafkaTopic;
    private Consumer<MqttBatchInfo> onBatch = b -> { };

    MqttIngestOptions() {
    }

    /** The task folder the batches go to, {@code tN_name} (default {@code t0_mqtt}). */
    public MqttIngestOptions task(String value) {
        this.task = Objects.requireNonNull(value);
        return this;
    }

    public String task() {
        return task;
    }

    /** How each batch is written (default {@link Format#JSONL}). */
    public MqttIngestOptions format(Format value) {
        this.format = Objects.requireNonNull(value);
        return this;
    }

    public Format format() {
        return format;
    }

    /** The student folder under the task (optional). */
    public MqttIngestOptions student(String value) {
        this.student = value;
        return this;
    }

    public String student() {
        return student;
    }

    /**
     * The client id the broker keeps the session under (default {@code rdw.mqtt.client-id}, else one derived from
     * the project and the topic filter): the same id resumes where the last ingestion stopped, so two ingesters must
     * not share one.
     */
    public MqttIngestOptions clientId(String value) {
        this.clientId = Objects.requireNonNull(value);
        return this;
    }

    public String clientId() {
        return clientId;
    }

    /** A batch is stored when it holds this many messages (default 1000, at most {@value #MAX_BATCH_MESSAGES}). */
    public MqttIngestOptions maxMessages(int value) {
        if (value < 1 || value > MAX_BATCH_MESSAGES) {
            throw new InvalidInputException("a batch holds 1 to " + MAX_BATCH_MESSAGES + " messages (MQTT's receive "
                    + "maximum), not " + value);
        }
        this.maxMessages = value;
        return this;
    }

    public int maxMessages() {
        return maxMessages;
    }

    /** A batch is stored when its payloads reach this many bytes (default 64 MiB). */
    public MqttIngestOptions maxBytes(long value) {
        if (value < 1) {
            throw new InvalidInputException("the most bytes a batch holds must be positive, not " + value);
        }
        this.maxBytes = value;
        return this;
    }

    public long maxBytes() {
        return maxBytes;
    }

    /** A batch is stored when its first message is this old (default 60 s). */
    public MqttIngestOptions maxInterval(Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new InvalidInputException("the longest a batch waits must be positive, not " + value);
        }
        this.maxInterval = value;
        return this;
    }

    public Duration maxInterval() {
        return maxInterval;
    }

    /**
     * A message whose payload is larger than this is rejected, with its reason, instead of stored (default
     * {@code rdw.mqtt.max-message}, 1 MiB).
     */
    public MqttIngestOptions maxMessage(int bytes) {
        if (bytes < 1) {
            throw new InvalidInputException("the largest message must be positive, not " + bytes);
        }
        this.maxMessage = bytes;
        return this;
    }

    /** The largest payload set here, or {@code null} for the configured one. */
    public Integer maxMessage() {
        return maxMessage;
    }

    /**
     * Also forwards every stored message to this Kafka topic (key: the MQTT topic; value: its JSON record), before the
     * batch is acknowledged to the broker. Kafka gets each message at least once: after a crash between the two
     * writes, the redelivered batch is sent again.
     */
    public MqttIngestOptions toKafka(String topic) {
        this.kafkaTopic = Objects.requireNonNull(topic);
        return this;
    }

    public String toKafka() {
        return kafkaTopic;
    }

    /** Called on the ingestion's thread after each batch is stored, before it is acknowledged. */
    public MqttIngestOptions onBatch(Consumer<MqttBatchInfo> listener) {
        this.onBatch = Objects.requireNonNull(listener);
        return this;
    }

    public Consumer<MqttBatchInfo> onBatch() {
        return onBatch;
    }
}
