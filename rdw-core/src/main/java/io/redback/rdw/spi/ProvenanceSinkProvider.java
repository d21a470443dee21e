package io.redback.rdw.spi;

import io.redback.rdw.RdwConfig;

/** Creates a {@link ProvenanceSink}; found with {@link java.util.ServiceLoader}. */
public interface ProvenanceSinkProvider {

    /** The value of {@code rdw.provenance} that selects this provider: {@code embedded}, {@code postgres}. */
    String name();

    ProvenanceSink open(RdwConfig config);
}
