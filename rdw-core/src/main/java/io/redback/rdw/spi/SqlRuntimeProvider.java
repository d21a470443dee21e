package io.redback.rdw.spi;

import io.redback.rdw.RdwConfig;

/**
 * Creates the local {@link SqlRuntime}; one is enough: when several are installed, a client uses the fallback one.
 *
 * <p>Every implementation runs {@code io.redback.rdw.tck.ProviderContract} from rdw-tck, and its runtime
 * {@code io.redback.rdw.tck.SqlRuntimeContract}.
 */
public interface SqlRuntimeProvider extends Provider {

    SqlRuntime open(RdwConfig config);
}
