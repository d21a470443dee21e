package io.redback.rdw.documents;

import io.redback.rdw.BackendUnavailableException;
import io.redback.rdw.DocumentQuery;
import io.redback.rdw.DocumentRule;
import io.redback.rdw.Documents;
import io.redback.rdw.InvalidInputException;
import io.redback.rdw.LoadOptions;
import io.redback.rdw.LoadReport;
import io.redback.rdw.ObjectInfo;
import io.redback.rdw.ObjectRef;
import io.redback.rdw.ProvenanceEvent;
import io.redback.rdw.helpers.Names;
import io.redback.rdw.spi.StoredObject;
import io.redback.rdw.spi.WarehouseContext;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

/** {@link Documents}: the reactive operations, waited for. */
final class RealDocuments implements Documents {
    /** Documents asked for at a time when streaming. */
    private static final int STREAM_BATCH = 256;

    private final RealReactiveDocuments reactive;
    private final WarehouseContext context;

    RealDocuments(RealReactiveDocuments reactive, WarehouseContext context) {
        this.reactive = reactive;
        this.context = context;
    }

    @Override
    public RealReactiveDocuments reactive() {
        return reactive;
    }

    @Override
    public String project() {
        return reactive.project();
    }

    @Override
    public String collection() {
        return reactive.collection();
    }

    @Override
    public DocumentRule rule() {
        return reactive.rule();
    }

    @Override
    public Documents withRule(DocumentRule rule) {
        return new RealDocuments(reactive.withRule(rule), context);
    }

    @Override
    public String insert(Object document) {
        return Await.one(reactive.insert(document)).orElseThrow();
    }

    @Override
    public List<String> insertMany(List<?> documents) {
        return Await.one(reactive.insertMany(documents)).orElseThrow();
    }

    @Override
    public Optional<Map<String, Object>> get(String id) {
        return Await.one(reactive.get(id));
    }

    @Override
    public <T> Optional<T> get(String id, Class<T> type) {
        return Await.one(reactive.get(id, type));
    }

    @Override
    public List<Map<String, Object>> find(DocumentQuery query) {
        return Await.all(reactive.find(query));
    }

    @Override
    public <T> List<T> find(DocumentQuery query, Class<T> type) {
        return Await.all(reactive.find(query, type));
    }

    @Override
    public Stream<Map<String, Object>> stream(DocumentQuery query) {
        return Await.stream(reactive.find(query), STREAM_BATCH);
    }

    @Override
    public <T> Stream<T> stream(DocumentQuery query, Class<T> type) {
        return Await.stream(reactive.find(query, type), STREAM_BATCH);
    }

    @Override
    public long count(DocumentQuery query) {
        return Await.one(reactive.count(query)).orElse(0L);
    }

    @Override
    public void set(String id, Object fields) {
        Await.one(reactive.set(id, fields));
    }

    @Override
    public void replace(String id, Object document) {
        Await.one(reactive.replace(id, document));
    }

    @Override
    public void delete(String id) {
        Await.one(reactive.delete(id));
    }

    @Override
    public LoadReport load(Path file, Consumer<LoadOptions> options) {
        LoadOptions o = LoadOptions.of(options);
        String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("original_filename", Names.ascii(name));
        try (InputStream in = Files.newInputStream(file)) {
            return new DocumentLoader(reactive, name, o, meta, null).load(in);
        } catch (NoSuchFileException e) {
            throw new io.redback.rdw.NotFoundException("no such file: " + Names.printable(file.toString()), e);
        } catch (IOException e) {
            throw new InvalidInputException("cannot read " + Names.printable(file.toString()) + ": " + e.getMessage(), e);
        }
    }

    @Override
    public LoadReport load(ObjectRef object, Consumer<LoadOptions> options) {
        LoadOptions o = LoadOptions.of(options);
        // read as a Bucket reads: the layer's bucket, the key checked
        String bucket = context.config().bucket(object.layer());
        String key = Names.key(object.key());
        StoredObject stored = context.objectStore().stat(bucket, key);
        ObjectInfo info = new ObjectInfo(object, bucket, stored.size(), stored.lastModified(), stored.metadata());
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("source_object", object.toString());
        ProvenanceEvent.Lineage lineage = new ProvenanceEvent.Lineage(object, info.sha256().orElse(null),
                "documents-load", null);
        try (InputStream in = context.objectStore().open(bucket, key)) {
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
