package io.redback.rdw.spi;

import io.redback.rdw.RdwConfig;

/**
 * Creates an {@link ObjectStore}; found with {@link java.util.ServiceLoader} (register the class in
 * {@code META-INF/services/io.redback.rdw.spi.Provider}, like every provider).
 *
 * <p>Every implementation runs {@code io.redback.rdw.tck.ProviderContract} from rdw-tck, and its store
 * {@code io.redback.rdw.tck.ObjectStoreContract}.
 */
public interface ObjectStoreProvider extends Provider {


    ObjectStore open(RdwConfig config);
}
