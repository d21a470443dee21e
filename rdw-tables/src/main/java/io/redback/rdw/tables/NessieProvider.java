package io.redback.rdw.tables;

import io.redback.rdw.ConfigKey;
import io.redback.rdw.Health;
import io.redback.rdw.RdwConfig;
import io.redback.rdw.spi.Provider;

import java.time.Duration;
import java.util.List;

/**
 * The settings of the Nessie catalog ({@code NESSIE_URI}, {@code NESSIE_REF}, {@code NESSIE_AUTH_TOKEN}), so that
 * {@code rdw config} lists and checks them, and its health when one is configured: Nessie answers for its branch.
 */
public final class NessieProvider implements Provider {
    @Override
    public String name() {
        return "nessie";
    }

    @Override
    public List<ConfigKey> keys() {
        return NessieSettings.KEYS;
    }

    @Override
    public List<String> validate(RdwConfig config) {
        try {
            NessieSettings.uri(config).ifPresent(u -> {
                if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme())) {
                    throw new IllegalArgumentException("rdw.nessie.uri (NESSIE_URI) is " + u + "; use http(s)://host:19120/api/v2");
                }
            });
            return List.of();
        } catch (IllegalArgumentException e) {
            return List.of(e.getMessage());
        }
    }

    @Override
    public List<Health> health(RdwConfig config) {
        if (NessieSettings.uri(config).isEmpty()) {
            return List.of();
        }
        long start = System.nanoTime();
        String where = "nessie " + NessieSettings.uri(config).get();
        try {
            var catalog = (NessieTableCatalog) Catalogs.open(config, null, config.bucket(io.redback.rdw.Layer.SILVER));
            String head = catalog.head();
            return List.of(Health.up("tables", where, Duration.ofNanos(System.nanoTime() - start),
                    "Nessie answers: branch " + NessieSettings.ref(config) + " is at " + head.substring(0, Math.min(12, head.length()))));
        } catch (RuntimeException e) {
            return List.of(Health.down("tables", where, Duration.ofNanos(System.nanoTime() - start),
                    "Nessie does not answer for branch " + NessieSettings.ref(config) + ": " + e.getMessage()));
        }
    }
}
