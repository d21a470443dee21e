package io.redback.rdw.admin.logstash;

import io.redback.rdw.ConfigKey;
import io.redback.rdw.RdwConfig;
import io.redback.rdw.spi.ProvenanceSink;
import io.redback.rdw.spi.ProvenanceSinkProvider;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/** Provenance to Logstash's HTTP input: chosen when {@code LOGSTASH_URL} is set, or by {@code rdw.provenance=logstash}. */
public final class LogstashProvider implements ProvenanceSinkProvider {
    static final ConfigKey URL = ConfigKey.of("rdw.logstash.url",
            "Logstash's HTTP input, e.g. http://logstash:5044; setting it adds the Logstash provenance sink")
            .env("RDW_LOGSTASH_URL", "LOGSTASH_URL").type(ConfigKey.Type.URL);
    static final ConfigKey BACKOFF = ConfigKey.of("rdw.logstash.retry-backoff",
            "First wait before sending again after 429 (queue full) or a server error; doubles each time")
            .env("RDW_LOGSTASH_RETRY_BACKOFF").defaultValue("500ms").type(ConfigKey.Type.DURATION);

    @Override
    public String name() {
        return "logstash";
    }

    @Override
    public List<ConfigKey> keys() {
        return List.of(URL, BACKOFF);
    }

    @Override
    public Optional<String> selectedBy(RdwConfig config) {
        return config.isSet(URL) ? Optional.of(URL.name() + " is set by " + config.origin(URL).orElse("configuration"))
                : Optional.empty();
    }

    @Override
    public ProvenanceSink open(RdwConfig config) {
        String url = config.require(URL);
        return new LogstashSink(URI.create(url.contains("://") ? url : "http://" + url), config.duration(BACKOFF));
    }
}
