package io.redback.rdw;

import java.time.Instant;

/**
 * A filter over provenance events; every field is optional ({@code null} means any).
 * Start from {@link #all()} and narrow: {@code ProvenanceQuery.all().keyPrefix("project1/").limit(20)}.
 *
 * @param layer     only events on this layer
 * @param keyPrefix only objects whose key starts with this
 * @param eventType only this event type
 * @param since     only events at or after this instant
 * @param limit     at most this many, newest first; 0 for no limit
 */
public record ProvenanceQuery(Layer layer, String keyPrefix, String eventType, Instant since, int limit) {

    public static ProvenanceQuery all() {
        return new ProvenanceQuery(null, null, null, null, 0);
    }

    public ProvenanceQuery layer(Layer value) {
        return new ProvenanceQuery(value, keyPrefix, eventType, since, limit);
    }

    public ProvenanceQuery keyPrefix(String value) {
        return new ProvenanceQuery(layer, value, eventType, since, limit);
    }

    public ProvenanceQuery eventType(String value) {
        return new ProvenanceQuery(layer, keyPrefix, value, since, limit);
    }

    public ProvenanceQuery since(Instant value) {
        return new ProvenanceQuery(layer, keyPrefix, eventType, value, limit);
    }

    public ProvenanceQuery limit(int value) {
        return new ProvenanceQuery(layer, keyPrefix, eventType, since, value);
    }

    /** Whether an event passes this filter (the limit aside). */
    public boolean matches(ProvenanceEvent e) {
        return (layer == null || layer == e.layer())
                && (keyPrefix == null || (e.objectKey() != null && e.objectKey().startsWith(keyPrefix)))
                && (eventType == null || eventType.equals(e.eventType()))
                && (since == null || !e.timestamp().isBefore(since));
    }
}
