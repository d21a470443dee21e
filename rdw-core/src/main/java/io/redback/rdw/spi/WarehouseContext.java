package io.redback.rdw.spi;

import io.redback.rdw.RdwConfig;

import java.time.Clock;
import java.util.concurrent.ExecutorService;

/**
 * What a client has opened, for modules that build capabilities on rdw's SPIs (pipelines, documents, tables): get it
 * from {@link io.redback.rdw.WarehouseClient#context()}. Applications use the client's own methods instead.
 *
 * <p>Backends other than the object store and the provenance sinks are opened on first use, so a client that never
 * queries needs no query engine. Everything here belongs to the client and is closed with it: do not close it.
 */
public interface WarehouseContext {

    RdwConfig config();

    /** The clock for timestamps in names and provenance. */
    Clock clock();

    /** The {@code event_source} of this client's provenance events: {@code rdw:sdk}, {@code rdw:cli}. */
    String eventSource();

    ObjectStore objectStore();

    /** Every configured provenance sink, as one: an event recorded here reaches each of them. */
    ProvenanceSink provenance();

    /** The query engine (embedded or Dremio), opened on first use. */
    QueryEngine queryEngine();

    /** The document store, opened on first use. */
    DocumentStore documentStore();

    /** The local SQL runtime for work on files (pipelines, exports), opened on first use. */
    SqlRuntime sqlRuntime();

    /**
     * The administrator operations of the configured query engine (registering datasets, creating tables), opened on
     * first use with the administrator's credentials.
     *
     * @throws io.redback.rdw.ConfigurationException when the engine has none (the embedded one) or they are not configured
     */
    DatasetAdmin datasetAdmin();

    /** The client's executor for blocking work that must not run on a caller's or a driver's thread. */
    ExecutorService executor();
}
