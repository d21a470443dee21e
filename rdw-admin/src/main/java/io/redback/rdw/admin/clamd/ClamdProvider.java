package io.redback.rdw.admin.clamd;

import io.redback.rdw.ConfigKey;
import io.redback.rdw.RdwConfig;
import io.redback.rdw.spi.ContentScanner;
import io.redback.rdw.spi.ContentScannerProvider;

import java.util.List;
import java.util.Optional;

/**
 * Virus scanning of every upload with clamd, the ClamAV daemon: chosen when {@code CLAMD_HOST} or {@code CLAMD_SOCKET}
 * is set, or by {@code rdw.scan=clamd}.
 */
public final class ClamdProvider implements ContentScannerProvider {
    @Override
    public String name() {
        return "clamd";
    }

    @Override
    public List<ConfigKey> keys() {
        return ClamdSettings.KEYS;
    }

    @Override
    public List<String> validate(RdwConfig config) {
        return ClamdSettings.validate(config);
    }

    @Override
    public Optional<String> selectedBy(RdwConfig config) {
        for (ConfigKey key : List.of(ClamdSettings.SOCKET, ClamdSettings.HOST)) {
            if (config.isSet(key)) {
                return Optional.of(key.name() + " is set by " + config.origin(key).orElse("configuration"));
            }
        }
        return Optional.empty();
    }

    @Override
    public ContentScanner open(RdwConfig config) {
        return new ClamdScanner(ClamdSettings.from(config));
    }
}
