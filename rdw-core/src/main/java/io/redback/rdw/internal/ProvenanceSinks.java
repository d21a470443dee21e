package io.redback.rdw.internal;

import io.redback.rdw.BackendUnavailableException;
import io.redback.rdw.ConfigurationException;
import io.redback.rdw.ProvenanceEvent;
import io.redback.rdw.ProvenanceQuery;
import io.redback.rdw.spi.ProvenanceSink;
import io.redback.rdw.spi.ProvenanceStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Every configured sink as one: an event is recorded in each, in order. If one cannot record it, the ones that did
 * are told with an {@code object:write-undone} event (the caller undoes the write) and the failure names the sink.
 * Queries go to the first sink that can answer them.
 */
public final class ProvenanceSinks implements ProvenanceStore {
    /** The event that takes back one that was recorded for a write that was then undone. */
    public static final String WRITE_UNDONE = "object:write-undone";
    private static final Logger LOG = LoggerFactory.getLogger(ProvenanceSinks.class);

    private final List<ProvenanceSink> sinks;

    public ProvenanceSinks(List<ProvenanceSink> sinks) {
        if (sinks.isEmpty()) {
            throw new ConfigurationException("no provenance sink is configured: every write must be recorded somewhere; "
                    + "set rdw.provenance (RDW_PROVENANCE)");
        }
        this.sinks = List.copyOf(sinks);
    }

    /** The sinks, in order. */
    public List<ProvenanceSink> sinks() {
        return sinks;
    }

    @Override
    public String describe() {
        return String.join(", ", sinks.stream().map(ProvenanceSink::describe).toList());
    }

    @Override
    public void record(ProvenanceEvent event) {
        List<ProvenanceSink> done = new ArrayList<>();
        for (ProvenanceSink sink : sinks) {
            try {
                sink.record(event);
                done.add(sink);
            } catch (RuntimeException e) {
                takeBack(event, done);
                throw new BackendUnavailableException(sink.describe() + " could not record the event: " + e.getMessage()
                        + (done.isEmpty() ? "" : " (the " + done.size() + " sink" + (done.size() == 1 ? "" : "s")
                        + " that recorded it were told it was undone)"), e);
            }
        }
    }

    private static void takeBack(ProvenanceEvent event, List<ProvenanceSink> done) {
        if (done.isEmpty()) {
            return;
        }
        Map<String, Object> meta = new LinkedHashMap<>(event.customMetadata());
        meta.put("undone_event_id", event.eventId().toString());
        meta.put("undone_event_type", event.eventType());
        ProvenanceEvent undone = new ProvenanceEvent(UUID.randomUUID(), event.eventSource(), WRITE_UNDONE,
                event.timestamp(), event.userId(), event.sourceIp(), event.bucketName(), event.objectKey(),
                event.objectSize(), event.objectEtag(), event.contentType(), event.serviceEndpoint(), event.sha256(),
                event.layer(), event.rdwVersion(), event.lineage(), meta);
        for (ProvenanceSink sink : done) {
            try {
                sink.record(undone);
            } catch (RuntimeException e) {
                LOG.warn("{} recorded event {} of a write that was undone, and could not record that it was undone: {}",
                        sink.describe(), event.eventId(), e.getMessage());
            }
        }
    }

    @Override
    public List<ProvenanceEvent> find(ProvenanceQuery query) {
        for (ProvenanceSink sink : sinks) {
            if (sink instanceof ProvenanceStore store) {
                return store.find(query);
            }
        }
        throw new ConfigurationException("none of the configured provenance sinks (" + describe()
                + ") can be searched; add one that can (the embedded log, PostgreSQL) to rdw.provenance");
    }

    @Override
    public void close() {
        RuntimeException first = null;
        for (ProvenanceSink sink : sinks) {
            try {
                sink.close();
            } catch (RuntimeException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }

    @Override
    public String toString() {
        return "ProvenanceSinks[" + describe() + "]";
    }
}
