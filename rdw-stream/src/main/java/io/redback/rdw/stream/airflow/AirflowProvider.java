package io.redback.rdw.stream.airflow;

import io.redback.rdw.ConfigKey;
import io.redback.rdw.Health;
import io.redback.rdw.RdwConfig;
import io.redback.rdw.RdwException;
import io.redback.rdw.spi.Provider;

import java.time.Duration;
import java.util.List;

/**
 * Airflow's settings ({@code AIRFLOW_URL}, {@code AIRFLOW_USERNAME}, {@code AIRFLOW_PASSWORD},
 * {@code RDW_AIRFLOW_API}), so that {@code rdw config} lists and checks them, and its health when the URL is set.
 * Nothing is opened from here: {@link io.redback.rdw.stream.Airflow#connect()} opens a client.
 */
public final class AirflowProvider implements Provider {
    /** A health check waits this long at most, whatever {@code rdw.airflow.timeout} says. */
    private static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(5);

    @Override
    public String name() {
        return "airflow";
    }

    @Override
    public List<ConfigKey> keys() {
        return AirflowSettings.KEYS;
    }

    @Override
    public List<String> validate(RdwConfig config) {
        return AirflowSettings.problems(config);
    }

    /** {@code GET /api/v1|v2/version} when {@code rdw.airflow.url} is set; nothing otherwise. */
    @Override
    public List<Health> health(RdwConfig config) {
        if (!config.isSet(AirflowSettings.URL)) {
            return List.of();
        }
        String backend = "airflow " + config.get(AirflowSettings.URL).orElse("");
        long start = System.nanoTime();
        try {
            AirflowSettings s = AirflowSettings.from(config);
            backend = "airflow " + s.url();
            Duration timeout = s.timeout().compareTo(HEALTH_TIMEOUT) < 0 ? s.timeout() : HEALTH_TIMEOUT;
            AirflowSettings quick = new AirflowSettings(s.url(), s.username(), s.password(), s.api(), timeout);
            try (AirflowClient client = new AirflowClient(quick, Duration.ofSeconds(1), Duration.ofSeconds(1))) {
                String version = client.version();
                return List.of(Health.up("airflow", backend, Duration.ofNanos(System.nanoTime() - start),
                        "Airflow " + version + " answers on its REST API " + client.apiVersion().name().toLowerCase()));
            }
        } catch (RdwException e) {
            return List.of(Health.down("airflow", backend, Duration.ofNanos(System.nanoTime() - start), e.getMessage()));
        }
    }
}
