package io.redback.rdw.spi;

import io.redback.rdw.ProvenanceEvent;
import io.redback.rdw.ProvenanceQuery;

import java.util.List;

/**
 * Where provenance events go: the embedded log, or the warehouse's PostgreSQL table. Recording is durable when
 * {@link #record} returns; a sink that cannot record must throw, never drop the event silently.
 *
 * <p>Every implementation runs {@code io.redback.rdw.contract.ProvenanceSinkContract} from rdw-core's test-jar.
 */
public interface ProvenanceSink extends AutoCloseable {

    /** Where the events go, without credentials. */
    String describe();

    /** Records one event durably. @throws io.redback.rdw.BackendUnavailableException if it cannot */
    void record(ProvenanceEvent event);

    /** Events matching the query, newest first. */
    List<ProvenanceEvent> find(ProvenanceQuery query);

    /** Whether it answers, how fast, and if not, what to do; {@code rdw doctor} shows it. */
    default io.redback.rdw.Health health() {
        return io.redback.rdw.Health.unknown("provenance", describe());
    }

    @Override
    void close();
}
