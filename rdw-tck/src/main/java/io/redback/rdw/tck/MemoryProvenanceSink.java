package io.redback.rdw.tck;

import io.redback.rdw.Health;
import io.redback.rdw.ProvenanceEvent;
import io.redback.rdw.ProvenanceQuery;
import io.redback.rdw.spi.ProvenanceStore;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A provenance store in memory, for the tests of a backend that needs a client but not a real provenance record
 * ({@code WarehouseClient.builder().provenanceSink(new MemoryProvenanceSink())}). Keeps each event once, by id.
 */
public final class MemoryProvenanceSink implements ProvenanceStore {
    private final Map<java.util.UUID, ProvenanceEvent> events = new LinkedHashMap<>();

    @Override
    public String describe() {
        return "memory";
    }

    @Override
    public synchronized void record(ProvenanceEvent event) {
        events.putIfAbsent(event.eventId(), event);
    }

    @Override
    public synchronized List<ProvenanceEvent> find(ProvenanceQuery query) {
        List<ProvenanceEvent> out = new ArrayList<>();
        for (ProvenanceEvent e : events.values()) {
            if (query.matches(e)) {
                out.add(e);
            }
        }
        out.sort(Comparator.comparing(ProvenanceEvent::timestamp).reversed());
        return query.limit() > 0 && out.size() > query.limit() ? out.subList(0, query.limit()) : out;
    }

    @Override
    public Health health() {
        return Health.up("provenance", describe(), Duration.ZERO, "in memory");
    }

    @Override
    public void close() {
    }
}
