package io.redback.rdw;

import io.redback.rdw.internal.DocumentChecks;
import io.redback.rdw.internal.DocumentCodec;
import io.redback.rdw.internal.DocumentIds;
import io.redback.rdw.internal.Flows;
import org.reactivestreams.Publisher;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A project's documents as Reactive Streams {@link Publisher}s, for applications built on Reactor, RxJava, Mutiny or
 * the MongoDB driver. Get it from {@link Documents#reactive()}.
 *
 * <pre>{@code
 * ReactiveDocuments notes = dw.documents("project1").reactive();
 * Mono.from(notes.insert(new Note("Rides", "cleaned"))).subscribe(id -> log.info("stored {}", id));
 * Flux.from(notes.find(DocumentQuery.all().sort("-year"), Note.class)).take(10).subscribe(System.out::println);
 * }</pre>
 *
 * Input is checked when a method is called: invalid JSON, a forbidden field name or operator, an invalid id, a
 * document over 16 MB or one that breaks the collection's {@link DocumentRule} throws {@link InvalidInputException}
 * at once and nothing is written. Nothing else happens until the Publisher is subscribed to; failures of the store
 * (a missing document: {@link NotFoundException}; an unreachable server: {@link BackendUnavailableException}) arrive
 * as {@code onError}. Each write records one provenance event before it completes. {@link #find} honours demand: a
 * subscriber that requests a few documents at a time never has the whole result in memory.
 */
public final class ReactiveDocuments {
    private final GovernedDocuments governed;
    private final String project;
    private final String collection;
    private final DocumentRule rule;

    ReactiveDocuments(GovernedDocuments governed, String project, String collection, DocumentRule rule) {
        this.governed = governed;
        this.project = project;
        this.collection = collection;
        this.rule = Objects.requireNonNull(rule, "rule");
    }

    /** The project these documents belong to. */
    public String project() {
        return project;
    }

    /** The collection they are kept in: the project's own, unless {@code rdw.mongo.collection} names one for all. */
    public String collection() {
        return collection;
    }

    public DocumentRule rule() {
        return rule;
    }

    /** The same documents, with every write checked against {@code rule}. */
    public ReactiveDocuments withRule(DocumentRule rule) {
        return new ReactiveDocuments(governed, project, collection, rule);
    }

    /**
     * Inserts a document (JSON text, a map, a record or a bean) and emits its id. A document without {@code _id}
     * gets a new one.
     */
    public Publisher<String> insert(Object document) {
        GovernedDocuments.Prepared p = prepare(document);
        return Flows.map(governed.insert(project, collection, List.of(p), ProvenanceEvent.DOCUMENT_INSERTED, Map.of(),
                null), ids -> ids.get(0));
    }

    /**
     * Inserts documents in one write (recorded as one provenance event) and emits their ids, in order. If one of
     * them is refused, none is written.
     */
    public Publisher<List<String>> insertMany(List<?> documents) {
        if (documents == null || documents.isEmpty()) {
            throw new InvalidInputException("no documents to insert");
        }
        List<GovernedDocuments.Prepared> prepared = new ArrayList<>(documents.size());
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (int i = 0; i < documents.size(); i++) {
            GovernedDocuments.Prepared p;
            try {
                p = prepare(documents.get(i));
            } catch (InvalidInputException e) {
                throw new InvalidInputException("document " + (i + 1) + " of " + documents.size() + ": "
                        + e.getMessage() + "; nothing was written", e);
            }
            if (!ids.add(p.id())) {
                throw new InvalidInputException("document " + (i + 1) + " of " + documents.size() + " repeats the id "
                        + p.id() + "; nothing was written");
            }
            prepared.add(p);
        }
        return governed.insert(project, collection, prepared, ProvenanceEvent.DOCUMENT_INSERTED, Map.of(), null);
    }

    /** The document with this id, as plain JSON values; emits nothing if there is none. */
    public Publisher<Map<String, Object>> get(String id) {
        return governed.store().get(collection, DocumentChecks.id(id));
    }

    /** The document with this id as {@code type}: a record or bean, {@code String} (JSON) or {@code Map}. */
    public <T> Publisher<T> get(String id, Class<T> type) {
        return Flows.map(get(id), d -> DocumentCodec.as(d, type));
    }

    /** The documents a query selects, streamed as the subscriber asks for them. */
    public Publisher<Map<String, Object>> find(DocumentQuery query) {
        return governed.store().find(collection, Objects.requireNonNull(query, "query"));
    }

    public <T> Publisher<T> find(DocumentQuery query, Class<T> type) {
        return Flows.map(find(query), d -> DocumentCodec.as(d, type));
    }

    /** How many documents match the query's filter (its page and fields aside). */
    public Publisher<Long> count(DocumentQuery query) {
        return governed.store().count(collection, Objects.requireNonNull(query, "query").filter());
    }

    /**
     * Sets fields of a document (JSON text, a map, a record or a bean; a name may be a dotted path such as
     * {@code address.city}); other fields stay. Signals {@link NotFoundException} if there is no such document.
     */
    public Publisher<Void> set(String id, Object fields) {
        DocumentChecks.id(id);
        Map<String, Object> map = DocumentCodec.document(fields);
        byte[] json = DocumentChecks.fields(map);
        rule.checkFields(map).ifPresent(problem -> {
            throw refused(problem);
        });
        return governed.update(project, collection, id, map, json);
    }

    /**
     * Replaces a document whole; its {@code _id} stays (a document that names another id is refused). Signals
     * {@link NotFoundException} if there is no such document.
     */
    public Publisher<Void> replace(String id, Object document) {
        DocumentChecks.id(id);
        Map<String, Object> doc = DocumentCodec.document(document);
        Object given = doc.get("_id");
        if (given != null && !id.equals(given)) {
            throw new InvalidInputException("the replacement names _id " + given + ", not " + id + "; an id cannot change");
        }
        doc.remove("_id");
        GovernedDocuments.Prepared p = prepare(doc, id);
        return governed.replace(project, collection, id, p.document(), p.json());
    }

    /** Deletes a document. Signals {@link NotFoundException} if there is no such document. */
    public Publisher<Void> delete(String id) {
        return governed.delete(project, collection, DocumentChecks.id(id));
    }

    GovernedDocuments governed() {
        return governed;
    }

    /** Checks a document and gives it an id: the one it has, or a new one. */
    GovernedDocuments.Prepared prepare(Object input) {
        Map<String, Object> doc = DocumentCodec.document(input);
        Object id = doc.get("_id");
        if (id == null) {
            doc.remove("_id");
        }
        return prepare(doc, id == null ? DocumentIds.next() : null);
    }

    private GovernedDocuments.Prepared prepare(Map<String, Object> doc, String newId) {
        if (newId != null) {
            // _id first, as MongoDB keeps it
            Map<String, Object> withId = new java.util.LinkedHashMap<>();
            withId.put("_id", newId);
            withId.putAll(doc);
            doc = withId;
        }
        byte[] json = DocumentChecks.document(doc);
        Map<String, Object> view = doc;
        rule.check(view).ifPresent(problem -> {
            throw refused(problem);
        });
        return new GovernedDocuments.Prepared((String) doc.get("_id"), doc, json);
    }

    private InvalidInputException refused(String problem) {
        return new InvalidInputException("document refused by " + rule + " of collection " + collection + ": " + problem);
    }

    @Override
    public String toString() {
        return "ReactiveDocuments[" + project + " in collection " + collection
                + (rule == DocumentRule.NONE ? "" : ", " + rule) + "]";
    }
}
