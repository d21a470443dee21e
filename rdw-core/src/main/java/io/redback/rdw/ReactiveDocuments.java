package io.redback.rdw;

import org.reactivestreams.Publisher;

import java.util.List;
import java.util.Map;

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
 * as {@code onError}. Each write records one provenance event before it completes; cancelling a write's Publisher
 * stops its signals only, so a write under way is still recorded. {@link #find} honours demand: a subscriber that
 * requests a few documents at a time never has the whole result in memory.
 */
public interface ReactiveDocuments {

    /** The project these documents belong to. */
    String project();

    /** The collection they are kept in: the project's own, unless {@code rdw.documents.collection} names one for all. */
    String collection();

    DocumentRule rule();

    /** The same documents, with every write checked against {@code rule}. */
    ReactiveDocuments withRule(DocumentRule rule);

    /**
     * Inserts a document (JSON text, a map, a record or a bean) and emits its id. A document without {@code _id}
     * gets a new one.
     */
    Publisher<String> insert(Object document);

    /**
     * Inserts documents in one write (recorded as one provenance event) and emits their ids, in order. If one of
     * them is refused, none is written.
     */
    Publisher<List<String>> insertMany(List<?> documents);

    /** The document with this id, as plain JSON values; emits nothing if there is none. */
    Publisher<Map<String, Object>> get(String id);

    /** The document with this id as {@code type}: a record or bean, {@code String} (JSON) or {@code Map}. */
    <T> Publisher<T> get(String id, Class<T> type);

    /** The documents a query selects, streamed as the subscriber asks for them. */
    Publisher<Map<String, Object>> find(DocumentQuery query);

    <T> Publisher<T> find(DocumentQuery query, Class<T> type);

    /** How many documents match the query's filter (its page and fields aside). */
    Publisher<Long> count(DocumentQuery query);

    /**
     * Sets fields of a document (JSON text, a map, a record or a bean; a name may be a dotted path such as
     * {@code address.city}); other fields stay. Signals {@link NotFoundException} if there is no such document.
     */
    Publisher<Void> set(String id, Object fields);

    /**
     * Replaces a document whole; its {@code _id} stays (a document that names another id is refused). Signals
     * {@link NotFoundException} if there is no such document.
     */
    Publisher<Void> replace(String id, Object document);

    /** Deletes a document. Signals {@link NotFoundException} if there is no such document. */
    Publisher<Void> delete(String id);
}
