package io.redback.rdw.query.dremio;

import io.redback.rdw.RdwConfig;
import io.redback.rdw.spi.DatasetAdmin;
import io.redback.rdw.spi.DatasetAdminProvider;

/**
 * Dremio's administrator operations (promote an object to a dataset and create its view, run a pipeline as
 * {@code CREATE TABLE ... AS}), with {@code DREMIO_ADMIN_USERNAME} and {@code DREMIO_ADMIN_PASSWORD}.
 */
public final class DremioDatasetAdminProvider implements DatasetAdminProvider {
    @Override
    public String name() {
        return "dremio";
    }

    @Override
    public java.util.List<io.redback.rdw.ConfigKey> keys() {
        return DremioKeys.ALL;
    }

    @Override
    public DatasetAdmin open(RdwConfig config) {
        return new DremioDatasetAdmin(config);
    }
}
