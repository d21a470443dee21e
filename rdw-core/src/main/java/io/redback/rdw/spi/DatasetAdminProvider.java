package io.redback.rdw.spi;

import io.redback.rdw.RdwConfig;

/**
 * Creates the {@link DatasetAdmin} of a query engine; chosen by the same name as the query engine
 * ({@code rdw.query=dremio}).
 */
public interface DatasetAdminProvider extends Provider {

    DatasetAdmin open(RdwConfig config);
}
