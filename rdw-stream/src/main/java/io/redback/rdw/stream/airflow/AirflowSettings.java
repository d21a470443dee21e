package io.redback.rdw.stream.airflow;

import io.redback.rdw.ConfigKey;
import io.redback.rdw.ConfigurationException;
import io.redback.rdw.RdwConfig;
import io.redback.rdw.Secret;
import io.redback.rdw.stream.Airflow.ApiVersion;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Where Airflow is and how to log in.
 *
 * @param url      the base URL, without {@code /api} and without a trailing slash: {@code http://host:8080}
 * @param username the user, or {@code null} when Airflow needs no login
 * @param password the user's password, or {@code null}
 * @param api      the API generation to use, or {@code null} to detect it
 * @param timeout  how long one HTTP call may take
 */
record AirflowSettings(String url, String username, Secret password, ApiVersion api, Duration timeout) {
    static final ConfigKey URL = ConfigKey.of("rdw.airflow.url",
            "Airflow's base URL (without /api), e.g. http://127.0.0.1:8080; DAGs are triggered through its REST API")
            .env("RDW_AIRFLOW_URL", "AIRFLOW_URL").type(ConfigKey.Type.URL);
    static final ConfigKey USERNAME = ConfigKey.of("rdw.airflow.username", "The Airflow user the REST API is called as")
            .env("RDW_AIRFLOW_USERNAME", "AIRFLOW_USERNAME");
    static final ConfigKey PASSWORD = ConfigKey.of("rdw.airflow.password", "The Airflow user's password")
            .env("RDW_AIRFLOW_PASSWORD", "AIRFLOW_PASSWORD").secret();
    static final ConfigKey API = ConfigKey.of("rdw.airflow.api",
            "Airflow's REST API: v1 (Airflow 2), v2 (Airflow 3) or auto (asked of Airflow on first use)")
            .env("RDW_AIRFLOW_API").defaultValue("auto");
    static final ConfigKey TIMEOUT = ConfigKey.of("rdw.airflow.timeout", "How long one call to Airflow's REST API may take")
            .env("RDW_AIRFLOW_TIMEOUT").defaultValue("30s").type(ConfigKey.Type.DURATION);

    static final List<ConfigKey> KEYS = List.of(URL, USERNAME, PASSWORD, API, TIMEOUT);

    /** How messages name the credentials: the keys and their environment variables, never the values. */
    static final String CREDENTIAL_KEYS = USERNAME.describe() + " and " + PASSWORD.describe();

    static AirflowSettings from(RdwConfig config) {
        List<String> problems = problems(config);
        if (!problems.isEmpty()) {
            throw new ConfigurationException(String.join("; ", problems));
        }
        String url = config.require(URL).strip();
        url = url.contains("://") ? url : "http://" + url;
        while (url.endsWith("/")) {
            url = url.substring(0, url.length() - 1);
        }
        if (url.endsWith("/api/v1") || url.endsWith("/api/v2")) {
            url = url.substring(0, url.length() - "/api/v1".length());
        }
        return new AirflowSettings(url, config.get(USERNAME).filter(u -> !u.isBlank()).orElse(null),
                config.secret(PASSWORD).orElse(null), api(config).orElse(null), config.duration(TIMEOUT));
    }

    /** What is wrong with the settings beyond each value's kind, naming keys but never showing a secret. */
    static List<String> problems(RdwConfig config) {
        List<String> problems = new ArrayList<>();
        Optional<String> url = config.get(URL).map(String::strip);
        if (url.isPresent() && url.get().contains("://") && !url.get().matches("(?i)https?://.+")) {
            problems.add(URL.describe() + " must be an http(s) URL, e.g. http://127.0.0.1:8080");
        }
        boolean user = config.get(USERNAME).filter(u -> !u.isBlank()).isPresent();
        boolean password = config.get(PASSWORD).filter(p -> !p.isEmpty()).isPresent();
        if (user && !password) {
            problems.add(USERNAME.describe() + " is set but " + PASSWORD.describe() + " is not");
        } else if (password && !user) {
            problems.add(PASSWORD.describe() + " is set but " + USERNAME.describe() + " is not");
        }
        String api = config.get(API).orElse("auto").strip().toLowerCase(Locale.ROOT);
        if (!List.of("auto", "v1", "v2").contains(api)) {
            problems.add(API.describe() + " must be auto, v1 or v2, not " + api);
        }
        return problems;
    }

    private static Optional<ApiVersion> api(RdwConfig config) {
        return switch (config.get(API).orElse("auto").strip().toLowerCase(Locale.ROOT)) {
            case "v1" -> Optional.of(ApiVersion.V1);
            case "v2" -> Optional.of(ApiVersion.V2);
            default -> Optional.empty();
        };
    }

    @Override
    public String toString() {
        return "AirflowSettings[" + url + ", user " + username + ", api " + (api == null ? "auto" : api) + "]";
    }
}
