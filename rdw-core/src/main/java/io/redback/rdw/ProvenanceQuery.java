package io.redback.rdw;

import java.time.Instant;

/**
 * A filter over provenance events; every field is optional ({@code null} means any).
 * Start from {@link #all()} and narrow: {@code ProvenanceQuery.all().keyPrefix("project1/").user("alice").limit(20)}.
 *
 * @param layer       only events on this layer
 * @param keyPrefix   only objects whose key starts with this
 * @param eventType   only this event type
 * @param userId      only events by this user
 * @param since       only events at or after this instant
 * @param until       only events before this instant
 * @param derivedFrom only events of objects computed from this one (its lineage's source)
 * @param limit       at most this many, newest first; 0 for no limit
 */
public record ProvenanceQuery(Layer layer, String keyPrefix, String eventType, String userId, Instant since,
                              Instant until, ObjectRef derivedFrom, int limit) {

    public static ProvenanceQuery all() {
        return new ProvenanceQuery(null, null, null, null, null, null, null, 0);
    }

    public ProvenanceQuery layer(Layer value) {
        return new ProvenanceQuery(value, keyPrefix, eventType, userId, since, until, derivedFrom, limit);
    }

    public ProvenanceQuery keyPrefix(String value) {
        return new ProvenanceQuery(layer, value, eventType, userId, since, until, derivedFrom, limit);
    }

    public ProvenanceQuery eventType(String value) {
        return new ProvenanceQuery(layer, keyPrefix, value, userId, since, until, derivedFrom, limit);
    }

    public ProvenanceQuery user(String value) {
        return new ProvenanceQuery(layer, keyPrefix, eventType, value, since, until, derivedFrom, limit);
    }

    public ProvenanceQuery since(Instant value) {
        return new ProvenanceQuery(layer, keyPrefix, eventType, userId, value, until, derivedFrom, limit);
    }

    public ProvenanceQuery until(Instant value) {
        return new ProvenanceQuery(layer, keyPrefix, eventType, userId, since, value, derivedFrom, limit);
    }

    public ProvenanceQuery derivedFrom(ObjectRef value) {
        return new ProvenanceQuery(layer, keyPrefix, eventType, userId, since, until, value, limit);
    }

    public ProvenanceQuery limit(int value) {
        return new ProvenanceQuery(layer, keyPrefix, eventType, userId, since, until, derivedFrom, value);
    }

    /** Whether an event passes this filter (the limit aside). */
    public boolean matches(ProvenanceEvent e) {
        return (layer == null || layer == e.layer())
                && (keyPrefix == null || (e.objectKey() != null && e.objectKey().startsWith(keyPrefix)))
                && (eventType == null || eventType.equals(e.eventType()))
                && (userId == null || userId.equals(e.userId()))
                && (since == null || !e.timestamp().isBefore(since))
                && (until == null || e.timestamp().isBefore(until))
                && (derivedFrom == null || (e.lineage() != null && derivedFrom.equals(e.lineage().source())));
    }
}
