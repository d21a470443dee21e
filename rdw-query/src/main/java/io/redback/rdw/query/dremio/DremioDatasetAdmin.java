package io.redback.rdw.query.dremio;

import io.redback.rdw.RdwConfig;
import io.redback.rdw.helpers.Names;
import io.redback.rdw.spi.DatasetAdmin;

import java.util.ArrayList;
import java.util.List;

/**
 * Dremio's administrator operations behind the SPI. Naming an object's path needs only the configuration; the
 * administrator's credentials are read, and checked, on the first operation that changes the catalog.
 */
final class DremioDatasetAdmin implements DatasetAdmin {
    private final RdwConfig config;
    private DremioAdmin admin;

    DremioDatasetAdmin(RdwConfig config) {
        this.config = config;
    }

    @Override
    public String describe() {
        return "dremio admin at " + config.require(DremioKeys.URL);
    }

    /** The configured source (if the buckets are reached through one), the bucket, then the key's segments. */
    @Override
    public List<String> path(String bucket, String key) {
        String k = key.endsWith("/") ? key.substring(0, key.length() - 1) : key;
        List<String> path = new ArrayList<>();
        config.get(DremioKeys.SOURCE).ifPresent(path::add);
        path.add(bucket);
        path.addAll(List.of(Names.key(k).split("/")));
        return path;
    }

    @Override
    public List<String> register(List<String> sourcePath, List<String> viewPath) {
        return admin().register(sourcePath, viewPath);
    }

    @Override
    public List<String> createTableAs(List<String> table, String query) {
        return admin().createTableAs(table, query);
    }

    private synchronized DremioAdmin admin() {
        if (admin == null) {
            admin = new DremioAdmin(config);
        }
        return admin;
    }

    @Override
    public synchronized void close() {
        if (admin != null) {
            admin.close();
        }
    }

    @Override
    public String toString() {
        return describe();
    }
}
