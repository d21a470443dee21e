package io.redback.rdw.spi;

import io.redback.rdw.RdwConfig;

/**
 * Creates the {@link DatasetAdmin} of a query engine; chosen by the same name as the query engine
 * ({@code rdw.query=dremio}).
 *
 * <p>Every implementation runs {@code io.redback.rdw.tck.ProviderContract} from rdw-tck, and its admin
 * {@code io.redback.rdw.tck.DatasetAdminContract}.
 */
public interface DatasetAdminProvider extends Provider {

    DatasetAdmin open(RdwConfig config);
}
