package io.redback.rdw.spi;

import io.redback.rdw.RdwConfig;

/**
 * Creates a {@link ProvenanceSink}; found with {@link java.util.ServiceLoader}.
 *
 * <p>Every implementation runs {@code io.redback.rdw.tck.ProviderContract} from rdw-tck, and its sink
 * {@code io.redback.rdw.tck.ProvenanceSinkContract}.
 */
public interface ProvenanceSinkProvider extends Provider {


    ProvenanceSink open(RdwConfig config);
}
