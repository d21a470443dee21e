package io.redback.rdw.spi;

import io.redback.rdw.RdwConfig;

/** Creates the local {@link SqlRuntime}; chosen by {@code rdw.sql-runtime} (one is enough: the embedded engine's). */
public interface SqlRuntimeProvider extends Provider {

    SqlRuntime open(RdwConfig config);
}
