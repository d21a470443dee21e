package io.redback.rdw.documents;

import com.fasterxml.jackson.databind.JsonNode;
import io.redback.rdw.DocumentQuery;
import io.redback.rdw.DocumentRule;
import io.redback.rdw.InvalidInputException;
import io.redback.rdw.ProvenanceEvent;
import io.redback.rdw.ReactiveDocuments;
import io.redback.rdw.helpers.Json;
import io.redback.rdw.helpers.JsonDocuments;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** {@link ReactiveDocuments}: checks input at the call, then hands writes to {@link GovernedDocuments}. */
final class RealReactiveDocuments implements ReactiveDocuments {
    private final GovernedDocuments governed;
    private final String project;
    private final String collection;
    private final DocumentRule rule;

    RealReactiveDocuments(GovernedDocuments governed, String project, String collection, DocumentRule rule) {
        this.governed = governed;
        this.project = project;
        this.collection = collection;
        this.rule = Objects.requireNonNull(rule, "rule");
    }

    @Override
    public String project() {
        return project;
    }

    @Override
    public String collection() {
        return collection;
    }

    @Override
    public DocumentRule rule() {
        return rule;
    }

    @Override
    public RealReactiveDocuments withRule(DocumentRule rule) {
        return new RealReactiveDocuments(governed, project, collection, rule);
    }

    @Override
    public Mono<String> insert(Object document) {
        GovernedDocuments.Prepared p = prepare(document);
        return governed.insert(project, collection, List.of(p), ProvenanceEvent.DOCUMENT_INSERTED, Map.of(), null)
                .map(ids -> ids.get(0));
    }

    @Override
    public Mono<List<String>> insertMany(List<?> documents) {
        if (documents == null || documents.isEmpty()) {
            throw new InvalidInputException("no documents to insert");
        }
        List<GovernedDocuments.Prepared> prepared = new ArrayList<>(documents.size());
        Set<String> ids = new HashSet<>();
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

    @Override
    public Publisher<Map<String, Object>> get(String id) {
        return governed.store().get(collection, DocumentChecks.id(id));
    }

    @Override
    public <T> Mono<T> get(String id, Class<T> type) {
        return Mono.from(get(id)).map(d -> as(d, type));
    }

    @Override
    public Publisher<Map<String, Object>> find(DocumentQuery query) {
        return governed.store().find(collection, Objects.requireNonNull(query, "query"));
    }

    @Override
    public <T> Flux<T> find(DocumentQuery query, Class<T> type) {
        return Flux.from(find(query)).map(d -> as(d, type));
    }

    @Override
    public Publisher<Long> count(DocumentQuery query) {
        return governed.store().count(collection, Objects.requireNonNull(query, "query").filter());
    }

    @Override
    public Mono<Void> set(String id, Object fields) {
        DocumentChecks.id(id);
        Map<String, Object> map = JsonDocuments.document(fields);
        byte[] json = DocumentChecks.fields(map);
        rule.checkFields(map).ifPresent(problem -> {
            throw refused(problem);
        });
        return governed.update(project, collection, id, map, json);
    }

    @Override
    public Mono<Void> replace(String id, Object document) {
        DocumentChecks.id(id);
        Map<String, Object> doc = JsonDocuments.document(document);
        Object given = doc.get("_id");
        if (given != null && !id.equals(given)) {
            throw new InvalidInputException("the replacement names _id " + given + ", not " + id + "; an id cannot change");
        }
        doc.remove("_id");
        GovernedDocuments.Prepared p = prepare(doc, id);
        return governed.replace(project, collection, id, p.document(), p.json());
    }

    @Override
    public Mono<Void> delete(String id) {
        return governed.delete(project, collection, DocumentChecks.id(id));
    }

    GovernedDocuments governed() {
        return governed;
    }

    /** Checks a document and gives it an id: the one it has, or a new one. */
    GovernedDocuments.Prepared prepare(Object input) {
        Map<String, Object> doc = JsonDocuments.document(input);
        Object id = doc.get("_id");
        if (id == null) {
            doc.remove("_id");
        }
        return prepare(doc, id == null ? DocumentIds.next() : null);
    }

    private GovernedDocuments.Prepared prepare(Map<String, Object> doc, String newId) {
        if (newId != null) {
            // _id first, as MongoDB keeps it
            Map<String, Object> withId = new LinkedHashMap<>();
            withId.put("_id", newId);
            withId.putAll(doc);
            doc = withId;
        }
        byte[] json = DocumentChecks.document(doc);
        rule.check(doc).ifPresent(problem -> {
            throw refused(problem);
        });
        return new GovernedDocuments.Prepared((String) doc.get("_id"), doc, json);
    }

    private InvalidInputException refused(String problem) {
        return new InvalidInputException("document refused by " + rule + " of collection " + collection + ": " + problem);
    }

    /**
     * A stored document as the type a caller asked for: {@code Map} (or Object) as it is, {@code String} as JSON
     * text, {@code JsonNode} as a tree, anything else (records, beans) through Jackson.
     */
    static <T> T as(Map<String, Object> doc, Class<T> type) {
        if (type == Map.class || type == Object.class) {
            return type.cast(doc);
        }
        if (type == String.class) {
            return type.cast(JsonDocuments.text(doc));
        }
        if (JsonNode.class.isAssignableFrom(type)) {
            return type.cast(Json.MAPPER.valueToTree(doc));
        }
        try {
            return Json.MAPPER.convertValue(doc, type);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("document " + doc.get("_id") + " cannot be read as a "
                    + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "ReactiveDocuments[" + project + " in collection " + collection
                + (rule == DocumentRule.NONE ? "" : ", " + rule) + "]";
    }
}
