package io.redback.rdw;

import io.redback.rdw.helpers.JsonDocuments;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A project's JSON documents: in MongoDB when {@code MONGO_URI} is configured, else in the embedded warehouse folder.
 * Get them with {@link Warehouse#documents(String)} or {@link WarehouseClient#documents(String)}. Every call blocks
 * until it is done, which suits scripts, JShell and notebooks; {@link #reactive()} gives the same operations as
 * Publishers for applications.
 *
 * <pre>{@code
 * record Note(String title, String content, int year) { }
 * Documents notes = Warehouse.documents("project1").withRule(DocumentRule.TITLE_AND_CONTENT);
 * String id = notes.insert(new Note("Rides", "cleaned in silver", 2025));     // or JSON text, or a Map
 * notes.set(id, Map.of("content", "cleaned and queried"));
 * List<Note> recent = notes.find(DocumentQuery.all().gte("year", 2024).sort("-year").limit(10), Note.class);
 * try (Stream<Map<String, Object>> all = notes.stream(DocumentQuery.all())) { all.forEach(System.out::println); }
 * notes.load(Path.of("notes.ndjson"));                                           // batches, with a line number on error
 * }</pre>
 *
 * Documents go in as JSON text, maps, records or beans and come out as maps (plain JSON values), JSON text
 * ({@code String.class}) or records and beans (through Jackson; a record component {@code @JsonProperty("_id")}
 * receives the id). Field names must not start with {@code $} or contain {@code .}; a document is at most 16 MB.
 * Every write records one provenance event ({@code document:inserted}, ... with key
 * {@code project/documents/ID}); a bulk load records one per batch. Cheap to get; thread-safe.
 *
 * <p>The module rdw-documents implements it ({@link io.redback.rdw.spi.DocumentsProvider}); printing one never opens
 * the store.
 */
public interface Documents {

    /** The same documents as Reactive Streams Publishers. */
    ReactiveDocuments reactive();

    String project();

    /** The collection the documents are kept in. */
    String collection();

    DocumentRule rule();

    /** The same documents, with every write checked against {@code rule} (e.g. {@link DocumentRule#TITLE_AND_CONTENT}). */
    Documents withRule(DocumentRule rule);

    /** Inserts a document (JSON text, a map, a record or a bean) and returns its id (a new one unless it has {@code _id}). */
    String insert(Object document);

    /** Inserts documents in one write and returns their ids, in order. If one is refused, none is written. */
    List<String> insertMany(List<?> documents);

    /** The document with this id, as plain JSON values. */
    Optional<Map<String, Object>> get(String id);

    /** The document with this id as {@code type}: a record or bean, {@code String} (JSON) or {@code Map}. */
    <T> Optional<T> get(String id, Class<T> type);

    /** The documents a query selects, all in one list: give the query a limit, or use {@link #stream} for many. */
    List<Map<String, Object>> find(DocumentQuery query);

    <T> List<T> find(DocumentQuery query, Class<T> type);

    /** The documents matching a JSON filter such as {@code {"year": {"$gte": 2024}}}. */
    default List<Map<String, Object>> find(String filterJson) {
        return find(DocumentQuery.where(filterJson));
    }

    /**
     * The documents a query selects, read from the store a few hundred at a time as the stream is consumed, so a
     * large result is never all in memory. Close the stream (try-with-resources) if you stop early.
     */
    Stream<Map<String, Object>> stream(DocumentQuery query);

    <T> Stream<T> stream(DocumentQuery query, Class<T> type);

    /** How many documents there are. */
    default long count() {
        return count(DocumentQuery.all());
    }

    /** How many documents match the query's filter. */
    long count(DocumentQuery query);

    /**
     * Sets fields of a document; the others stay. A name may be a dotted path ({@code address.city}).
     *
     * @throws NotFoundException if there is no such document
     */
    void set(String id, Object fields);

    /** Sets one field of a document. */
    default void set(String id, String field, Object value) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put(field, JsonDocuments.value(value));
        set(id, fields);
    }

    /**
     * Replaces a document whole; its id stays.
     *
     * @throws NotFoundException if there is no such document
     */
    void replace(String id, Object document);

    /** @throws NotFoundException if there is no such document */
    void delete(String id);

    /** Loads a JSON array or newline-delimited JSON file, in batches of 1000. */
    default LoadReport load(Path file) {
        return load(file, o -> { });
    }

    /**
     * Loads a JSON array or newline-delimited JSON file in batches; each batch is stored, and recorded in provenance,
     * on its own. A line that is not valid JSON, or a document that is refused, stops the load: the documents
     * before it are stored and the {@link InvalidInputException} names the line ({@link InvalidInputException#line()}).
     */
    LoadReport load(Path file, Consumer<LoadOptions> options);

    /** Loads a JSON array or newline-delimited JSON object from a bucket (a bronze upload, typically). */
    default LoadReport load(ObjectRef object) {
        return load(object, o -> { });
    }

    /** Loads an object from a bucket, as {@link #load(Path, Consumer)} loads a file; its provenance names the object. */
    LoadReport load(ObjectRef object, Consumer<LoadOptions> options);
}
