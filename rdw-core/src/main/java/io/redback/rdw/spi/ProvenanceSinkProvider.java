package io.redback.rdw.spi;

import io.redback.rdw.RdwConfig;

/** Creates a {@link ProvenanceSink}; found with {@link java.util.ServiceLoader}. */
public interface ProvenanceSinkProvider extends Provider {


    ProvenanceSink open(RdwConfig config);
}
