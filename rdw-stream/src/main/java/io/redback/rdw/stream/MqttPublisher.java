package io.redback.rdw.stream;

/**
 * A connection to the MQTT broker for publishing, from {@link Mqtt#publisher}: for simulators, tests and the
 * {@code rdw mqtt publish} command. Not for many threads at once.
 */
public interface MqttPublisher extends AutoCloseable {

    /**
     * Publishes one message and returns once the broker has it (QoS 1: its PUBACK; QoS 2: its PUBCOMP; QoS 0: once
     * sent).
     */
    void publish(String topic, byte[] payload, int qos);

    /**
     * Publishes one message without waiting for the broker's answer, at most a window of messages ahead of it; a
     * message the broker refused is reported by a later call, by {@link #flush()} or by {@link #close()}.
     */
    void send(String topic, byte[] payload, int qos);

    /** Waits until the broker has every message {@link #send sent} so far. */
    void flush();

    /** Flushes, then disconnects. */
    @Override
    void close();
}
