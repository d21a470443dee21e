package io.redback.rdw.stream.mqtt;

import io.redback.rdw.ConfigKey;
import io.redback.rdw.ConfigurationException;
import io.redback.rdw.RdwConfig;
import io.redback.rdw.Secret;
import io.redback.rdw.helpers.Units;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Where the MQTT broker (Mosquitto) is and how to log in: a URL ({@code tcp://host:1883}, {@code ssl://host:8883}) or
 * a host and port. The URL is never echoed in a message: a URL may carry a password ({@code tcp://user:pw@host}).
 *
 * @param host      the broker's host name or address
 * @param port      its port
 * @param transport plain TCP, or TLS checked against the JVM's default trust store
 * @param username  the user, or {@code null} to connect anonymously
 * @param password  the user's password, or {@code null}
 * @param timeout   how long connecting and the broker's answer may take, together
 */
record MqttSettings(String host, int port, Transport transport, String username, Secret password, Duration timeout) {

    /** How the connection is made. */
    enum Transport {
        /** Plain TCP: {@code tcp://} or {@code mqtt://}, port 1883 unless given. */
        PLAIN,
        /** TLS: {@code ssl://} or {@code mqtts://}, port 8883 unless given. */
        TLS
    }

    static final ConfigKey URL = ConfigKey.of("rdw.mqtt.url",
            "The MQTT broker (Mosquitto) as a URL: tcp://host:1883 or mqtt://..., ssl://host:8883 or mqtts://... for "
                    + "TLS; setting it adds the broker to rdw doctor").env("RDW_MQTT_URL", "MQTT_BROKER_URL");
    static final ConfigKey HOST = ConfigKey.of("rdw.mqtt.host",
            "Host of the MQTT broker (Mosquitto), instead of the URL; setting it adds the broker to rdw doctor")
            .env("MQTT_HOST");
    static final ConfigKey PORT = ConfigKey.of("rdw.mqtt.port", "Port of the MQTT broker, with rdw.mqtt.host")
            .env("MQTT_PORT").defaultValue("1883").type(ConfigKey.Type.PORT);
    static final ConfigKey USERNAME = ConfigKey.of("rdw.mqtt.username", "The user rdw connects to the MQTT broker as")
            .env("MQTT_USERNAME");
    static final ConfigKey PASSWORD = ConfigKey.of("rdw.mqtt.password", "The MQTT user's password")
            .env("MQTT_PASSWORD").secret();
    static final ConfigKey TIMEOUT = ConfigKey.of("rdw.mqtt.timeout",
            "How long connecting to the MQTT broker and its answer may take").env("RDW_MQTT_TIMEOUT")
            .defaultValue("10s").type(ConfigKey.Type.DURATION);

    static final ConfigKey CLIENT_ID = ConfigKey.of("rdw.mqtt.client-id",
            "The client id rdw mqtt ingest keeps its broker session under (default: one derived from the project and "
                    + "the topic filter); two ingesters must not share one").env("RDW_MQTT_CLIENT_ID");
    static final ConfigKey MAX_MESSAGE = ConfigKey.of("rdw.mqtt.max-message",
            "The largest MQTT payload rdw mqtt ingest stores; a larger one is listed in its batch's rejects")
            .env("RDW_MQTT_MAX_MESSAGE").defaultValue("1MiB").type(ConfigKey.Type.SIZE);

    static final List<ConfigKey> KEYS = List.of(URL, HOST, PORT, USERNAME, PASSWORD, TIMEOUT, CLIENT_ID, MAX_MESSAGE);

    /** How messages name the credentials: the keys and their environment variables, never the values. */
    static final String CREDENTIAL_KEYS = USERNAME.env().get(0) + " and " + PASSWORD.env().get(0) + " (keys "
            + USERNAME.name() + " and " + PASSWORD.name() + ")";

    private static final int PLAIN_PORT = 1883;
    private static final int TLS_PORT = 8883;
    /** An MQTT string or binary field is at most this many bytes (its length is two bytes). */
    static final int MAX_FIELD = 65535;

    /** Whether a broker is configured: a URL or a host. */
    static boolean configured(RdwConfig config) {
        return config.isSet(URL) || config.isSet(HOST);
    }

    static MqttSettings from(RdwConfig config) {
        List<String> problems = problems(config);
        if (!problems.isEmpty()) {
            throw new ConfigurationException(String.join("; ", problems));
        }
        String username = config.get(USERNAME).filter(u -> !u.isBlank()).orElse(null);
        Secret password = config.secret(PASSWORD).filter(p -> !p.reveal().isEmpty()).orElse(null);
        Duration timeout = config.duration(TIMEOUT);
        Optional<URI> url = config.get(URL).map(String::strip).map(MqttSettings::parse);
        if (url.isPresent()) {
            Transport transport = transport(url.get()).orElseThrow();
            int port = url.get().getPort() > 0 ? url.get().getPort() : defaultPort(transport);
            return new MqttSettings(url.get().getHost(), port, transport, username, password, timeout);
        }
        return new MqttSettings(config.require(HOST).strip(), config.integer(PORT), Transport.PLAIN, username, password,
                timeout);
    }

    /** What is wrong with the settings beyond each value's kind, naming keys but never showing a secret or the URL. */
    static List<String> problems(RdwConfig config) {
        List<String> problems = new ArrayList<>();
        Optional<String> url = config.get(URL).map(String::strip).filter(u -> !u.isEmpty());
        if (url.isPresent()) {
            urlProblems(config, url.get(), problems);
        }
        boolean user = config.get(USERNAME).filter(u -> !u.isBlank()).isPresent();
        boolean password = config.get(PASSWORD).filter(p -> !p.isEmpty()).isPresent();
        if (password && !user) {
            // MQTT 3.1.1 (3.1.2.9) sends a password only after a user name
            problems.add(PASSWORD.describe() + " is set but " + USERNAME.describe() + " is not");
        }
        if (config.get(USERNAME).filter(u -> u.getBytes(StandardCharsets.UTF_8).length > MAX_FIELD).isPresent()) {
            problems.add(USERNAME.describe() + " is longer than MQTT's " + MAX_FIELD + " bytes");
        }
        if (config.get(PASSWORD).filter(p -> p.getBytes(StandardCharsets.UTF_8).length > MAX_FIELD).isPresent()) {
            problems.add(PASSWORD.describe() + " is longer than MQTT's " + MAX_FIELD + " bytes");
        }
        config.get(TIMEOUT).ifPresent(v -> {
            // a socket timeout of 0 would wait for ever
            try {
                if (Units.duration(v).toMillis() < 1) {
                    problems.add(TIMEOUT.describe() + " must be at least 1ms");
                }
            } catch (RuntimeException e) {
                problems.add(TIMEOUT.describe() + " must be a duration such as 10s");
            }
        });
        return problems;
    }

    private static void urlProblems(RdwConfig config, String value, List<String> problems) {
        URI uri = parse(value);
        String example = ", e.g. tcp://127.0.0.1:1883 or ssl://broker:8883";
        if (uri == null || uri.getScheme() == null || !value.contains("://")) {
            problems.add(URL.describe() + " is not a URL with a scheme and a host" + example);
            return;
        }
        if (transport(uri).isEmpty()) {
            // the scheme alone is shown: it cannot hold a password, the rest of the URL can
            String scheme = uri.getScheme().matches("[A-Za-z][A-Za-z0-9+.-]{0,15}") ? " '" + uri.getScheme() + "'" : "";
            problems.add(URL.describe() + " has the scheme" + scheme + "; expected tcp, mqtt, ssl or mqtts" + example);
            return;
        }
        if (uri.getRawUserInfo() != null) {
            problems.add(URL.describe() + " carries credentials in the URL; give them in " + CREDENTIAL_KEYS);
            return;
        }
        if (uri.getHost() == null) {
            problems.add(URL.describe() + " has no host" + example);
            return;
        }
        if (uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/")
                || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            problems.add(URL.describe() + " has a path or query; an MQTT broker's URL is scheme://host:port" + example);
        }
        config.get(HOST).map(String::strip).filter(h -> !h.isEmpty() && !sameHost(h, uri.getHost())).ifPresent(h ->
                problems.add(URL.describe() + " and " + HOST.describe() + " name different hosts (" + uri.getHost()
                        + ", " + h + "): set one of them"));
        if (config.isSet(PORT)) {
            int port = uri.getPort() > 0 ? uri.getPort() : defaultPort(transport(uri).get());
            config.get(PORT).map(String::strip).filter(p -> !p.equals(Integer.toString(port))).ifPresent(p ->
                    problems.add(URL.describe() + " and " + PORT.describe() + " name different ports (" + port + ", "
                            + p + "): set one of them"));
        }
    }

    private static boolean sameHost(String a, String b) {
        return unbracketed(a).equalsIgnoreCase(unbracketed(b));
    }

    private static String unbracketed(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /** The URL, or {@code null} when it is none. */
    private static URI parse(String value) {
        try {
            return new URI(value);
        } catch (URISyntaxException e) {
            return null;
        }
    }

    private static Optional<Transport> transport(URI uri) {
        return switch (uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT)) {
            case "tcp", "mqtt" -> Optional.of(Transport.PLAIN);
            case "ssl", "mqtts" -> Optional.of(Transport.TLS);
            default -> Optional.empty();
        };
    }

    private static int defaultPort(Transport transport) {
        return transport == Transport.TLS ? TLS_PORT : PLAIN_PORT;
    }

    /** {@code host:port} ({@code [::1]:1883} for an IPv6 address), for messages: never credentials. */
    String where() {
        String h = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        return h + ":" + port;
    }

    @Override
    public String toString() {
        return "MqttSettings[" + (transport == Transport.TLS ? "ssl://" : "tcp://") + where() + ", user "
                + (username == null ? "none" : username) + ", timeout " + timeout + "]";
    }
}
