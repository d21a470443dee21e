package io.redback.rdw;

import io.redback.rdw.internal.Flows;
import io.redback.rdw.helpers.Hashing;
import io.redback.rdw.internal.RdwVersion;
import io.redback.rdw.spi.DocumentStore;
import io.redback.rdw.spi.ProvenanceSink;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * Every document write goes through here, after its input was checked: the store's write, then exactly one provenance
 * event for it. A new document whose event cannot be recorded is deleted again; an insert that failed part-way is
 * recorded as {@code document:insert-failed} with the ids it tried, so nothing stored goes unrecorded.
 */
final class GovernedDocuments {
    private static final Logger LOG = LoggerFactory.getLogger(GovernedDocuments.class);
    /** Ids listed in one event; a larger batch names its first and last id (its NDJSON's SHA-256 covers the rest). */
    private static final int IDS_LISTED = 100;
    /** Where recording and undoing run: off the store's threads, since both may block. */
    private static final ExecutorService STEPS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "rdw-documents");
        t.setDaemon(true);
        return t;
    });

    /** A checked document, its id and its JSON. */
    record Prepared(String id, Map<String, Object> document, byte[] json) {
    }

    private final RdwConfig config;
    private final Supplier<DocumentStore> stores;
    private final ProvenanceSink sink;
    private final Clock clock;
    private final String eventSource;

    GovernedDocuments(RdwConfig config, Supplier<DocumentStore> stores, ProvenanceSink sink, Clock clock, String eventSource) {
        this.config = config;
        this.stores = stores;
        this.sink = sink;
        this.clock = clock;
        this.eventSource = eventSource;
    }

    DocumentStore store() {
        return stores.get();
    }

    /**
     * Inserts checked documents and records one event of {@code eventType} for them.
     *
     * @param metadata what the event adds ({@code first_line}, {@code source_object}, ...)
     */
    Publisher<List<String>> insert(String project, String collection, List<Prepared> docs, String eventType,
                                   Map<String, Object> metadata, ProvenanceEvent.Lineage lineage) {
        DocumentStore store = store();
        List<String> ids = docs.stream().map(Prepared::id).toList();
        List<Map<String, Object>> documents = docs.stream().map(Prepared::document).toList();
        return Flows.then(store.insert(collection, documents), STEPS, n -> {
            try {
                sink.record(event(eventType, project, collection, docs, store, metadata, lineage));
            } catch (RuntimeException e) {
                undo(store, collection, ids);
                throw new BackendUnavailableException("provenance for " + ids.size() + " document(s) in collection "
                        + collection + " could not be recorded in " + sink.describe() + "; the insert was undone: "
                        + e.getMessage(), e);
            }
            return ids;
        }, error -> {
            if (error instanceof BackendUnavailableException) {
                // some of the documents may be stored: record which were tried, so none of them goes unrecorded
                Map<String, Object> meta = new LinkedHashMap<>(metadata);
                meta.put("error", String.valueOf(error.getMessage()));
                try {
                    sink.record(event(ProvenanceEvent.DOCUMENT_INSERT_FAILED, project, collection, docs, store, meta, lineage));
                } catch (RuntimeException e) {
                    error.addSuppressed(e);
                    LOG.warn("could not record a failed insert of {} document(s) in {}: {}", ids.size(), collection,
                            e.getMessage());
                }
            }
            return error;
        });
    }

    private static void undo(DocumentStore store, String collection, List<String> ids) {
        for (String id : ids) {
            try {
                Flows.await(store.delete(collection, id));
            } catch (RuntimeException e) {
                LOG.warn("could not undo the insert of document {} in {}: {}", id, collection, e.getMessage());
            }
        }
    }

    /** Sets fields of a document, then records {@code document:updated}. */
    Publisher<Void> update(String project, String collection, String id, Map<String, Object> fields, byte[] json) {
        DocumentStore store = store();
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("fields", new ArrayList<>(fields.keySet()));
        return change(store.update(collection, id, fields), ProvenanceEvent.DOCUMENT_UPDATED, "updated", project,
                collection, id, json, meta, store);
    }

    /** Replaces a document, then records {@code document:replaced}. */
    Publisher<Void> replace(String project, String collection, String id, Map<String, Object> doc, byte[] json) {
        DocumentStore store = store();
        return change(store.replace(collection, id, doc), ProvenanceEvent.DOCUMENT_REPLACED, "replaced", project,
                collection, id, json, Map.of(), store);
    }

    /** Deletes a document, then records {@code document:deleted}. */
    Publisher<Void> delete(String project, String collection, String id) {
        DocumentStore store = store();
        return change(store.delete(collection, id), ProvenanceEvent.DOCUMENT_DELETED, "deleted", project, collection,
                id, null, Map.of(), store);
    }

    private Publisher<Void> change(Publisher<Long> write, String eventType, String verb, String project,
                                   String collection, String id, byte[] json, Map<String, Object> meta,
                                   DocumentStore store) {
        return Flows.then(write, STEPS, n -> {
            if (n == null || n == 0) {
                throw new NotFoundException("document " + id + " does not exist in collection " + collection);
            }
            Map<String, Object> custom = new LinkedHashMap<>(meta);
            custom.put("project", project);
            custom.put("collection", collection);
            try {
                sink.record(new ProvenanceEvent(UUID.randomUUID(), eventSource, eventType, clock.instant(), config.user(),
                        null, collection, key(project, id), json == null ? null : (long) json.length, null,
                        json == null ? null : "application/json", store.describe(),
                        json == null ? null : Hashing.hex(digest(List.of(json), false)), null, RdwVersion.VALUE, null, custom));
            } catch (RuntimeException e) {
                // an update or delete cannot be taken back: say that it happened
                throw new BackendUnavailableException("document " + id + " in collection " + collection + " was " + verb
                        + " but its provenance could not be recorded in " + sink.describe() + ": " + e.getMessage(), e);
            }
            return null;
        }, error -> error);
    }

    private ProvenanceEvent event(String type, String project, String collection, List<Prepared> docs, DocumentStore store,
                                  Map<String, Object> metadata, ProvenanceEvent.Lineage lineage) {
        boolean one = docs.size() == 1 && !type.equals(ProvenanceEvent.DOCUMENTS_LOADED);
        List<byte[]> parts = docs.stream().map(Prepared::json).toList();
        long size = 0;
        for (byte[] p : parts) {
            size += p.length + (one ? 0 : 1);
        }
        Map<String, Object> custom = new LinkedHashMap<>();
        custom.put("project", project);
        custom.put("collection", collection);
        custom.put("count", docs.size());
        if (docs.size() <= IDS_LISTED) {
            custom.put("document_ids", docs.stream().map(Prepared::id).toList());
        } else {
            custom.put("first_id", docs.get(0).id());
            custom.put("last_id", docs.get(docs.size() - 1).id());
        }
        custom.putAll(metadata);
        return new ProvenanceEvent(UUID.randomUUID(), eventSource, type, clock.instant(), config.user(), null, collection,
                key(project, one ? docs.get(0).id() : null), size, null,
                one ? "application/json" : "application/x-ndjson", store.describe(),
                Hashing.hex(digest(parts, !one)), null, RdwVersion.VALUE, lineage, custom);
    }

    /** The SHA-256 of one JSON document, or of several as newline-delimited JSON. */
    private static MessageDigest digest(List<byte[]> parts, boolean lines) {
        MessageDigest d = Hashing.sha256();
        for (byte[] p : parts) {
            d.update(p);
            if (lines) {
                d.update((byte) '\n');
            }
        }
        return d;
    }

    /** {@code project/documents/ID}, or the prefix {@code project/documents/} for several. */
    static String key(String project, String id) {
        return project + "/documents/" + (id == null ? "" : id);
    }
}
