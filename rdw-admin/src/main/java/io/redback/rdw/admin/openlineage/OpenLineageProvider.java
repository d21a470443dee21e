package io.redback.rdw.admin.openlineage;

import io.redback.rdw.ConfigKey;
import io.redback.rdw.RdwConfig;
import io.redback.rdw.WarehouseClient;
import io.redback.rdw.spi.ProvenanceSink;
import io.redback.rdw.spi.ProvenanceSinkProvider;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/** Uploads and pipeline runs as OpenLineage RunEvents: added when {@code rdw.openlineage.url} is set. */
public final class OpenLineageProvider implements ProvenanceSinkProvider {
    static final ConfigKey URL = ConfigKey.of("rdw.openlineage.url",
            "OpenLineage HTTP endpoint (e.g. Marquez, http://marquez:5000); setting it adds the OpenLineage sink")
            .env("RDW_OPENLINEAGE_URL", "OPENLINEAGE_URL").type(ConfigKey.Type.URL);
    static final ConfigKey NAMESPACE = ConfigKey.of("rdw.openlineage.namespace", "Namespace of rdw's jobs")
            .env("RDW_OPENLINEAGE_NAMESPACE", "OPENLINEAGE_NAMESPACE").defaultValue("rdw");
    static final ConfigKey API_KEY = ConfigKey.of("rdw.openlineage.api-key", "Bearer token for the endpoint, if it needs one")
            .env("RDW_OPENLINEAGE_API_KEY", "OPENLINEAGE_API_KEY").secret();

    @Override
    public String name() {
        return "openlineage";
    }

    @Override
    public List<ConfigKey> keys() {
        return List.of(URL, NAMESPACE, API_KEY);
    }

    @Override
    public Optional<String> selectedBy(RdwConfig config) {
        return config.isSet(URL) ? Optional.of(URL.name() + " is set by " + config.origin(URL).orElse("configuration"))
                : Optional.empty();
    }

    @Override
    public ProvenanceSink open(RdwConfig config) {
        String url = config.require(URL);
        return new OpenLineageSink(config, URI.create(url.contains("://") ? url : "http://" + url), config.require(NAMESPACE),
                config.secret(API_KEY), WarehouseClient.version());
    }
}
