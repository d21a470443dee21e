package io.redback.rdw.spi;

import io.redback.rdw.RdwConfig;

/**
 * Creates an {@link ObjectStore}; found with {@link java.util.ServiceLoader} (register the class in
 * {@code META-INF/services/io.redback.rdw.spi.ObjectStoreProvider}).
 */
public interface ObjectStoreProvider {

    /** The value of {@code rdw.storage} that selects this provider: {@code embedded}, {@code s3}. */
    String name();

    ObjectStore open(RdwConfig config);
}
