package io.redback.rdw.spi;

import io.redback.rdw.RdwConfig;

/**
 * Creates an {@link ObjectStore}; found with {@link java.util.ServiceLoader} (register the class in
 * {@code META-INF/services/io.redback.rdw.spi.ObjectStoreProvider}).
 */
public interface ObjectStoreProvider extends Provider {


    ObjectStore open(RdwConfig config);
}
