package io.redback.rdw.query.dremio;

import io.redback.rdw.CatalogEntry;
import io.redback.rdw.RdwConfig;
import io.redback.rdw.spi.CheckedQuery;
import io.redback.rdw.spi.ObjectStore;
import io.redback.rdw.spi.QueryEngine;
import io.redback.rdw.spi.QueryEngineProvider;
import io.redback.rdw.spi.RowCursor;

import java.util.List;

/**
 * Dremio, chosen by {@code rdw.query=dremio} or by {@code DREMIO_URL}: queries over Arrow Flight SQL (or REST v3 with
 * {@code rdw.dremio.transport=rest}), the catalog over REST.
 */
public final class DremioQueryEngineProvider implements QueryEngineProvider {
    @Override
    public String name() {
        return "dremio";
    }

    @Override
    public QueryEngine open(RdwConfig config, ObjectStore store) {
        DremioSettings settings = DremioSettings.from(config);
        DremioRestEngine rest = new DremioRestEngine(settings);
        if (config.require(RdwConfig.DREMIO_TRANSPORT).equals("rest")) {
            return rest;
        }
        return new Combined(new DremioFlightEngine(settings), rest);
    }

    /** Queries over Flight, the catalog over REST (Flight SQL has no notion of Dremio's spaces and folders). */
    private record Combined(DremioFlightEngine flight, DremioRestEngine rest) implements QueryEngine {
        @Override
        public String describe() {
            return flight.describe() + ", catalog over " + rest.describe();
        }

        @Override
        public RowCursor execute(CheckedQuery query) {
            return flight.execute(query);
        }

        @Override
        public List<CatalogEntry> catalog(List<String> path) {
            return rest.catalog(path);
        }

        @Override
        public void close() {
            try {
                flight.close();
            } finally {
                rest.close();
            }
        }
    }
}
