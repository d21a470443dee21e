package io.redback.rdw.spi;

import io.redback.rdw.DocumentQuery;
import org.reactivestreams.Publisher;

import java.util.List;
import java.util.Map;

/**
 * Keeps JSON documents in collections: the embedded folder store, or MongoDB. Implementations only store; rdw checks
 * every document, filter and id before a call reaches them (field names, operators, sizes, validation rules) and
 * records provenance after it.
 *
 * <p>Documents are {@code Map<String, Object>} with JSON values: {@code null}, {@link Boolean}, {@link String},
 * {@link Number} (Integer, Long, Double, BigDecimal), {@code List<Object>} and nested maps. Every stored document has a
 * string {@code _id}. Filters use MongoDB's syntax, limited to the operators {@link DocumentQuery} lists.
 *
 * <p>Every method is lazy: nothing happens until the returned Publisher is subscribed to and asked for data.
 * {@link #find} must honour demand, so that a large result is never all in memory. A write whose failure may have
 * left part of it stored fails with {@link io.redback.rdw.BackendUnavailableException}; the other exceptions mean
 * nothing was written.
 *
 * <p>Every implementation runs the contract suite {@code io.redback.rdw.tck.DocumentStoreContract} from rdw-tck
 * (with rdw-documents, which implements the documents API, on the test class path).
 */
public interface DocumentStore extends AutoCloseable {

    /** Where the documents are, without credentials: {@code embedded:/path}, {@code mongo:host:27017/db}. */
    String describe();

    /**
     * Inserts documents in order. Before anything is written, an id that exists already fails the whole insert with
     * {@link io.redback.rdw.AlreadyExistsException} naming it. Emits how many were inserted.
     */
    Publisher<Long> insert(String collection, List<Map<String, Object>> documents);

    /** The document with this id, or nothing. */
    Publisher<Map<String, Object>> get(String collection, String id);

    /**
     * The documents that match the query's filter, ordered by its sort keys and then by {@code _id} (so paging is
     * stable), from {@code skip} on, at most {@code limit} (0: all), with only the query's fields (and {@code _id})
     * when it names some. A missing collection is empty.
     */
    Publisher<Map<String, Object>> find(String collection, DocumentQuery query);

    /** How many documents match a filter. */
    Publisher<Long> count(String collection, Map<String, Object> filter);

    /**
     * Sets fields of one document; a name may be a dotted path into nested documents ({@code address.city}), which
     * are created as needed. Emits 1 if the document exists, else 0.
     *
     * @throws io.redback.rdw.InvalidInputException (signalled) if a path runs through a value that is not a document
     */
    Publisher<Long> update(String collection, String id, Map<String, Object> fields);

    /** Replaces one document whole (its {@code _id} stays). Emits 1 if it existed, else 0. */
    Publisher<Long> replace(String collection, String id, Map<String, Object> document);

    /** Deletes one document. Emits 1 if it existed, else 0. */
    Publisher<Long> delete(String collection, String id);

    /** Whether it answers, how fast, and if not, what to do; {@code rdw doctor} shows it. */
    default io.redback.rdw.Health health() {
        return io.redback.rdw.Health.unknown("documents", describe());
    }

    @Override
    void close();
}
