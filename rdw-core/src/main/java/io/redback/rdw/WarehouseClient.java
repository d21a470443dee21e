package io.redback.rdw;

import io.redback.rdw.internal.Backends;
import io.redback.rdw.helpers.Names;
import io.redback.rdw.internal.RdwVersion;
import io.redback.rdw.spi.CheckedQuery;
import io.redback.rdw.spi.ContentScanner;
import io.redback.rdw.spi.DocumentStore;
import io.redback.rdw.spi.DocumentStoreProvider;
import io.redback.rdw.spi.ObjectStore;
import io.redback.rdw.spi.ObjectStoreProvider;
import io.redback.rdw.spi.ProvenanceSink;
import io.redback.rdw.spi.ProvenanceSinkProvider;
import io.redback.rdw.spi.QueryEngine;
import io.redback.rdw.spi.QueryEngineProvider;
import io.redback.rdw.spi.SqlGuard;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A connection to one warehouse: its buckets, its query engine, its documents and its provenance record. Long-lived and
 * thread-safe: build one per application and share it; close it at the end.
 *
 * <pre>{@code
 * try (WarehouseClient dw = WarehouseClient.builder().warehouse(Path.of("/tmp/dw")).build()) {
 *     ObjectInfo raw = dw.bucket(Layer.BRONZE).upload(Path.of("rides.csv"), "project1");
 *     dw.query("SELECT count(*) FROM \"dw-bucket-bronze\".\"project1\"...").show();
 * }
 * }</pre>
 *
 * With no endpoint configured, everything runs in-process on a local folder (the embedded warehouse); the same code
 * talks to MinIO, Dremio and the provenance database when they are configured (see {@link RdwConfig}).
 */
public final class WarehouseClient implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WarehouseClient.class);

    private final RdwConfig config;
    private final ObjectStore store;
    private final ProvenanceSink provenance;
    private final Map<Layer, Bucket> buckets = new EnumMap<>(Layer.class);
    private final QueryEngine givenEngine;
    private final Object engineLock = new Object();
    private volatile QueryEngine engine;
    private volatile SqlGuard guard;
    private final String queryChoice;
    private final QueryPolicy policy;
    private final DocumentStore givenDocuments;
    private final Object documentsLock = new Object();
    private volatile DocumentStore documentStore;
    private final String documentsChoice;
    private final GovernedDocuments documents;
    private final Clock clock;
    private final String eventSource;
    private final Object runtimeLock = new Object();
    private volatile io.redback.rdw.spi.SqlRuntime sqlRuntime;
    private volatile io.redback.rdw.spi.DatasetAdmin datasetAdmin;
    private final java.util.concurrent.ExecutorService executor = java.util.concurrent.Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "rdw-worker");
        t.setDaemon(true);
        return t;
    });
    private final io.redback.rdw.spi.WarehouseContext context = new Context();

    private WarehouseClient(Builder b, RdwConfig config) {
        this.config = config;
        this.clock = b.clock;
        this.eventSource = b.eventSource;
        this.policy = QueryPolicy.from(config);
        Backends.Choice storage = Backends.choose(config, RdwConfig.STORAGE, RdwConfig.S3_ENDPOINT, "s3");
        this.store = b.store != null ? b.store
                : Backends.provider(ObjectStoreProvider.class, ObjectStoreProvider::name, storage, RdwConfig.STORAGE).open(config);
        try {
            Backends.Choice prov = Backends.choose(config, RdwConfig.PROVENANCE, null, null);
            this.provenance = b.provenance != null ? b.provenance
                    : Backends.provider(ProvenanceSinkProvider.class, ProvenanceSinkProvider::name, prov, RdwConfig.PROVENANCE)
                    .open(config);
            Backends.Choice query = Backends.choose(config, RdwConfig.QUERY, RdwConfig.DREMIO_URL, "dremio");
            this.queryChoice = b.engine != null ? "given" : query.name() + " (" + query.reason() + ")";
            this.givenEngine = b.engine;
            Backends.Choice docs = Backends.choose(config, RdwConfig.DOCUMENTS, RdwConfig.MONGO_URI, "mongo");
            this.documentsChoice = b.documents != null ? "given" : docs.name() + " (" + docs.reason() + ")";
            this.givenDocuments = b.documents;
            this.documents = new GovernedDocuments(config, this::documentStore, provenance, b.clock, b.eventSource);
            GovernedWriter writer = new GovernedWriter(config, store, provenance, b.clock, b.eventSource, b.scanner);
            for (Layer layer : Layer.values()) {
                buckets.put(layer, new Bucket(layer, config.bucket(layer), store, writer, b.clock));
            }
            if (store.describe().startsWith("embedded:")) {
                for (Layer layer : Layer.values()) {
                    store.createBucket(config.bucket(layer));
                }
            }
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        LOG.info("rdw {}: storage {} ({}), provenance {}, query {}", RdwVersion.VALUE, store.describe(),
                b.store != null ? "given" : storage.reason(), provenance.describe(), queryChoice);
    }

    /** A client from this process's configuration ({@link RdwConfig#load()}). */
    public static WarehouseClient open() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The version of rdw. */
    public static String version() {
        return RdwVersion.VALUE;
    }

    public RdwConfig config() {
        return config;
    }

    public Bucket bucket(Layer layer) {
        return buckets.get(Objects.requireNonNull(layer, "layer"));
    }

    /**
     * A layer's bucket by layer name ({@code "bronze"}) or bucket name ({@code "dw-bucket-bronze"}, or the guide's
     * {@code "dw-bronze-bucket"}).
     */
    public Bucket bucket(String layerOrBucket) {
        return bucket(config.layerOf(layerOrBucket).orElseThrow(() -> new NotFoundException("no layer or bucket "
                + Names.printable(layerOrBucket) + "; expected bronze, silver, gold or one of "
                + List.of(config.bucket(Layer.BRONZE), config.bucket(Layer.SILVER), config.bucket(Layer.GOLD)))));
    }

    /**
     * Creates the layer buckets that do not exist yet.
     *
     * @return the buckets that were created
     */
    public List<String> createBuckets() {
        List<String> created = new java.util.ArrayList<>();
        for (Layer layer : Layer.values()) {
            String name = config.bucket(layer);
            if (!store.bucketExists(name)) {
                store.createBucket(name);
                created.add(name);
            }
        }
        return created;
    }

    /**
     * Checks a statement with the SELECT-only guard without running it.
     */
    public QueryCheck check(String sql) {
        return guard().check(sql, policy).check();
    }

    /** The catalog of the query engine: sources and spaces with no argument, then the children of a path. */
    public List<CatalogEntry> catalog(String... path) {
        return engine().catalog(List.of(path));
    }

    /**
     * Runs a query. Only a single read-only query (SELECT, WITH, VALUES, set operations) is accepted; anything
     * else is refused before it reaches the engine. Objects are addressed Dremio-style by bucket and key segments:
     * {@code SELECT * FROM "dw-bucket-silver"."project1"."2025"."rides_20251125T101500123Z.parquet"}.
     *
     * @throws QueryRefusedException if the guard refuses the statement
     */
    public QueryResult query(String sql) {
        CheckedQuery checked = guard().check(sql, policy);
        if (!checked.check().allowed()) {
            throw new QueryRefusedException(checked.check());
        }
        return new QueryResult(engine().execute(checked));
    }

    /**
     * A project's JSON documents: in MongoDB when {@code MONGO_URI} is configured (or {@code rdw.documents=mongo}),
     * else in the embedded warehouse folder. Each project has its own collection, named after it, unless
     * {@code rdw.mongo.collection} ({@code COLLECTION_NAME}) names one collection for all.
     *
     * @throws InvalidInputException if the project name is not 1 to 64 letters, digits, '_' and '-'
     */
    public Documents documents(String project) {
        io.redback.rdw.internal.DocumentChecks.collection("project", project);
        String collection = config.get(RdwConfig.MONGO_COLLECTION).orElse(project);
        return new Documents(new ReactiveDocuments(documents, project, collection, DocumentRule.NONE), this::bucket);
    }

    /**
     * What this client has opened, for modules that build on rdw's SPIs (pipelines, documents, tables); applications
     * use the methods above.
     */
    public io.redback.rdw.spi.WarehouseContext context() {
        return context;
    }

    /** Provenance events, newest first. */
    public List<ProvenanceEvent> provenance(ProvenanceQuery query) {
        return provenance.find(query);
    }

    /** Where this client's data, queries and provenance go, for display. */
    public Map<String, String> describe() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("storage", store.describe());
        d.put("query", engine != null ? engine.describe() : queryChoice);
        d.put("provenance", provenance.describe());
        d.put("documents", documentStore != null ? documentStore.describe() : documentsChoice);
        for (Layer layer : Layer.values()) {
            d.put(layer.id(), config.bucket(layer));
        }
        return d;
    }

    private SqlGuard guard() {
        SqlGuard g = guard;
        if (g == null) {
            g = Backends.first(SqlGuard.class);
            if (g == null) {
                throw new ConfigurationException("no SQL guard is on the classpath, so no query can run: add rdw-query");
            }
            guard = g;
        }
        return g;
    }

    private QueryEngine engine() {
        QueryEngine e = engine;
        if (e == null) {
            synchronized (engineLock) {
                if (engine == null) {
                    engine = givenEngine != null ? givenEngine : Backends.provider(QueryEngineProvider.class,
                            QueryEngineProvider::name, Backends.choose(config, RdwConfig.QUERY, RdwConfig.DREMIO_URL,
                                    "dremio"), RdwConfig.QUERY).open(config, store);
                }
                e = engine;
            }
        }
        return e;
    }

    /** The document store, opened on first use (so a client that never touches documents needs no MongoDB). */
    private DocumentStore documentStore() {
        DocumentStore d = documentStore;
        if (d == null) {
            synchronized (documentsLock) {
                if (documentStore == null) {
                    Backends.Choice choice = Backends.choose(config, RdwConfig.DOCUMENTS, RdwConfig.MONGO_URI, "mongo");
                    documentStore = givenDocuments != null ? givenDocuments : Backends.provider(
                            DocumentStoreProvider.class, DocumentStoreProvider::name, choice, RdwConfig.DOCUMENTS).open(config);
                    LOG.info("rdw documents: {} ({})", documentStore.describe(), givenDocuments != null ? "given" : choice.reason());
                }
                d = documentStore;
            }
        }
        return d;
    }

    private io.redback.rdw.spi.SqlRuntime sqlRuntime() {
        io.redback.rdw.spi.SqlRuntime r = sqlRuntime;
        if (r == null) {
            synchronized (runtimeLock) {
                if (sqlRuntime == null) {
                    sqlRuntime = Backends.provider(io.redback.rdw.spi.SqlRuntimeProvider.class,
                            io.redback.rdw.spi.SqlRuntimeProvider::name, new Backends.Choice("embedded", "the default"),
                            RdwConfig.QUERY).open(config);
                }
                r = sqlRuntime;
            }
        }
        return r;
    }

    private io.redback.rdw.spi.DatasetAdmin datasetAdmin() {
        io.redback.rdw.spi.DatasetAdmin a = datasetAdmin;
        if (a == null) {
            synchronized (runtimeLock) {
                if (datasetAdmin == null) {
                    datasetAdmin = Backends.provider(io.redback.rdw.spi.DatasetAdminProvider.class,
                            io.redback.rdw.spi.DatasetAdminProvider::name, Backends.choose(config, RdwConfig.QUERY,
                                    RdwConfig.DREMIO_URL, "dremio"), RdwConfig.QUERY).open(config);
                }
                a = datasetAdmin;
            }
        }
        return a;
    }

    /** The client's backends, for modules that build on the SPIs. */
    private final class Context implements io.redback.rdw.spi.WarehouseContext {
        @Override
        public RdwConfig config() {
            return config;
        }

        @Override
        public Clock clock() {
            return clock;
        }

        @Override
        public String eventSource() {
            return eventSource;
        }

        @Override
        public ObjectStore objectStore() {
            return store;
        }

        @Override
        public ProvenanceSink provenance() {
            return provenance;
        }

        @Override
        public QueryEngine queryEngine() {
            return engine();
        }

        @Override
        public DocumentStore documentStore() {
            return WarehouseClient.this.documentStore();
        }

        @Override
        public io.redback.rdw.spi.SqlRuntime sqlRuntime() {
            return WarehouseClient.this.sqlRuntime();
        }

        @Override
        public io.redback.rdw.spi.DatasetAdmin datasetAdmin() {
            return WarehouseClient.this.datasetAdmin();
        }

        @Override
        public java.util.concurrent.ExecutorService executor() {
            return executor;
        }

        @Override
        public String toString() {
            return "WarehouseContext" + describe();
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
        synchronized (runtimeLock) {
            if (sqlRuntime != null) {
                sqlRuntime.close();
            }
            if (datasetAdmin != null) {
                datasetAdmin.close();
            }
        }
        synchronized (engineLock) {
            if (engine != null) {
                engine.close();
            }
        }
        synchronized (documentsLock) {
            if (documentStore != null) {
                documentStore.close();
            }
        }
        provenance.close();
        store.close();
    }

    @Override
    public String toString() {
        return "WarehouseClient" + describe();
    }

    /** Builds a {@link WarehouseClient}. */
    public static final class Builder {
        private RdwConfig config;
        private final RdwConfig.Builder settings = RdwConfig.builder();
        private ObjectStore store;
        private QueryEngine engine;
        private ProvenanceSink provenance;
        private DocumentStore documents;
        private Clock clock = Clock.systemUTC();
        private String eventSource = "rdw:sdk";
        private ContentScanner scanner;

        private Builder() {
        }

        /** Uses this configuration as it is (other setting calls on this builder are then ignored). */
        public Builder config(RdwConfig value) {
            this.config = value;
            return this;
        }

        /** Sets one setting on top of the process configuration. */
        public Builder set(ConfigKey key, String value) {
            settings.set(key, value);
            return this;
        }

        /**
         * Uses the embedded warehouse in this folder (created if missing): objects, queries and provenance all
         * stay in-process, whatever endpoints the environment names.
         */
        public Builder warehouse(Path folder) {
            settings.warehouse(folder);
            settings.set(RdwConfig.STORAGE, "embedded");
            settings.set(RdwConfig.QUERY, "embedded");
            settings.set(RdwConfig.PROVENANCE, "embedded");
            settings.set(RdwConfig.DOCUMENTS, "embedded");
            return this;
        }

        public Builder objectStore(ObjectStore value) {
            this.store = value;
            return this;
        }

        public Builder queryEngine(QueryEngine value) {
            this.engine = value;
            return this;
        }

        public Builder provenanceSink(ProvenanceSink value) {
            this.provenance = value;
            return this;
        }

        public Builder documentStore(DocumentStore value) {
            this.documents = value;
            return this;
        }

        /** Scans every write's content before it is stored (a virus scanner, for example). */
        public Builder scanner(ContentScanner value) {
            this.scanner = value;
            return this;
        }

        /** The clock for timestamps in names and provenance (tests). */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value);
            return this;
        }

        /** The {@code event_source} of this client's provenance events (default {@code rdw:sdk}). */
        public Builder eventSource(String value) {
            this.eventSource = Objects.requireNonNull(value);
            return this;
        }

        public WarehouseClient build() {
            return new WarehouseClient(this, config != null ? config : settings.build());
        }
    }
}
