package io.redback.rdw.stream.mqtt;

import io.redback.rdw.ConfigKey;
import io.redback.rdw.Health;
import io.redback.rdw.RdwConfig;
import io.redback.rdw.RdwException;
import io.redback.rdw.helpers.Failures;
import io.redback.rdw.spi.Provider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLException;

/**
 * The MQTT broker's settings ({@code MQTT_BROKER_URL} or {@code MQTT_HOST}/{@code MQTT_PORT}, {@code MQTT_USERNAME},
 * {@code MQTT_PASSWORD}), so that {@code rdw config} lists and checks them, and its health when one is configured:
 * an MQTT 3.1.1 CONNECT that the broker must accept. rdw publishes nothing to MQTT; the check is for the warehouse's
 * other services that do.
 */
public final class MqttProvider implements Provider {
    private static final Logger LOG = LoggerFactory.getLogger(MqttProvider.class);
    private static final String ROLE = "mqtt";

    @Override
    public String name() {
        return "mqtt";
    }

    @Override
    public List<ConfigKey> keys() {
        return MqttSettings.KEYS;
    }

    @Override
    public List<String> validate(RdwConfig config) {
        return MqttSettings.problems(config);
    }

    /** One CONNECT to the broker when {@code rdw.mqtt.url} or {@code rdw.mqtt.host} is set; nothing otherwise. */
    @Override
    public List<Health> health(RdwConfig config) {
        if (!MqttSettings.configured(config)) {
            return List.of();
        }
        long start = System.nanoTime();
        MqttSettings settings;
        try {
            settings = MqttSettings.from(config);
        } catch (RdwException e) {
            return List.of(Health.down(ROLE, ROLE, elapsed(start), e.getMessage()));
        }
        return List.of(check(settings, addressKeys(config), start));
    }

    private static Health check(MqttSettings settings, String addressKeys, long start) {
        String backend = ROLE + " " + settings.where();
        String broker = "the MQTT broker at " + settings.where();
        try {
            int code = MqttProbe.connect(settings, MqttProbe.newClientId());
            if (code == MqttProbe.ACCEPTED) {
                return Health.up(ROLE, backend, elapsed(start), "the broker accepted a connection (MQTT 3.1.1)");
            }
            LOG.debug("{} refused the health check's connection with return code {}", broker, code);
            return Health.down(ROLE, backend, elapsed(start), broker + " refused the connection: "
                    + MqttProbe.refusal(code, settings));
        } catch (MqttProbe.NotMqttException e) {
            String tls = settings.transport() == MqttSettings.Transport.TLS
                    ? "does this port speak TLS? (tcp:// is plain MQTT)"
                    : "does this port expect TLS? (then use ssl://)";
            return Health.down(ROLE, backend, elapsed(start), broker + " " + e.getMessage() + ": is it an MQTT broker, "
                    + "and " + tls + " Check " + addressKeys);
        } catch (SSLException e) {
            return Health.down(ROLE, backend, elapsed(start), "the TLS handshake with " + broker + " failed ("
                    + e.getMessage() + "): check that the port speaks TLS and that the broker's certificate names "
                    + settings.host() + " and is trusted by the JVM's default trust store");
        } catch (IOException e) {
            return Health.down(ROLE, backend, elapsed(start), broker + " is unreachable ("
                    + Failures.unreachable(e, settings.timeout()) + "): check that the broker runs and " + addressKeys);
        }
    }

    /** The settings that say where the broker is, as this configuration gives them, for messages. */
    private static String addressKeys(RdwConfig config) {
        return config.isSet(MqttSettings.URL) ? MqttSettings.URL.describe()
                : MqttSettings.HOST.describe() + " and " + MqttSettings.PORT.describe();
    }

    private static Duration elapsed(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
