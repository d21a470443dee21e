package io.redback.rdw.stream.mqtt;

import io.redback.rdw.ConfigKey;
import io.redback.rdw.ConfigurationException;
import io.redback.rdw.RdwConfig;
import io.redback.rdw.spi.Provider;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.ServiceLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The MQTT settings and their checks. */
class MqttConfigTest {
    private static final String MQTT_PASSWORD = "pw-Secret-mqtt-42";

    private final MqttProvider provider = new MqttProvider();

    private static RdwConfig config(Map<String, String> environment) {
        return RdwConfig.builder().noFile().systemProperties(new Properties()).environment(environment).build();
    }

    /** The values as set, with the MQTT keys known but unchecked, so that the provider checks them itself. */
    private static RdwConfig unchecked(Map<String, String> environment) {
        Provider declaring = new Provider() {
            @Override
            public String name() {
                return "declaring";
            }

            @Override
            public List<ConfigKey> keys() {
                return MqttSettings.KEYS;
            }
        };
        return RdwConfig.builder().noFile().systemProperties(new Properties()).environment(environment)
                .providers(List.of(declaring)).build();
    }

    @Test
    void theProviderIsRegisteredAndDeclaresTheMqttSettings() {
        assertThat(ServiceLoader.load(Provider.class)).anySatisfy(p -> assertThat(p).isInstanceOf(MqttProvider.class));
        assertThat(provider.name()).isEqualTo("mqtt");
        assertThat(provider.keys()).extracting(ConfigKey::name).containsExactly("rdw.mqtt.url", "rdw.mqtt.host",
                "rdw.mqtt.port", "rdw.mqtt.username", "rdw.mqtt.password", "rdw.mqtt.timeout", "rdw.mqtt.client-id",
                "rdw.mqtt.max-message");
        assertThat(MqttSettings.PASSWORD.isSecret()).isTrue();
        assertThat(MqttSettings.URL.env()).containsExactly("RDW_MQTT_URL", "MQTT_BROKER_URL");
    }

    @Test
    void readsAUrlOfEachSchemeWithItsDefaultPort() {
        MqttSettings tcp = MqttSettings.from(config(Map.of("MQTT_BROKER_URL", "tcp://broker")));
        MqttSettings mqtts = MqttSettings.from(config(Map.of("MQTT_BROKER_URL", "MQTTS://broker.example")));
        MqttSettings ssl = MqttSettings.from(config(Map.of("MQTT_BROKER_URL", "ssl://[::1]:9883/")));

        assertThat(tcp).extracting(MqttSettings::where, MqttSettings::transport)
                .containsExactly("broker:1883", MqttSettings.Transport.PLAIN);
        assertThat(mqtts).extracting(MqttSettings::where, MqttSettings::transport)
                .containsExactly("broker.example:8883", MqttSettings.Transport.TLS);
        assertThat(ssl.where()).isEqualTo("[::1]:9883");
        assertThat(tcp.timeout()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void readsHostPortAndCredentialsWithoutShowingThePassword() {
        MqttSettings s = MqttSettings.from(config(Map.of("MQTT_HOST", "mosquitto", "MQTT_PORT", "1884",
                "MQTT_USERNAME", "bot", "MQTT_PASSWORD", MQTT_PASSWORD, "RDW_MQTT_TIMEOUT", "3s")));

        assertThat(s.where()).isEqualTo("mosquitto:1884");
        assertThat(s.transport()).isEqualTo(MqttSettings.Transport.PLAIN);
        assertThat(s.username()).isEqualTo("bot");
        assertThat(s.password().reveal()).isEqualTo(MQTT_PASSWORD);
        assertThat(s.timeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(s.toString()).doesNotContain(MQTT_PASSWORD);
    }

    @Test
    void aUrlOfAnotherSchemeIsAProblem() {
        List<String> problems = provider.validate(unchecked(Map.of("MQTT_BROKER_URL", "http://broker:1883")));

        assertThat(problems).singleElement().satisfies(p -> assertThat(p).contains("MQTT_BROKER_URL").contains("'http'")
                .contains("tcp, mqtt, ssl or mqtts"));
        assertThatThrownBy(() -> config(Map.of("MQTT_BROKER_URL", "http://broker:1883")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("MQTT_BROKER_URL");
        assertThat(provider.validate(unchecked(Map.of("RDW_MQTT_URL", "broker:1883")))).singleElement()
                .satisfies(p -> assertThat(p).contains("RDW_MQTT_URL").contains("not a URL with a scheme"));
    }

    @Test
    void credentialsInTheUrlAreAProblemThatDoesNotShowThem() {
        List<String> problems = provider.validate(unchecked(Map.of("MQTT_BROKER_URL",
                "tcp://bot:" + MQTT_PASSWORD + "@broker:1883")));

        assertThat(problems).singleElement().satisfies(p -> assertThat(p).contains("credentials")
                .contains("MQTT_USERNAME").doesNotContain(MQTT_PASSWORD));
    }

    @Test
    void aUrlAndAHostOrPortThatDisagreeAreAProblem() {
        assertThat(provider.validate(unchecked(Map.of("MQTT_BROKER_URL", "tcp://broker:1883", "MQTT_HOST", "other"))))
                .singleElement().satisfies(p -> assertThat(p).contains("MQTT_BROKER_URL").contains("MQTT_HOST")
                        .contains("different hosts"));
        assertThat(provider.validate(unchecked(Map.of("MQTT_BROKER_URL", "ssl://broker", "MQTT_PORT", "1883"))))
                .singleElement().satisfies(p -> assertThat(p).contains("MQTT_PORT").contains("8883, 1883"));
        assertThat(provider.validate(unchecked(Map.of("MQTT_BROKER_URL", "tcp://broker:1884", "MQTT_HOST", "BROKER",
                "MQTT_PORT", "1884")))).isEmpty();
    }

    @Test
    void aPasswordNeedsAUserAndTheTimeoutMustBePositive() {
        List<String> problems = provider.validate(unchecked(Map.of("MQTT_HOST", "broker", "MQTT_PASSWORD",
                MQTT_PASSWORD, "RDW_MQTT_TIMEOUT", "0s")));

        assertThat(problems).anySatisfy(p -> assertThat(p).contains("MQTT_PASSWORD) is set but").contains("MQTT_USERNAME"))
                .anySatisfy(p -> assertThat(p).contains("RDW_MQTT_TIMEOUT"))
                .allSatisfy(p -> assertThat(p).doesNotContain(MQTT_PASSWORD));
        assertThat(provider.validate(unchecked(Map.of("MQTT_HOST", "broker", "MQTT_USERNAME", "bot")))).isEmpty();
    }

    @Test
    void aMisconfiguredBrokerIsDownWithTheProblem() {
        assertThat(provider.health(unchecked(Map.of("MQTT_BROKER_URL", "ws://broker")))).singleElement()
                .satisfies(h -> assertThat(h.message()).contains("MQTT_BROKER_URL").contains("'ws'"));
    }
}
