package io.redback.rdw.query.dremio;

import io.redback.rdw.Health;
import io.redback.rdw.RdwConfig;
import io.redback.rdw.RdwException;
import io.redback.rdw.helpers.Names;
import io.redback.rdw.spi.DatasetAdmin;

import java.time.Duration;
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
        return "dremio admin at " + config.get(DremioKeys.URL).orElse("(no " + DremioKeys.URL.describe() + ")");
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

    /**
     * Logs in as the administrator and reads the top of the catalog: that proves the URL, the administrator's
     * credentials and the REST service. When it fails, the message names the setting to fix, never a secret.
     */
    @Override
    public Health health() {
        long start = System.nanoTime();
        if (config.get(DremioKeys.ADMIN_USERNAME).isEmpty()) {
            // optional: only registering datasets needs them, so their absence is not a fault
            return new Health("query-admin", describe(), Health.Status.UNKNOWN, Duration.ZERO, "no administrator is "
                    + "configured (" + DremioKeys.ADMIN_USERNAME.describe() + "); only rdw register needs one");
        }
        try {
            int entries = admin().catalogEntries();
            return Health.up("query-admin", describe(), Duration.ofNanos(System.nanoTime() - start),
                    "logged in as the administrator; the catalog has " + entries + " top-level entries");
        } catch (RdwException e) {
            return Health.down("query-admin", describe(), Duration.ofNanos(System.nanoTime() - start), e.getMessage());
        }
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
