package io.redback.rdw.query.dremio;

import io.redback.rdw.ConfigurationException;
import io.redback.rdw.RdwConfig;
import io.redback.rdw.Secret;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * How to reach Dremio. Either a user and password or a personal access token; secrets print as {@code ******}.
 *
 * @param restUrl    the REST base URL, e.g. {@code http://127.0.0.1:9047}
 * @param username   user, or {@code null} with a token
 * @param password   password, or {@code null} with a token
 * @param token      personal access token, or {@code null}
 * @param flightHost Arrow Flight host
 * @param flightPort Arrow Flight port (32010)
 * @param tls        TLS on the Flight connection
 * @param timeout    the longest a query may run before it is cancelled
 */
record DremioSettings(URI restUrl, String username, Secret password, Secret token, String flightHost,
                             int flightPort, boolean tls, Duration timeout) {

    /** The user's settings ({@code DREMIO_URL}, {@code DREMIO_USERNAME}, {@code DREMIO_PASSWORD} or a token). */
    public static DremioSettings from(RdwConfig config) {
        return of(config, config.get(DremioKeys.USERNAME).orElse(null), config.secret(DremioKeys.PASSWORD));
    }

    /** The administrator's settings, for registering datasets and views: never used for users' queries. */
    public static DremioSettings admin(RdwConfig config) {
        String user = config.get(DremioKeys.ADMIN_USERNAME).orElseThrow(() -> new ConfigurationException(
                "registering datasets needs Dremio administrator credentials: set the "
                        + DremioKeys.ADMIN_USERNAME.describe() + " and " + DremioKeys.ADMIN_PASSWORD.describe()));
        Secret password = config.secret(DremioKeys.ADMIN_PASSWORD).orElseThrow(() -> new ConfigurationException(
                DremioKeys.ADMIN_PASSWORD.name() + " is not set: set the " + DremioKeys.ADMIN_PASSWORD.describe()));
        return new DremioSettings(restUrl(config), user, password, null, flightHost(config),
                config.integer(DremioKeys.FLIGHT_PORT), config.flag(DremioKeys.TLS),
                config.duration(DremioKeys.TIMEOUT));
    }

    private static DremioSettings of(RdwConfig config, String user, Optional<Secret> password) {
        Secret token = config.secret(DremioKeys.TOKEN).orElse(null);
        if (token == null && (user == null || password.isEmpty())) {
            throw new ConfigurationException("Dremio needs credentials: set " + DremioKeys.USERNAME.describe() + " and "
                    + DremioKeys.PASSWORD.describe() + ", or " + DremioKeys.TOKEN.describe());
        }
        return new DremioSettings(restUrl(config), token == null ? user : null, token == null ? password.get() : null,
                token, flightHost(config), config.integer(DremioKeys.FLIGHT_PORT), config.flag(DremioKeys.TLS),
                config.duration(DremioKeys.TIMEOUT));
    }

    private static URI restUrl(RdwConfig config) {
        String url = config.require(DremioKeys.URL);
        return URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
    }

    private static String flightHost(RdwConfig config) {
        return config.get(DremioKeys.FLIGHT_HOST).orElseGet(() -> restUrl(config).getHost());
    }

    public DremioSettings withTimeout(Duration value) {
        return new DremioSettings(restUrl, username, password, token, flightHost, flightPort, tls, value);
    }

    public DremioSettings withRestUrl(URI value) {
        return new DremioSettings(value, username, password, token, flightHost, flightPort, tls, timeout);
    }

    public DremioSettings withFlight(String host, int port) {
        return new DremioSettings(restUrl, username, password, token, host, port, tls, timeout);
    }
}
