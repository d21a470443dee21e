package io.redback.rdw;

import io.redback.rdw.internal.DocumentCodec;
import io.redback.rdw.internal.Flows;
import io.redback.rdw.helpers.Names;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
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
 */
public final class Documents {
    /** Documents asked for at a time when streaming. */
    private static final int STREAM_BATCH = 256;

    private final ReactiveDocuments reactive;
    private final Function<Layer, Bucket> buckets;

    Documents(ReactiveDocuments reactive, Function<Layer, Bucket> buckets) {
        this.reactive = reactive;
        this.buckets = buckets;
    }

    /** The same documents as Reactive Streams Publishers. */
    public ReactiveDocuments reactive() {
        return reactive;
    }

    public String project() {
        return reactive.project();
    }

    /** The collection the documents are kept in. */
    public String collection() {
        return reactive.collection();
    }

    public DocumentRule rule() {
        return reactive.rule();
    }

    /** The same documents, with every write checked against {@code rule} (e.g. {@link DocumentRule#TITLE_AND_CONTENT}). */
    public Documents withRule(DocumentRule rule) {
        return new Documents(reactive.withRule(rule), buckets);
    }

    /** Inserts a document (JSON text, a map, a record or a bean) and returns its id (a new one unless it has {@code _id}). */
    public String insert(Object document) {
        return Flows.await(reactive.insert(document)).orElseThrow();
    }

    /** Inserts documents in one write and returns their ids, in order. If one is refused, none is written. */
    public List<String> insertMany(List<?> documents) {
        return Flows.await(reactive.insertMany(documents)).orElseThrow();
    }

    /** The document with this id, as plain JSON values. */
    public Optional<Map<String, Object>> get(String id) {
        return Flows.await(reactive.get(id));
    }

    /** The document with this id as {@code type}: a record or bean, {@code String} (JSON) or {@code Map}. */
    public <T> Optional<T> get(String id, Class<T> type) {
        return Flows.await(reactive.get(id, type));
    }

    /** The documents a query selects, all in one list: give the query a limit, or use {@link #stream} for many. */
    public List<Map<String, Object>> find(DocumentQuery query) {
        return Flows.toList(reactive.find(query));
    }

    public <T> List<T> find(DocumentQuery query, Class<T> type) {
        return Flows.toList(reactive.find(query, type));
    }

    /** The documents matching a JSON filter such as {@code {"year": {"$gte": 2024}}}. */
    public List<Map<String, Object>> find(String filterJson) {
        return find(DocumentQuery.where(filterJson));
    }

    /**
     * The documents a query selects, read from the store a few hundred at a time as the stream is consumed, so a
     * large result is never all in memory. Close the stream (try-with-resources) if you stop early.
     */
    public Stream<Map<String, Object>> stream(DocumentQuery query) {
        return Flows.stream(reactive.find(query), STREAM_BATCH);
    }

    public <T> Stream<T> stream(DocumentQuery query, Class<T> type) {
        return Flows.stream(reactive.find(query, type), STREAM_BATCH);
    }

    /** How many documents there are. */
    public long count() {
        return count(DocumentQuery.all());
    }

    /** How many documents match the query's filter. */
    public long count(DocumentQuery query) {
        return Flows.await(reactive.count(query)).orElse(0L);
    }

    /**
     * Sets fields of a document; the others stay. A name may be a dotted path ({@code address.city}).
     *
     * @throws NotFoundException if there is no such document
     */
    public void set(String id, Object fields) {
        Flows.await(reactive.set(id, fields));
    }

    /** Sets one field of a document. */
    public void set(String id, String field, Object value) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put(field, DocumentCodec.value(value));
        set(id, fields);
    }

    /**
     * Replaces a document whole; its id stays.
     *
     * @throws NotFoundException if there is no such document
     */
    public void replace(String id, Object document) {
        Flows.await(reactive.replace(id, document));
    }

    /** @throws NotFoundException if there is no such document */
    public void delete(String id) {
        Flows.await(reactive.delete(id));
    }

    /** Loads a JSON array or newline-delimited JSON file, in batches of 1000. */
    public LoadReport load(Path file) {
        return load(file, o -> { });
    }

    /**
     * Loads a JSON array or newline-delimited JSON file in batches; each batch is stored, and recorded in provenance,
     * on its own. A line that is not valid JSON, or a document that is refused, stops the load: the documents
     * before it are stored and the {@link InvalidInputException} names the line ({@link InvalidInputException#line()}).
     */
    public LoadReport load(Path file, Consumer<LoadOptions> options) {
        LoadOptions o = new LoadOptions();
        options.accept(o);
        String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("original_filename", Names.ascii(name));
        try (InputStream in = Files.newInputStream(file)) {
            return new DocumentLoader(reactive, name, o, meta, null).load(in);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new InvalidInputException("no such file: " + Names.printable(file.toString()), e);
        } catch (IOException e) {
            throw new InvalidInputException("cannot read " + Names.printable(file.toString()) + ": " + e.getMessage(), e);
        }
    }

    /** Loads a JSON array or newline-delimited JSON object from a bucket (a bronze upload, typically). */
    public LoadReport load(ObjectRef object) {
        return load(object, o -> { });
    }

    /** Loads an object from a bucket, as {@link #load(Path, Consumer)} loads a file; its provenance names the object. */
    public LoadReport load(ObjectRef object, Consumer<LoadOptions> options) {
        LoadOptions o = new LoadOptions();
        options.accept(o);
        Bucket bucket = buckets.apply(object.layer());
        ObjectInfo info = bucket.stat(object.key());
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("source_object", object.toString());
        ProvenanceEvent.Lineage lineage = new ProvenanceEvent.Lineage(object, info.sha256().orElse(null),
                "documents-load", null);
        try (InputStream in = bucket.open(object.key())) {
            return new DocumentLoader(reactive, object.toString(), o, meta, lineage).load(in);
        } catch (IOException e) {
            throw new BackendUnavailableException("cannot read " + object + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        // without the store: printing a value in JShell must not connect to MongoDB
        return "Documents[" + project() + " in collection " + collection()
                + (rule() == DocumentRule.NONE ? "" : ", " + rule()) + "]";
    }
}
