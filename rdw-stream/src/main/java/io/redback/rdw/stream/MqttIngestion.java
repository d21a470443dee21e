package io.redback.rdw.stream;

import java.time.Duration;
import java.util.Optional;

/**
 * A running MQTT ingestion, started by {@link Mqtt#ingest}. It runs on a thread of its own until {@link #close()},
 * which stores the batch in progress, acknowledges it and disconnects, keeping the broker's session so that the next
 * ingestion under the same client id goes on where this one stopped.
 */
public interface MqttIngestion extends AutoCloseable {

    /** Messages stored in bronze so far. */
    long stored();

    /** Batches stored so far. */
    long batches();

    /** Messages rejected so far (oversize or malformed), each listed with its reason beside its batch. */
    long rejected();

    /** Redelivered messages recognised as already stored, and not stored twice. */
    long duplicates();

    /** Time since the last message came from the broker, or since the start when none came yet. */
    Duration idle();

    /**
     * Waits until at least {@code messages} messages are stored (or rejected), the ingestion failed, or the time is up.
     *
     * @return whether that many were stored
     */
    boolean awaitStored(long messages, Duration timeout) throws InterruptedException;

    /** Why the ingestion stopped on its own, if it did: a refused login, a store that refuses every write, ... */
    Optional<RuntimeException> failure();

    /**
     * Stores the batch in progress, acknowledges it, and disconnects.
     *
     * @throws RuntimeException the {@link #failure()}, if the ingestion had failed
     */
    @Override
    void close();
}
