package io.redback.rdw;

import io.redback.rdw.spi.Provider;

import java.util.List;
import java.util.Optional;

/** A module's provider as the configuration sees it: its keys, its own check, when its settings select it. */
public final class DemoProvider implements Provider {
    static final ConfigKey ENDPOINT = ConfigKey.of("rdw.demo.endpoint", "Demo server").env("DEMO_ENDPOINT")
            .type(ConfigKey.Type.URL);
    static final ConfigKey PASSWORD = ConfigKey.of("rdw.demo.password", "Demo password").env("DEMO_PASSWORD").secret();
    static final ConfigKey PORT = ConfigKey.of("rdw.demo.port", "Demo port").env("DEMO_PORT").defaultValue("7000")
            .type(ConfigKey.Type.PORT);
    static final ConfigKey TIMEOUT = ConfigKey.of("rdw.demo.timeout", "Demo timeout").defaultValue("30s")
            .type(ConfigKey.Type.DURATION);
    static final ConfigKey BUFFER = ConfigKey.of("rdw.demo.buffer", "Demo buffer").defaultValue("16MB")
            .type(ConfigKey.Type.SIZE);
    static final ConfigKey FAST = ConfigKey.of("rdw.demo.fast", "Demo flag").defaultValue("false")
            .type(ConfigKey.Type.FLAG);

    @Override
    public String name() {
        return "demo";
    }

    @Override
    public List<ConfigKey> keys() {
        return List.of(ENDPOINT, PASSWORD, PORT, TIMEOUT, BUFFER, FAST);
    }

    @Override
    public List<String> validate(RdwConfig config) {
        return config.get(ENDPOINT).isPresent() && config.get(PASSWORD).isEmpty()
                ? List.of(PASSWORD.name() + " is not set but " + ENDPOINT.name() + " is: set the " + PASSWORD.describe())
                : List.of();
    }

    @Override
    public Optional<String> selectedBy(RdwConfig config) {
        return config.origin(ENDPOINT).map(o -> ENDPOINT.name() + " is set by " + o);
    }
}
