package io.redback.rdw.query.embedded;

import io.redback.rdw.ConfigKey;
import io.redback.rdw.RdwConfig;
import io.redback.rdw.InvalidInputException;
import io.redback.rdw.helpers.Names;
import io.redback.rdw.helpers.Units;
import io.redback.rdw.query.dremio.DremioQueryEngineProvider;
import io.redback.rdw.spi.ObjectStore;
import io.redback.rdw.spi.QueryEngine;
import io.redback.rdw.spi.QueryEngineProvider;

import java.util.ArrayList;
import java.util.List;

/** The embedded SQL engine (DuckDB) over the embedded warehouse: the fallback when no other engine is configured. */
public final class EmbeddedQueryEngineProvider implements QueryEngineProvider {
    /** DuckDB's memory limit: a size, or a percentage of the machine's memory. */
    public static final ConfigKey MEMORY_LIMIT = ConfigKey.of("rdw.embedded.memory-limit",
            "Memory the embedded SQL engine may use before it spills to disk, e.g. 256MB, 2GB")
            .env("RDW_MEMORY_LIMIT").defaultValue("512MB");
    public static final ConfigKey THREADS = ConfigKey.of("rdw.embedded.threads",
            "Threads of the embedded SQL engine (default: the number of processors)")
            .env("RDW_THREADS").type(ConfigKey.Type.INTEGER);
    /** Where DuckDB's native library is kept when rdw's command packs the driver (see the README). */
    public static final ConfigKey NATIVE_CACHE = ConfigKey.of("rdw.embedded.native-cache",
            "Folder where rdw keeps DuckDB's native library, extracted once (default: the user's cache folder + /rdw)")
            .env("RDW_NATIVE_CACHE");

    @Override
    public String name() {
        return "embedded";
    }

    @Override
    public boolean fallback() {
        return true;
    }

    @Override
    public List<ConfigKey> keys() {
        return List.of(MEMORY_LIMIT, THREADS, NATIVE_CACHE, DremioQueryEngineProvider.SOURCE);
    }

    @Override
    public List<String> validate(RdwConfig config) {
        List<String> problems = new ArrayList<>();
        config.get(MEMORY_LIMIT).ifPresent(v -> {
            // a size, in rdw's one size syntax, or DuckDB's share of the machine's memory
            if (!v.strip().matches("\\d{1,2}%")) {
                try {
                    Units.bytes(v);
                } catch (InvalidInputException e) {
                    problems.add(MEMORY_LIMIT.describe() + " is " + Names.printable(v)
                            + ": expected a size such as 512MB or 2GB, or a share of the memory such as 50%");
                }
            }
        });
        config.get(THREADS).ifPresent(v -> {
            if (!v.strip().matches("\\d+") || Integer.parseInt(v.strip()) < 1) {
                problems.add(THREADS.describe() + " is " + Names.printable(v) + ": expected a whole number of at least 1");
            }
        });
        return problems;
    }

    @Override
    public QueryEngine open(RdwConfig config, ObjectStore store) {
        return new EmbeddedQueryEngine(config, store);
    }
}
