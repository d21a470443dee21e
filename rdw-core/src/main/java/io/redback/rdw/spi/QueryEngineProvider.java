package io.redback.rdw.spi;

import io.redback.rdw.RdwConfig;

/** Creates a {@link QueryEngine}; found with {@link java.util.ServiceLoader}. */
public interface QueryEngineProvider {

    /** The value of {@code rdw.query} that selects this provider: {@code embedded}, {@code dremio}. */
    String name();

    /**
     * @param store the warehouse's object store, for engines that read objects themselves (the embedded one)
     */
    QueryEngine open(RdwConfig config, ObjectStore store);
}
