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
 * <p>Every implementation runs {@code io.redback.rdw.tck.ProvenanceSinkContract} from rdw-tck.
 */
public interface ProvenanceSink extends AutoCloseable {

    /** Where the events go, without credentials. */
    String describe();

    /** Records one event durably. @throws io.redback.rdw.BackendUnavailableException if it cannot */
    void record(ProvenanceEvent event);

    /** Whether it answers, how fast, and if not, what to do; {@code rdw doctor} shows it. */
    default io.redback.rdw.Health health() {
        return io.redback.rdw.Health.unknown("provenance", describe());
    }

    @Override
    void close();
}
