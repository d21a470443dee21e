package io.redback.rdw.documents.mongo;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.Projections;
import com.mongodb.reactivestreams.client.FindPublisher;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;
import io.redback.rdw.AlreadyExistsException;
import io.redback.rdw.ConfigurationException;
import io.redback.rdw.DocumentQuery;
import io.redback.rdw.Health;
import io.redback.rdw.InvalidInputException;
import io.redback.rdw.RdwConfig;
import io.redback.rdw.helpers.Names;
import io.redback.rdw.spi.DocumentStore;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.codecs.Codec;
import org.bson.conversions.Bson;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * Documents in MongoDB, through the reactive streams driver: one collection per project (or the one
 * {@code COLLECTION_NAME} names) in the database {@code DB_NAME}. Every document is encoded to BSON once and measured
 * before it is sent, so one over 16 MB is refused whole. The connection string never appears in a message, a log line
 * or {@link #toString()}: it may carry a password.
 */
final class MongoDocumentStore implements DocumentStore {
    private static final Pattern DATABASE = Pattern.compile("[A-Za-z0-9_-]{1,63}");
    private static final int MAX_BSON = 16 * 1024 * 1024;
    /** Documents fetched per round trip: small enough to keep a slow reader's memory low. */
    private static final int BATCH = 256;
    /** How long a health check waits for {@code ping}: well inside the client's limit for all checks. */
    private static final Duration PING_LIMIT = Duration.ofSeconds(5);
    private static final Codec<Document> CODEC = MongoClientSettings.getDefaultCodecRegistry().get(Document.class);

    private final MongoClient client;
    private final MongoDatabase database;
    private final String describe;
    /** The server and database, for messages: {@code MongoDB at host:27017/db}. */
    private final String where;
    private final MongoErrors errors;

    /**
     * @param uri      a connection string ({@code mongodb://user:password@host:27017/}); without
     *                 {@code serverSelectionTimeoutMS} an unreachable server is given up on after 10 seconds
     * @param database the database, or {@code null} to take the one the connection string names
     * @throws ConfigurationException for a malformed connection string or a missing or invalid database name
     */
    MongoDocumentStore(String uri, String database) {
        ConnectionString cs;
        MongoErrors masking = new MongoErrors("MongoDB", uri);
        try {
            cs = new ConnectionString(uri);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(MongoDocumentStoreProvider.URI.describe() + " is not a valid MongoDB connection string: "
                    + masking.clean(e.getMessage()));
        }
        String db = database != null ? database : cs.getDatabase();
        if (db == null || db.isBlank()) {
            throw new ConfigurationException("no MongoDB database is named: set " + MongoDocumentStoreProvider.DATABASE.describe()
                    + ", or name it in the connection string (mongodb://host:27017/DATABASE)");
        }
        if (!DATABASE.matcher(db).matches()) {
            throw new ConfigurationException("MongoDB database name " + Names.printable(db) + " ("
                    + MongoDocumentStoreProvider.DATABASE.describe() + ") is not valid: use 1 to 63 letters, digits, '_' and '-'");
        }
        this.describe = "mongo:" + String.join(",", cs.getHosts()) + "/" + db;
        this.where = "MongoDB at " + String.join(",", cs.getHosts()) + "/" + db;
        this.errors = new MongoErrors(where, uri);
        MongoClientSettings.Builder settings = MongoClientSettings.builder().applyConnectionString(cs);
        if (cs.getServerSelectionTimeout() == null) {
            settings.applyToClusterSettings(c -> c.serverSelectionTimeout(10, TimeUnit.SECONDS));
        }
        if (cs.getApplicationName() == null) {
            settings.applicationName("rdw");
        }
        this.client = MongoClients.create(settings.build());
        this.database = client.getDatabase(db);
    }

    /** The store {@code MONGO_URI} and {@code DB_NAME} configure. */
    static MongoDocumentStore open(RdwConfig config) {
        String uri = config.secret(MongoDocumentStoreProvider.URI).orElseThrow(() -> new ConfigurationException(
                "MongoDB documents need " + MongoDocumentStoreProvider.URI.describe() + "; set it, or set "
                        + RdwConfig.DOCUMENTS.name() + "=embedded")).reveal();
        return new MongoDocumentStore(uri, config.get(MongoDocumentStoreProvider.DATABASE).orElse(null));
    }

    @Override
    public String describe() {
        return describe;
    }

    private MongoCollection<Document> collection(String name) {
        return database.getCollection(name);
    }

    @Override
    public Publisher<Long> insert(String collection, List<Map<String, Object>> documents) {
        String what = documents.size() == 1 ? "insert document " + documents.get(0).get("_id") + " into " + collection
                : "insert " + documents.size() + " documents into " + collection;
        return Mono.defer(() -> {
            List<RawBsonDocument> raw = new ArrayList<>(documents.size());
            List<Object> ids = new ArrayList<>(documents.size());
            for (Map<String, Object> d : documents) {
                raw.add(encode(d));
                ids.add(MongoValues.id((String) d.get("_id")));
            }
            MongoCollection<RawBsonDocument> target = collection(collection).withDocumentClass(RawBsonDocument.class);
            if (raw.size() == 1) {
                return Mono.from(target.insertOne(raw.get(0))).thenReturn(1L);
            }
            // an id that exists fails the insert before anything is written, not part-way through it
            Mono<Long> exists = Mono.from(collection(collection).find(Filters.in("_id", ids))
                    .projection(Projections.include("_id")).first())
                    .flatMap(d -> Mono.error(new AlreadyExistsException("document " + MongoValues.toMap(d).get("_id")
                            + " already exists in collection " + collection)));
            return exists.then(Mono.from(target.insertMany(raw, new InsertManyOptions().ordered(true)))
                    .map(r -> (long) r.getInsertedIds().size()));
        }).onErrorMap(t -> errors.translate(t, what));
    }

    private RawBsonDocument encode(Map<String, Object> doc) {
        RawBsonDocument raw = new RawBsonDocument(MongoValues.toBson(doc), CODEC);
        int size = raw.getByteBuffer().remaining();
        if (size > MAX_BSON) {
            throw new InvalidInputException("document " + doc.get("_id") + " is " + size + " bytes as BSON, over "
                    + "MongoDB's limit of 16 MB (" + MAX_BSON + " bytes)");
        }
        return raw;
    }

    @Override
    public Publisher<Map<String, Object>> get(String collection, String id) {
        return Mono.from(collection(collection).find(Filters.eq("_id", MongoValues.id(id))).first())
                .map(MongoValues::toMap)
                .onErrorMap(t -> errors.translate(t, "read document " + id + " in " + collection));
    }

    @Override
    public Publisher<Map<String, Object>> find(String collection, DocumentQuery query) {
        return Flux.defer(() -> {
            FindPublisher<Document> find = collection(collection).find(MongoValues.filter(query.filter()))
                    .sort(sort(query.sort())).skip(query.skip())
                    .batchSize(query.limit() > 0 ? Math.min(query.limit(), BATCH) : BATCH);
            if (query.limit() > 0) {
                find = find.limit(query.limit());
            }
            if (!query.fields().isEmpty()) {
                find = find.projection(Projections.include(query.fields()));
            }
            return Flux.from(find);
        }).map(MongoValues::toMap).onErrorMap(t -> errors.translate(t, "find documents in " + collection));
    }

    /** The query's sort keys, then {@code _id}, so that equal keys come in a stable order and pages do not overlap. */
    private static Bson sort(List<String> keys) {
        Document sort = new Document();
        for (String k : keys) {
            boolean descending = k.startsWith("-");
            sort.put(descending || k.startsWith("+") ? k.substring(1) : k, descending ? -1 : 1);
        }
        sort.putIfAbsent("_id", 1);
        return sort;
    }

    @Override
    public Publisher<Long> count(String collection, Map<String, Object> filter) {
        return Mono.from(collection(collection).countDocuments(MongoValues.filter(filter)))
                .onErrorMap(t -> errors.translate(t, "count documents in " + collection));
    }

    @Override
    public Publisher<Long> update(String collection, String id, Map<String, Object> fields) {
        return Mono.from(collection(collection).updateOne(Filters.eq("_id", MongoValues.id(id)),
                        new Document("$set", MongoValues.toBson(fields))))
                .map(r -> r.getMatchedCount())
                .onErrorMap(t -> errors.translate(t, "update document " + id + " in " + collection));
    }

    @Override
    public Publisher<Long> replace(String collection, String id, Map<String, Object> document) {
        return Mono.defer(() -> {
            Map<String, Object> doc = new java.util.LinkedHashMap<>();
            doc.put("_id", id);
            document.forEach((k, v) -> {
                if (!k.equals("_id")) {
                    doc.put(k, v);
                }
            });
            RawBsonDocument raw = encode(doc);
            return Mono.from(collection(collection).withDocumentClass(RawBsonDocument.class)
                    .replaceOne(Filters.eq("_id", MongoValues.id(id)), raw)).map(r -> r.getMatchedCount());
        }).onErrorMap(t -> errors.translate(t, "replace document " + id + " in " + collection));
    }

    @Override
    public Publisher<Long> delete(String collection, String id) {
        return Mono.from(collection(collection).deleteOne(Filters.eq("_id", MongoValues.id(id))))
                .map(r -> r.getDeletedCount())
                .onErrorMap(t -> errors.translate(t, "delete document " + id + " in " + collection));
    }

    /** Up when the server answers a {@code ping} within {@link #PING_LIMIT}. */
    @Override
    public Health health() {
        long start = System.nanoTime();
        CompletableFuture<Document> ping = Mono.from(database.runCommand(new Document("ping", 1))).toFuture();
        String problem;
        try {
            ping.get(PING_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
            return Health.up("documents", describe, since(start), "answered ping");
        } catch (TimeoutException e) {
            problem = where + " did not answer ping within " + PING_LIMIT.toSeconds() + " s";
        } catch (ExecutionException e) {
            problem = errors.translate(e.getCause(), "answer ping").getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            problem = "the check was interrupted before " + where + " answered ping";
        } finally {
            ping.cancel(true);
        }
        if (!problem.contains("MONGO_URI")) {
            problem += "; check that MongoDB is running and reachable from here, and that MONGO_URI (rdw.mongo.uri) "
                    + "names it with the right host, port and credentials";
        }
        return Health.down("documents", describe, since(start), problem);
    }

    private static Duration since(long nanos) {
        return Duration.ofNanos(System.nanoTime() - nanos);
    }

    @Override
    public void close() {
        client.close();
    }

    @Override
    public String toString() {
        return describe;
    }
}
