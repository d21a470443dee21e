package io.redback.rdw.query.embedded;

import io.redback.rdw.RdwConfig;
import io.redback.rdw.spi.SqlRuntime;
import io.redback.rdw.spi.SqlRuntimeProvider;

/**
 * The local SQL runtime on the embedded engine (DuckDB): pipelines' work databases, typed loads of CSV, TXT, JSON and
 * Parquet, and Parquet export of query results.
 */
public final class EmbeddedSqlRuntimeProvider implements SqlRuntimeProvider {
    @Override
    public String name() {
        return "embedded";
    }

    @Override
    public boolean fallback() {
        return true;
    }

    @Override
    public java.util.List<io.redback.rdw.ConfigKey> keys() {
        return java.util.List.of(EmbeddedQueryEngineProvider.MEMORY_LIMIT, EmbeddedQueryEngineProvider.THREADS);
    }

    @Override
    public SqlRuntime open(RdwConfig config) {
        return new DuckDbRuntime(config);
    }
}
