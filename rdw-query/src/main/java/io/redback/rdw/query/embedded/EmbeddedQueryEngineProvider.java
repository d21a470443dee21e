package io.redback.rdw.query.embedded;

import io.redback.rdw.RdwConfig;
import io.redback.rdw.spi.ObjectStore;
import io.redback.rdw.spi.QueryEngine;
import io.redback.rdw.spi.QueryEngineProvider;

/** The embedded SQL engine (DuckDB) over the embedded warehouse. */
public final class EmbeddedQueryEngineProvider implements QueryEngineProvider {
    @Override
    public String name() {
        return "embedded";
    }

    @Override
    public QueryEngine open(RdwConfig config, ObjectStore store) {
        return new EmbeddedQueryEngine(config, store);
    }
}
