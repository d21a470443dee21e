package io.redback.rdw.admin.restic;

import io.redback.rdw.ConfigKey;
import io.redback.rdw.Health;
import io.redback.rdw.RdwConfig;
import io.redback.rdw.RdwException;
import io.redback.rdw.spi.Provider;

import java.time.Duration;
import java.util.List;

/**
 * The warehouse's backups with restic ({@code rdw backup}): declares the {@code rdw.restic.*} settings and, when a
 * repository is configured, checks for {@code rdw doctor} that restic opens it.
 */
public final class ResticProvider implements Provider {
    @Override
    public String name() {
        return "restic";
    }

    @Override
    public List<ConfigKey> keys() {
        return ResticSettings.KEYS;
    }

    @Override
    public List<String> validate(RdwConfig config) {
        return ResticSettings.validate(config);
    }

    @Override
    public List<Health> health(RdwConfig config) {
        if (!config.isSet(ResticSettings.REPOSITORY)) {
            return List.of();
        }
        long start = System.nanoTime();
        String where = config.get(ResticSettings.REPOSITORY).orElse("");
        try {
            ResticProcess process = new ResticProcess(ResticSettings.from(config));
            where = process.settings().toString();
            String message = ResticBackups.probe(process);
            return List.of(Health.up("backup", where, Duration.ofNanos(System.nanoTime() - start), message));
        } catch (RdwException e) {
            return List.of(Health.down("backup", where.replaceAll("//[^/@]*@", "//***@"),
                    Duration.ofNanos(System.nanoTime() - start), e.getMessage()));
        }
    }
}
