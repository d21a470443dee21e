package io.redback.rdw.query.dremio;

import io.redback.rdw.ConfigKey;

import java.util.List;

/** Dremio's settings: the names the warehouse's own services use ({@code DREMIO_URL}, ...) and rdw's. */
final class DremioKeys {
    static final ConfigKey URL = ConfigKey.of("rdw.dremio.url", "Dremio REST URL, e.g. http://127.0.0.1:9047")
            .env("DREMIO_URL").type(ConfigKey.Type.URL);
    static final ConfigKey USERNAME = ConfigKey.of("rdw.dremio.username", "Dremio user").env("DREMIO_USERNAME");
    static final ConfigKey PASSWORD = ConfigKey.of("rdw.dremio.password", "Dremio password")
            .env("DREMIO_PASSWORD").secret();
    static final ConfigKey TOKEN = ConfigKey.of("rdw.dremio.token",
            "Dremio personal access token (instead of user and password)").env("DREMIO_TOKEN", "DREMIO_PAT").secret();
    static final ConfigKey TRANSPORT = ConfigKey.of("rdw.dremio.transport",
            "How queries reach Dremio: flight (Arrow Flight SQL, streaming) or rest (REST v3, paged)")
            .env("RDW_DREMIO_TRANSPORT").defaultValue("flight");
    static final ConfigKey FLIGHT_HOST = ConfigKey.of("rdw.dremio.flight-host",
            "Arrow Flight host (default: the host of DREMIO_URL)").env("DREMIO_FLIGHT_HOST");
    static final ConfigKey FLIGHT_PORT = ConfigKey.of("rdw.dremio.flight-port", "Arrow Flight port")
            .env("DREMIO_FLIGHT_PORT").defaultValue("32010").type(ConfigKey.Type.PORT);
    static final ConfigKey TLS = ConfigKey.of("rdw.dremio.tls", "TLS on the Flight connection (off on the warehouse)")
            .env("DREMIO_TLS").defaultValue("false").type(ConfigKey.Type.FLAG);
    static final ConfigKey TIMEOUT = ConfigKey.of("rdw.dremio.timeout",
            "Longest a query may run before it is cancelled, e.g. 90s, 10m")
            .env("DREMIO_TIMEOUT").defaultValue("5m").type(ConfigKey.Type.DURATION);
    static final ConfigKey ADMIN_USERNAME = ConfigKey.of("rdw.dremio.admin-username",
            "Dremio administrator, for registering datasets and views (rdw register) only").env("DREMIO_ADMIN_USERNAME");
    static final ConfigKey ADMIN_PASSWORD = ConfigKey.of("rdw.dremio.admin-password", "Dremio administrator's password")
            .env("DREMIO_ADMIN_PASSWORD").secret();
    static final ConfigKey SOURCE = DremioQueryEngineProvider.SOURCE;

    static final List<ConfigKey> ALL = List.of(URL, USERNAME, PASSWORD, TOKEN, TRANSPORT, FLIGHT_HOST, FLIGHT_PORT, TLS,
            TIMEOUT, ADMIN_USERNAME, ADMIN_PASSWORD, SOURCE);

    private DremioKeys() {
    }
}
