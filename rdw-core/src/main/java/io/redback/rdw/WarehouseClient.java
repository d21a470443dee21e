package io.redback.rdw;

import io.redback.rdw.helpers.TemporaryFiles;
import io.redback.rdw.helpers.Names;
import io.redback.rdw.internal.HealthChecks;
import io.redback.rdw.internal.Providers;
import io.redback.rdw.internal.RdwVersion;
import io.redback.rdw.internal.Selection;
import io.redback.rdw.spi.CheckedQuery;
import io.redback.rdw.spi.ContentScanner;
import io.redback.rdw.spi.DocumentStore;
import io.redback.rdw.spi.DocumentStoreProvider;
import io.redback.rdw.spi.DocumentsProvider;
import io.redback.rdw.spi.ObjectStore;
import io.redback.rdw.spi.ObjectStoreProvider;
import io.redback.rdw.spi.ProvenanceSink;
import io.redback.rdw.spi.ProvenanceSinkProvider;
import io.redback.rdw.spi.Provider;
import io.redback.rdw.spi.QueryEngine;
import io.redback.rdw.spi.QueryEngineProvider;
import io.redback.rdw.spi.SqlGuard;
import io.redback.rdw.spi.WarehouseContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;

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
    private final Builder builder;
    private final Backends backends;
    private final Map<Layer, Bucket> buckets = new EnumMap<>(Layer.class);
    private final QueryPolicy policy;
    private volatile SqlGuard guard;

    private WarehouseClient(Builder b, RdwConfig config) {
        this.config = config;
        this.builder = b;
        this.policy = QueryPolicy.from(config);
        TemporaryFiles.removeSystemLeftovers(); // what killed rdw processes left in the system's temporary folder
        this.backends = new Backends(config, b);
        try {
            ObjectStore store = backends.objectStore();
            GovernedWriter writer = new GovernedWriter(config, store, backends.provenance(), b.clock, b.eventSource,
                    backends.scanner());
            for (Layer layer : Layer.values()) {
                buckets.put(layer, new Bucket(layer, config.bucket(layer), store, writer, b.clock));
            }
        } catch (RuntimeException e) {
            backends.close();
            throw e;
        }
        LOG.info("rdw {}: storage {} ({}), provenance {}, query {}", RdwVersion.VALUE, backends.objectStore().describe(),
                backends.storeReason(), backends.provenance().describe(), backends.describe().get("query"));
    }

    /** A client from this process's configuration ({@link RdwConfig#load()}). */
    public static WarehouseClient open() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder with this client's configuration, clock, event source and scanners, to build another client (which
     * opens its own backends).
     */
    public Builder newBuilder() {
        Builder b = new Builder().config(config).clock(builder.clock).eventSource(builder.eventSource);
        builder.scanners.forEach(b::scanner);
        return b;
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
        List<String> created = new ArrayList<>();
        ObjectStore store = backends.objectStore();
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

    /**
     * Which backend a configuration chooses for each role ({@code storage}, {@code query}, {@code provenance},
     * {@code documents}, {@code scan}) and why, without opening any: what {@code rdw config} shows.
     */
    public static Map<String, String> backendsOf(RdwConfig config) {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("storage", choice(() -> List.of(Selection.one(config, RdwConfig.STORAGE, ObjectStoreProvider.class,
                "object store"))));
        out.put("query", choice(() -> List.of(Selection.one(config, RdwConfig.QUERY, QueryEngineProvider.class,
                "query engine"))));
        out.put("provenance", choice(() -> Selection.many(config, RdwConfig.PROVENANCE, ProvenanceSinkProvider.class,
                "provenance sink")));
        out.put("documents", choice(() -> List.of(Selection.one(config, RdwConfig.DOCUMENTS, DocumentStoreProvider.class,
                "document store"))));
        out.put("scan", choice(() -> Selection.many(config, RdwConfig.SCAN, io.redback.rdw.spi.ContentScannerProvider.class,
                "content scanner")));
        return out;
    }

    private static String choice(java.util.function.Supplier<List<? extends Selection.Chosen<?>>> chosen) {
        try {
            List<? extends Selection.Chosen<?>> c = chosen.get();
            return c.isEmpty() ? "none" : String.join(", ", c.stream().map(x -> x.name() + " (" + x.reason() + ")").toList());
        } catch (RdwException e) {
            return "none: " + e.getMessage();
        }
    }

    /**
     * Checks a statement with the SELECT-only guard under a configuration's query policy, without a client: nothing
     * is opened, no warehouse is needed.
     */
    public static QueryCheck check(String sql, RdwConfig config) {
        return findGuard().check(sql, QueryPolicy.from(config)).check();
    }

    /** The catalog of the query engine: sources and spaces with no argument, then the children of a path. */
    public List<CatalogEntry> catalog(String... path) {
        return backends.queryEngine().catalog(List.of(path));
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
        return new QueryResult(backends.queryEngine().execute(checked), backends::sqlRuntime);
    }

    /**
     * A project's JSON documents: in MongoDB when {@code MONGO_URI} is configured (or {@code rdw.documents=mongo}),
     * else in the embedded warehouse folder. Each project has its own collection, named after it, unless
     * {@code rdw.documents.collection} ({@code COLLECTION_NAME}) names one collection for all.
     *
     * @throws InvalidInputException  if the project name is not 1 to 64 letters, digits, '_' and '-'
     * @throws ConfigurationException if the module rdw-documents is not on the class path
     */
    public Documents documents(String project) {
        List<DocumentsProvider> installed = Selection.of(config, DocumentsProvider.class);
        if (installed.isEmpty()) {
            throw new ConfigurationException("documents need the module rdw-documents, which is not on the class path:"
                    + " add io.redback.rdw:rdw-documents to the application's dependencies");
        }
        return installed.get(0).documents(backends, project);
    }

    /** Provenance events, newest first, from the first configured sink that can be searched. */
    public List<ProvenanceEvent> provenance(ProvenanceQuery query) {
        return backends.provenance().find(query);
    }

    /**
     * Where an object came from and what was made from it, both ways, from the first configured sink that can be
     * searched (PostgreSQL when configured, else the embedded log).
     */
    public LineageTree lineage(ObjectRef ref) {
        return new io.redback.rdw.internal.LineageWalk(backends.provenance()).of(ref);
    }

    /**
     * What waits on this machine for each remote provenance sink (PostgreSQL, Logstash): how many events, since when,
     * how many it refused for good, and why the last delivery stopped. Empty when no remote sink is configured.
     */
    public List<ProvenanceDelivery> provenanceStatus() {
        return backends.provenance().status();
    }

    /** Delivers the queued provenance events now, waiting at most {@code timeout}; says per sink what went and what is left. */
    public List<ProvenanceDelivery> flushProvenance(java.time.Duration timeout) {
        return backends.provenance().flush(timeout);
    }

    /** Scans a file with every configured scanner, reading it once; stores nothing, records nothing. */
    public ScanReport scan(Path file) {
        return new Scans(config, backends.objectStore(), backends.scanner()).file(file);
    }

    /** Scans a stored object, streamed once, with every configured scanner; reports only: records nothing. */
    public ScanReport scan(ObjectRef object) {
        return new Scans(config, backends.objectStore(), backends.scanner()).object(object);
    }

    /** Rescans a layer's objects under {@code prefix} (after a signature update), each streamed once; reports only. */
    public List<ScanReport> scan(Layer layer, String prefix) {
        return new Scans(config, backends.objectStore(), backends.scanner()).under(layer, prefix);
    }

    /**
     * Checks every backend this client uses, and every service an installed module reaches by itself: whether it
     * answers, how fast, and if not what to do. Backends not yet opened (the query engine, documents) are opened for
     * the check. Never throws for a backend that is down: that is a {@link Health.Status#DOWN} entry.
     */
    public List<Health> health() {
        return HealthChecks.run(backends, backends.scanners());
    }

    /**
     * What this client has opened, for modules that build on rdw's SPIs (pipelines, documents, tables); applications
     * use the methods above.
     */
    public WarehouseContext context() {
        return backends;
    }

    /** Where this client's data, queries and provenance go, for display. */
    public Map<String, String> describe() {
        Map<String, String> d = new LinkedHashMap<>(backends.describe());
        for (Layer layer : Layer.values()) {
            d.put(layer.id(), config.bucket(layer));
        }
        return d;
    }

    private SqlGuard guard() {
        SqlGuard g = guard;
        if (g == null) {
            g = findGuard();
            guard = g;
        }
        return g;
    }

    private static SqlGuard findGuard() {
        for (SqlGuard found : ServiceLoader.load(SqlGuard.class, SqlGuard.class.getClassLoader())) {
            return found;
        }
        throw new ConfigurationException("no SQL guard is on the classpath, so no query can run: add rdw-query");
    }

    @Override
    public void close() {
        backends.close();
    }

    @Override
    public String toString() {
        return "WarehouseClient" + describe();
    }

    /** Builds a {@link WarehouseClient}. */
    public static final class Builder {
        private RdwConfig config;
        private final RdwConfig.Builder settings = RdwConfig.builder();
        ObjectStore store;
        QueryEngine engine;
        ProvenanceSink provenance;
        DocumentStore documents;
        Clock clock = Clock.systemUTC();
        String eventSource = "rdw:sdk";
        final List<ContentScanner> scanners = new ArrayList<>();

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

        /** Sets one setting by its key name ({@code rdw.s3.endpoint}) on top of the process configuration. */
        public Builder set(String key, String value) {
            settings.set(key, value);
            return this;
        }

        /**
         * Uses the embedded warehouse in this folder (created if missing): objects, queries, documents and provenance
         * all stay in-process, whatever endpoints the environment names.
         */
        public Builder warehouse(Path folder) {
            settings.warehouse(folder);
            List<Provider> installed = Providers.installed();
            Selection.fallback(installed, ObjectStoreProvider.class).ifPresent(n -> settings.set(RdwConfig.STORAGE, n));
            Selection.fallback(installed, QueryEngineProvider.class).ifPresent(n -> settings.set(RdwConfig.QUERY, n));
            Selection.fallback(installed, ProvenanceSinkProvider.class).ifPresent(n -> settings.set(RdwConfig.PROVENANCE, n));
            Selection.fallback(installed, DocumentStoreProvider.class).ifPresent(n -> settings.set(RdwConfig.DOCUMENTS, n));
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

        /** Records provenance in this sink only, instead of the configured ones. */
        public Builder provenanceSink(ProvenanceSink value) {
            this.provenance = value;
            return this;
        }

        public Builder documentStore(DocumentStore value) {
            this.documents = value;
            return this;
        }

        /**
         * Scans every write's content before it is stored (a virus scanner, for example), in addition to the scanners
         * {@code rdw.scan} chooses.
         */
        public Builder scanner(ContentScanner value) {
            this.scanners.add(Objects.requireNonNull(value));
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

        /** How {@code rdw config} names where this builder's settings came from ({@code command line}, say). */
        public Builder origin(String label) {
            settings.origin(label);
            return this;
        }

        /** The configuration the client would have, resolved and checked, without opening anything. */
        public RdwConfig configuration() {
            return config != null ? config : settings.build();
        }

        public WarehouseClient build() {
            return new WarehouseClient(this, configuration());
        }
    }
}
