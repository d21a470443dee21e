package io.redback.rdw;

import io.redback.rdw.internal.ContentScanners;
import io.redback.rdw.internal.ProvenanceOutbox;
import io.redback.rdw.internal.ProvenanceSinks;
import io.redback.rdw.internal.Selection;
import io.redback.rdw.spi.ContentScanner;
import io.redback.rdw.spi.ContentScannerProvider;
import io.redback.rdw.spi.DatasetAdmin;
import io.redback.rdw.spi.DatasetAdminProvider;
import io.redback.rdw.spi.DocumentStore;
import io.redback.rdw.spi.DocumentStoreProvider;
import io.redback.rdw.spi.ObjectStore;
import io.redback.rdw.spi.ObjectStoreProvider;
import io.redback.rdw.spi.ProvenanceSink;
import io.redback.rdw.spi.ProvenanceSinkProvider;
import io.redback.rdw.spi.ProvenanceStore;
import io.redback.rdw.spi.QueryEngine;
import io.redback.rdw.spi.QueryEngineProvider;
import io.redback.rdw.spi.SqlRuntime;
import io.redback.rdw.spi.SqlRuntimeProvider;
import io.redback.rdw.spi.WarehouseContext;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The backends of one client: the object store and the provenance sinks are opened with the client; the query engine,
 * the document store, the SQL runtime and the dataset administration on first use. Each is chosen by
 * {@link Selection}: an instance given to the builder, else the setting, else what the configuration selects, else
 * the embedded one.
 */
final class Backends implements WarehouseContext, AutoCloseable {
    private final RdwConfig config;
    private final Clock clock;
    private final String eventSource;
    private final ObjectStore store;
    private final String storeReason;
    private final ProvenanceSinks provenance;
    private final List<ContentScanner> scanners;
    private final Lazy<QueryEngine> engine;
    private final Lazy<DocumentStore> documents;
    private final Lazy<SqlRuntime> runtime;
    private final Lazy<DatasetAdmin> admin;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "rdw-worker");
        t.setDaemon(true);
        return t;
    });

    Backends(RdwConfig config, WarehouseClient.Builder b) {
        this.config = config;
        this.clock = b.clock;
        this.eventSource = b.eventSource;
        List<AutoCloseable> opened = new ArrayList<>();
        try {
            if (b.store != null) {
                store = b.store;
                storeReason = "given to the builder";
            } else {
                Selection.Chosen<ObjectStoreProvider> s = Selection.one(config, RdwConfig.STORAGE, ObjectStoreProvider.class,
                        "object store");
                store = s.provider().open(config);
                storeReason = s.reason();
            }
            opened.add(store);
            List<ProvenanceSinks.Named> sinks = new ArrayList<>();
            if (b.provenance != null) {
                sinks.add(new ProvenanceSinks.Named("given", b.provenance));
            } else {
                for (Selection.Chosen<ProvenanceSinkProvider> c : Selection.many(config, RdwConfig.PROVENANCE,
                        ProvenanceSinkProvider.class, "provenance sink")) {
                    ProvenanceSink sink = c.provider().open(config);
                    opened.add(sink);
                    sinks.add(new ProvenanceSinks.Named(c.provider().name(), sink));
                }
                if (!config.isSet(RdwConfig.PROVENANCE) && sinks.stream().noneMatch(n -> n.sink() instanceof ProvenanceStore)) {
                    // remote sinks that cannot be searched (Logstash) come with the local log, so rdw provenance answers
                    for (ProvenanceSinkProvider p : Selection.of(config, ProvenanceSinkProvider.class)) {
                        if (p.fallback()) {
                            ProvenanceSink sink = p.open(config);
                            opened.add(sink);
                            sinks.add(0, new ProvenanceSinks.Named(p.name(), sink));
                            break;
                        }
                    }
                }
            }
            provenance = new ProvenanceSinks(sinks, new ProvenanceOutbox(config.warehouse().resolve(".rdw").resolve("outbox")),
                    clock, config.duration(RdwConfig.PROVENANCE_FLUSH_TIMEOUT));
            List<ContentScanner> found = new ArrayList<>(b.scanners);
            for (Selection.Chosen<ContentScannerProvider> c : Selection.many(config, RdwConfig.SCAN,
                    ContentScannerProvider.class, "content scanner")) {
                ContentScanner scanner = c.provider().open(config);
                opened.add(scanner);
                found.add(scanner);
            }
            scanners = List.copyOf(found);
        } catch (RuntimeException e) {
            for (AutoCloseable c : opened) {
                closeQuietly(c);
            }
            executor.shutdownNow();
            throw e;
        }
        engine = new Lazy<>(b.engine, () -> Selection.one(config, RdwConfig.QUERY, QueryEngineProvider.class, "query engine"),
                c -> ((QueryEngineProvider) c.provider()).open(config, store));
        documents = new Lazy<>(b.documents, () -> Selection.one(config, RdwConfig.DOCUMENTS, DocumentStoreProvider.class,
                "document store"), c -> ((DocumentStoreProvider) c.provider()).open(config));
        runtime = new Lazy<>(null, () -> sqlRuntimeProvider(config), c -> ((SqlRuntimeProvider) c.provider()).open(config));
        admin = new Lazy<>(null, () -> adminProvider(), c -> ((DatasetAdminProvider) c.provider()).open(config));
    }

    /** The one local SQL runtime: the fallback (embedded) one if several are installed. */
    private static Selection.Chosen<SqlRuntimeProvider> sqlRuntimeProvider(RdwConfig config) {
        List<SqlRuntimeProvider> all = Selection.of(config, SqlRuntimeProvider.class);
        if (all.isEmpty()) {
            throw new ConfigurationException("no local SQL runtime is installed, so pipelines and Parquet exports cannot "
                    + "run: add rdw-query to the class path");
        }
        SqlRuntimeProvider p = all.stream().filter(SqlRuntimeProvider::fallback).findFirst().orElse(all.get(0));
        return new Selection.Chosen<>(p, "installed");
    }

    /** The administration of the chosen query engine: the provider of the same name. */
    private Selection.Chosen<DatasetAdminProvider> adminProvider() {
        String engineName = Selection.one(config, RdwConfig.QUERY, QueryEngineProvider.class, "query engine").name();
        for (DatasetAdminProvider p : Selection.of(config, DatasetAdminProvider.class)) {
            if (p.name().equals(engineName)) {
                return new Selection.Chosen<>(p, "the query engine is " + engineName);
            }
        }
        throw new ConfigurationException("the query engine '" + engineName + "' has no administrator operations "
                + "(registering datasets, creating tables): configure Dremio (DREMIO_URL and the administrator's "
                + "credentials) or set rdw.query to an engine that has them");
    }

    String storeReason() {
        return storeReason;
    }

    List<ContentScanner> scanners() {
        return scanners;
    }

    /** The engine if it has been opened, for display without opening it. */
    Map<String, String> describe() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("storage", store.describe());
        d.put("query", engine.describe(QueryEngine::describe));
        d.put("provenance", provenance.describe());
        d.put("documents", documents.describe(DocumentStore::describe));
        if (!scanners.isEmpty()) {
            d.put("scan", String.join(", ", scanners.stream().map(ContentScanner::describe).toList()));
        }
        return d;
    }

    boolean engineOpened() {
        return engine.opened();
    }

    boolean documentsOpened() {
        return documents.opened();
    }

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
    public ProvenanceSinks provenance() {
        return provenance;
    }

    /** The scanners as one, or {@code null} when there are none. */
    ContentScanner scanner() {
        return scanners.isEmpty() ? null : scanners.size() == 1 ? scanners.get(0) : new ContentScanners(scanners);
    }

    @Override
    public QueryEngine queryEngine() {
        return engine.get();
    }

    @Override
    public DocumentStore documentStore() {
        return documents.get();
    }

    @Override
    public SqlRuntime sqlRuntime() {
        return runtime.get();
    }

    @Override
    public DatasetAdmin datasetAdmin() {
        return admin.get();
    }

    @Override
    public ExecutorService executor() {
        return executor;
    }

    @Override
    public void close() {
        executor.shutdownNow();
        admin.close();
        runtime.close();
        engine.close();
        documents.close();
        for (ContentScanner s : scanners) {
            closeQuietly(s);
        }
        try {
            provenance.close();
        } finally {
            store.close();
        }
    }

    @Override
    public String toString() {
        return "WarehouseContext" + describe();
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // closing after a failure: the failure is what the caller sees
        }
    }

    /** A backend opened on first use; one given to the builder is used as it is. */
    private static final class Lazy<T extends AutoCloseable> {
        private final Supplier<? extends Selection.Chosen<?>> choose;
        private final java.util.function.Function<Selection.Chosen<?>, T> open;
        private final T given;
        private volatile T value;
        private volatile String reason;

        Lazy(T given, Supplier<? extends Selection.Chosen<?>> choose, java.util.function.Function<Selection.Chosen<?>, T> open) {
            this.given = given;
            this.choose = choose;
            this.open = open;
        }

        T get() {
            T v = value;
            if (v == null) {
                synchronized (this) {
                    if (value == null) {
                        if (given != null) {
                            reason = "given to the builder";
                            value = given;
                        } else {
                            Selection.Chosen<?> c = choose.get();
                            reason = c.reason();
                            value = open.apply(c);
                            org.slf4j.LoggerFactory.getLogger(WarehouseClient.class).info("rdw: {} ({})",
                                    value instanceof QueryEngine q ? q.describe() : value, reason);
                        }
                    }
                    v = value;
                }
            }
            return v;
        }

        boolean opened() {
            return value != null;
        }

        String describe(java.util.function.Function<T, String> what) {
            T v = value;
            if (v != null) {
                return what.apply(v);
            }
            if (given != null) {
                return what.apply(given);
            }
            try {
                Selection.Chosen<?> c = choose.get();
                return c.name() + " (" + c.reason() + "; not opened yet)";
            } catch (RdwException e) {
                return "none (" + e.getMessage() + ")";
            }
        }

        synchronized void close() {
            if (value != null) {
                closeQuietly(value);
                value = null;
            }
        }
    }
}
