package io.redback.rdw.spi;

import io.redback.rdw.RdwConfig;

/**
 * Creates a {@link DocumentStore}; found with {@link java.util.ServiceLoader} (register the class in
 * {@code META-INF/services/io.redback.rdw.spi.DocumentStoreProvider}).
 */
public interface DocumentStoreProvider extends Provider {


    DocumentStore open(RdwConfig config);
}
