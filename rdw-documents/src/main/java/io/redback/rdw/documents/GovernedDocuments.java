package io.redback.rdw.documents;

import io.redback.rdw.BackendUnavailableException;
import io.redback.rdw.NotFoundException;
import io.redback.rdw.ProvenanceEvent;
import io.redback.rdw.WarehouseClient;
import io.redback.rdw.helpers.Hashing;
import io.redback.rdw.spi.DocumentStore;
import io.redback.rdw.spi.ProvenanceSink;
import io.redback.rdw.spi.WarehouseContext;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Every document write goes through here, after its input was checked: the store's write, then exactly one provenance
 * event for it. A new document whose event cannot be recorded is deleted again; an insert that failed part-way is
 * recorded as {@code document:insert-failed} with the ids it tried, so nothing stored goes unrecorded.
 */
final class GovernedDocuments {
    private static final Logger LOG = LoggerFactory.getLogger(GovernedDocuments.class);
    /** Ids listed in one event; a larger batch names its first and last id (its NDJSON's SHA-256 covers the rest). */
    private static final int IDS_LISTED = 100;

    /** A checked document, its id and its JSON. */
    record Prepared(String id, Map<String, Object> document, byte[] json) {
    }

    private final WarehouseContext context;
    /** Where recording and undoing run: the client's own threads, not the store's, since both may block. */
    private final Scheduler steps;

    GovernedDocuments(WarehouseContext context) {
        this.context = context;
        this.steps = Schedulers.fromExecutorService(context.executor(), "rdw-documents");
    }

    DocumentStore store() {
        return context.documentStore();
    }

    /**
     * Inserts checked documents and records one event of {@code eventType} for them; emits their ids.
     *
     * @param metadata what the event adds ({@code first_line}, {@code source_object}, ...)
     */
    Mono<List<String>> insert(String project, String collection, List<Prepared> docs, String eventType,
                              Map<String, Object> metadata, ProvenanceEvent.Lineage lineage) {
        DocumentStore store = store();
        ProvenanceSink sink = context.provenance();
        List<String> ids = docs.stream().map(Prepared::id).toList();
        List<Map<String, Object>> documents = docs.stream().map(Prepared::document).toList();
        return detached(Mono.from(store.insert(collection, documents)).defaultIfEmpty(0L).publishOn(steps)
                .onErrorMap(error -> {
                    if (error instanceof BackendUnavailableException) {
                        // some of the documents may be stored: record which were tried, so none of them goes unrecorded
                        Map<String, Object> meta = new LinkedHashMap<>(metadata);
                        meta.put("error", String.valueOf(error.getMessage()));
                        try {
                            sink.record(event(ProvenanceEvent.DOCUMENT_INSERT_FAILED, project, collection, docs, store,
                                    meta, lineage));
                        } catch (RuntimeException e) {
                            error.addSuppressed(e);
                            LOG.warn("could not record a failed insert of {} document(s) in {}: {}", ids.size(),
                                    collection, e.getMessage());
                        }
                    }
                    return error;
                })
                .map(n -> {
                    try {
                        sink.record(event(eventType, project, collection, docs, store, metadata, lineage));
                    } catch (RuntimeException e) {
                        undo(store, collection, ids);
                        throw new BackendUnavailableException("provenance for " + ids.size() + " document(s) in "
                                + "collection " + collection + " could not be recorded in " + sink.describe()
                                + "; the insert was undone: " + e.getMessage(), e);
                    }
                    return ids;
                }));
    }

    private static void undo(DocumentStore store, String collection, List<String> ids) {
        for (String id : ids) {
            try {
                Mono.from(store.delete(collection, id)).block();
            } catch (RuntimeException e) {
                LOG.warn("could not undo the insert of document {} in {}: {}", id, collection, e.getMessage());
            }
        }
    }

    /** Sets fields of a document, then records {@code document:updated}. */
    Mono<Void> update(String project, String collection, String id, Map<String, Object> fields, byte[] json) {
        DocumentStore store = store();
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("fields", new ArrayList<>(fields.keySet()));
        return change(store.update(collection, id, fields), ProvenanceEvent.DOCUMENT_UPDATED, "updated", project,
                collection, id, json, meta, store);
    }

    /** Replaces a document, then records {@code document:replaced}. */
    Mono<Void> replace(String project, String collection, String id, Map<String, Object> doc, byte[] json) {
        DocumentStore store = store();
        return change(store.replace(collection, id, doc), ProvenanceEvent.DOCUMENT_REPLACED, "replaced", project,
                collection, id, json, Map.of(), store);
    }

    /** Deletes a document, then records {@code document:deleted}. */
    Mono<Void> delete(String project, String collection, String id) {
        DocumentStore store = store();
        return change(store.delete(collection, id), ProvenanceEvent.DOCUMENT_DELETED, "deleted", project, collection,
                id, null, Map.of(), store);
    }

    private Mono<Void> change(Publisher<Long> write, String eventType, String verb, String project, String collection,
                              String id, byte[] json, Map<String, Object> meta, DocumentStore store) {
        ProvenanceSink sink = context.provenance();
        return detached(Mono.from(write).defaultIfEmpty(0L).publishOn(steps).doOnNext(n -> {
            if (n == 0) {
                throw new NotFoundException("document " + id + " does not exist in collection " + collection);
            }
            Map<String, Object> custom = new LinkedHashMap<>(meta);
            custom.put("project", project);
            custom.put("collection", collection);
            try {
                sink.record(new ProvenanceEvent(UUID.randomUUID(), context.eventSource(), eventType,
                        context.clock().instant(), context.config().user(), null, collection, key(project, id),
                        json == null ? null : (long) json.length, null, json == null ? null : "application/json",
                        store.describe(), json == null ? null : Hashing.hex(digest(List.of(json), false)), null,
                        WarehouseClient.version(), null, custom));
            } catch (RuntimeException e) {
                // an update or delete cannot be taken back: say that it happened
                throw new BackendUnavailableException("document " + id + " in collection " + collection + " was " + verb
                        + " but its provenance could not be recorded in " + sink.describe() + ": " + e.getMessage(), e);
            }
        }).then());
    }

    /**
     * Runs a write and its recording to the end once the subscriber asks for the result, whatever the subscriber does
     * next: cancelling stops the signals only, so a write under way is never left unrecorded.
     */
    private static <T> Mono<T> detached(Mono<T> work) {
        return Mono.create(sink -> {
            AtomicBoolean started = new AtomicBoolean();
            sink.onRequest(n -> {
                if (started.compareAndSet(false, true)) {
                    work.subscribe(sink::success, sink::error, sink::success);
                }
            });
        });
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
        return new ProvenanceEvent(UUID.randomUUID(), context.eventSource(), type, context.clock().instant(),
                context.config().user(), null, collection, key(project, one ? docs.get(0).id() : null), size, null,
                one ? "application/json" : "application/x-ndjson", store.describe(),
                Hashing.hex(digest(parts, !one)), null, WarehouseClient.version(), lineage, custom);
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
