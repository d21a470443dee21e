package io.redback.rdw.spi;

import io.redback.rdw.ProvenanceEvent;

/**
 * Where provenance events go: the embedded log, the warehouse's PostgreSQL table, Logstash. Several may be configured
 * at once ({@code rdw.provenance=embedded,postgres}); each event reaches each of them.
 *
 * <p><b>What a sink must do.</b> {@link #record} returns only when the event is durably kept (written and forced to
 * disk, committed, acknowledged). A sink that cannot record it must throw
 * {@link io.redback.rdw.BackendUnavailableException} and must never drop an event silently; recording the same event
 * (same {@code eventId}) twice must not keep it twice. When a sink throws, rdw undoes the write the event describes
 * and tells the sinks that already recorded it with an {@code object:write-undone} event naming the event's id. A sink
 * that can also answer queries implements {@link ProvenanceStore}.
 *
 * <p><b>Remote sinks.</b> A sink that talks to a server (PostgreSQL, Logstash) answers {@link Delivery#OUTBOX} from
 * {@link #delivery()}: rdw then appends each event to a durable outbox on the writer's machine before the write is
 * reported as done, and hands the events to {@link #recordAll} in the background, in order, and again on the next run
 * if the server was down. Such a sink throws {@link ProvenanceRefusedException} for an event it will never accept (it
 * goes to a dead-letter file and does not hold up the others) and any other exception for a failure that may pass.
 *
 * <p>Every implementation runs {@code io.redback.rdw.tck.ProvenanceSinkContract} from rdw-tck.
 */
public interface ProvenanceSink extends AutoCloseable {

    /** Where the events go, without credentials. */
    String describe();

    /** Records one event durably. @throws io.redback.rdw.BackendUnavailableException if it cannot */
    void record(ProvenanceEvent event);

    /**
     * Records several events, in order, as one batch where the sink can (one round trip, one transaction). Each event
     * is kept at most once even when the batch is sent again.
     *
     * @throws ProvenanceRefusedException if the sink refuses one of them for good; rdw then sends them one by one
     */
    default void recordAll(java.util.List<ProvenanceEvent> events) {
        for (ProvenanceEvent event : events) {
            record(event);
        }
    }

    /** How rdw hands this sink its events: in the write's own path, or through the durable outbox. */
    default Delivery delivery() {
        return Delivery.IN_LINE;
    }

    /** How events reach a sink. */
    enum Delivery {
        /** {@link #record} is called before the write is reported as done; a failure undoes the write. */
        IN_LINE,
        /**
         * The event is appended to rdw's durable outbox before the write is reported as done, and delivered to the
         * sink in the background and on later runs: a sink that is down delays its events and never loses one.
         */
        OUTBOX
    }

    /** Whether it answers, how fast, and if not, what to do; {@code rdw doctor} shows it. */
    default io.redback.rdw.Health health() {
        return io.redback.rdw.Health.unknown("provenance", describe());
    }

    @Override
    void close();
}
