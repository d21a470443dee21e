package io.redback.rdw.query.dremio;

import io.redback.rdw.CatalogEntry;
import io.redback.rdw.ConfigKey;
import io.redback.rdw.Health;
import io.redback.rdw.RdwConfig;
import io.redback.rdw.helpers.Names;
import io.redback.rdw.spi.CheckedQuery;
import io.redback.rdw.spi.ObjectStore;
import io.redback.rdw.spi.QueryEngine;
import io.redback.rdw.spi.QueryEngineProvider;
import io.redback.rdw.spi.RowCursor;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Dremio, chosen by {@code rdw.query=dremio} or by {@code DREMIO_URL}: queries over Arrow Flight SQL (or REST v3 with
 * {@code rdw.dremio.transport=rest}), the catalog over REST.
 */
public final class DremioQueryEngineProvider implements QueryEngineProvider {
    /**
     * The Dremio source the buckets are reached through. The embedded engine reads it too, so that queries written for
     * Dremio ({@code "lake"."dw-bucket-silver"...}) run on it unchanged.
     */
    public static final ConfigKey SOURCE = ConfigKey.of("rdw.dremio.source",
            "Dremio source that holds the buckets, if queries name it first (prefixes registered paths)")
            .env("DREMIO_SOURCE");
    @Override
    public String name() {
        return "dremio";
    }

    @Override
    public List<ConfigKey> keys() {
        return DremioKeys.ALL;
    }

    @Override
    public List<String> validate(RdwConfig config) {
        List<String> problems = new ArrayList<>();
        if (config.get(DremioKeys.URL).isPresent() && config.get(DremioKeys.TOKEN).isEmpty()
                && (config.get(DremioKeys.USERNAME).isEmpty() || config.get(DremioKeys.PASSWORD).isEmpty())) {
            problems.add("Dremio needs credentials: set " + DremioKeys.USERNAME.describe() + " and "
                    + DremioKeys.PASSWORD.describe() + ", or " + DremioKeys.TOKEN.describe());
        }
        config.get(DremioKeys.TRANSPORT).ifPresent(v -> {
            if (!v.equals("flight") && !v.equals("rest")) {
                problems.add(DremioKeys.TRANSPORT.describe() + " is " + Names.printable(v) + ": expected flight or rest");
            }
        });
        return problems;
    }

    @Override
    public Optional<String> selectedBy(RdwConfig config) {
        return config.origin(DremioKeys.URL).map(origin -> DremioKeys.URL.name() + " is set by " + origin);
    }

    @Override
    public QueryEngine open(RdwConfig config, ObjectStore store) {
        DremioSettings settings = DremioSettings.from(config);
        DremioRestEngine rest = new DremioRestEngine(settings);
        if (config.require(DremioKeys.TRANSPORT).equals("rest")) {
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
        public io.redback.rdw.spi.SqlDialect dialect() {
            return flight.dialect();
        }

        @Override
        public List<CatalogEntry> catalog(List<String> path) {
            return rest.catalog(path);
        }

        /** Both services: queries need Flight, the catalog needs REST. */
        @Override
        public Health health() {
            Health f = flight.health();
            Health r = rest.health();
            if (!f.usable()) {
                return f;
            }
            if (!r.usable()) {
                return r;
            }
            return Health.up("query", describe(), f.latency().plus(r.latency()), f.message() + "; " + r.message());
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
