package io.redback.rdw.spi;

import io.redback.rdw.RdwConfig;

/**
 * Creates a {@link QueryEngine}; found with {@link java.util.ServiceLoader}.
 *
 * <p>Every implementation runs {@code io.redback.rdw.tck.ProviderContract} from rdw-tck, and its engine
 * {@code io.redback.rdw.tck.QueryEngineContract}.
 */
public interface QueryEngineProvider extends Provider {


    /**
     * @param store the warehouse's object store, for engines that read objects themselves (the embedded one)
     */
    QueryEngine open(RdwConfig config, ObjectStore store);
}
