package io.redback.rdw.admin.postgres;

import io.redback.rdw.ConfigKey;
import io.redback.rdw.RdwConfig;
import io.redback.rdw.spi.ProvenanceSink;
import io.redback.rdw.spi.ProvenanceSinkProvider;

import java.util.List;
import java.util.Optional;

/**
 * The warehouse's central provenance table in PostgreSQL: chosen when {@code POSTGRES_HOST} (or a JDBC URL) is set, or
 * by {@code rdw.provenance=postgres}; events reach it through rdw's outbox.
 */
public final class PostgresProvenanceProvider implements ProvenanceSinkProvider {
    @Override
    public String name() {
        return "postgres";
    }

    @Override
    public List<ConfigKey> keys() {
        return PostgresSettings.KEYS;
    }

    @Override
    public List<String> validate(RdwConfig config) {
        return PostgresSettings.validate(config);
    }

    @Override
    public Optional<String> selectedBy(RdwConfig config) {
        for (ConfigKey key : List.of(PostgresSettings.URL, PostgresSettings.HOST)) {
            if (config.isSet(key)) {
                return Optional.of(key.name() + " is set by " + config.origin(key).orElse("configuration"));
            }
        }
        return Optional.empty();
    }

    @Override
    public ProvenanceSink open(RdwConfig config) {
        return new PostgresProvenanceStore(config, PostgresSettings.from(config));
    }
}
