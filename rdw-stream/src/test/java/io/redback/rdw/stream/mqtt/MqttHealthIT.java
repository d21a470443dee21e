package io.redback.rdw.stream.mqtt;

import io.redback.rdw.Health;
import io.redback.rdw.RdwConfig;
import io.redback.rdw.WarehouseClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/** The MQTT health check against a real Mosquitto: up, stopped, with a user, refused, and peers that are no broker. */
class MqttHealthIT {
    private static final String USER = "rdw-mqtt-user";
    private static final String MQTT_PASSWORD = "rdw-test-SECRET-mqtt";
    private static final String WRONG_PASSWORD = "rdw-test-SECRET-wrong-mqtt";

    private final MqttProvider provider = new MqttProvider();

    @TempDir
    Path folder;

    private static RdwConfig config(Map<String, String> environment) {
        return RdwConfig.builder().noFile().systemProperties(new Properties()).environment(environment).build();
    }

    private Health health(Map<String, String> environment) {
        List<Health> health = provider.health(config(environment));
        assertThat(health).hasSize(1);
        return health.get(0);
    }

    @Test
    void aRunningBrokerIsUpWhetherGivenAsAUrlOrAsHostAndPort() throws Exception {
        try (TestMosquitto broker = TestMosquitto.anonymous(folder)) {
            String where = "127.0.0.1:" + broker.port();
            for (Map<String, String> env : List.of(Map.of("MQTT_BROKER_URL", "tcp://" + where),
                    Map.of("RDW_MQTT_URL", "mqtt://" + where + "/"),
                    Map.of("MQTT_HOST", "127.0.0.1", "MQTT_PORT", Integer.toString(broker.port())))) {
                Health h = health(env);

                assertThat(h.status()).as(h.toString()).isEqualTo(Health.Status.UP);
                assertThat(h.component()).isEqualTo("mqtt");
                assertThat(h.backend()).isEqualTo("mqtt " + where);
                assertThat(h.message()).isEqualTo("the broker accepted a connection (MQTT 3.1.1)");
                assertThat(h.latency()).isPositive();
            }
            assertThat(broker.log()).contains("as rdw-doctor-").contains("(p2, c1, k10");
        }
    }

    @Test
    void warehouseClientHealthShowsTheBroker() throws Exception {
        try (TestMosquitto broker = TestMosquitto.anonymous(folder);
             WarehouseClient dw = WarehouseClient.builder().config(RdwConfig.builder().noFile()
                     .systemProperties(new Properties()).environment(Map.of("MQTT_HOST", "127.0.0.1", "MQTT_PORT",
                             Integer.toString(broker.port()))).set(RdwConfig.WAREHOUSE, folder.resolve("dw").toString())
                     .build()).build()) {
            assertThat(dw.health()).filteredOn(h -> h.component().equals("mqtt")).singleElement()
                    .satisfies(h -> assertThat(h.status()).as(h.toString()).isEqualTo(Health.Status.UP));
        }
    }

    @Test
    void aStoppedBrokerIsDownNamingItsAddress() throws Exception {
        int port;
        try (TestMosquitto broker = TestMosquitto.anonymous(folder)) {
            port = broker.port();
        }
        Health h = health(Map.of("MQTT_BROKER_URL", "tcp://127.0.0.1:" + port));

        assertThat(h.status()).isEqualTo(Health.Status.DOWN);
        assertThat(h.backend()).isEqualTo("mqtt 127.0.0.1:" + port);
        assertThat(h.message()).contains("127.0.0.1:" + port).contains("connection refused")
                .contains("MQTT_BROKER_URL");
    }

    @Test
    void aBrokerWithUsersAcceptsTheRightPassword() throws Exception {
        try (TestMosquitto broker = TestMosquitto.withUser(folder, USER, MQTT_PASSWORD)) {
            Health h = health(Map.of("MQTT_BROKER_URL", "tcp://127.0.0.1:" + broker.port(), "MQTT_USERNAME", USER,
                    "MQTT_PASSWORD", MQTT_PASSWORD));

            assertThat(h.status()).as(h.toString()).isEqualTo(Health.Status.UP);
            assertThat(h.toString()).doesNotContain(MQTT_PASSWORD);
            assertThat(broker.log()).contains("u'" + USER + "'");
        }
    }

    @Test
    void aWrongPasswordIsDownNamingTheSettingsButNotThePassword() throws Exception {
        try (TestMosquitto broker = TestMosquitto.withUser(folder, USER, MQTT_PASSWORD)) {
            Health h = health(Map.of("MQTT_HOST", "127.0.0.1", "MQTT_PORT", Integer.toString(broker.port()),
                    "MQTT_USERNAME", USER, "MQTT_PASSWORD", WRONG_PASSWORD));

            assertThat(h.status()).isEqualTo(Health.Status.DOWN);
            assertThat(h.message()).contains("127.0.0.1:" + broker.port()).contains("return code 5")
                    .contains("MQTT_USERNAME").contains("MQTT_PASSWORD");
            assertThat(h.toString()).doesNotContain(WRONG_PASSWORD).doesNotContain(MQTT_PASSWORD);

            Health anonymous = health(Map.of("MQTT_HOST", "127.0.0.1", "MQTT_PORT", Integer.toString(broker.port())));
            assertThat(anonymous.status()).isEqualTo(Health.Status.DOWN);
            assertThat(anonymous.message()).contains("does not accept anonymous clients").contains("MQTT_USERNAME");
        }
    }

    @Test
    void tlsToAPlainListenerIsDownSayingSo() throws Exception {
        try (TestMosquitto broker = TestMosquitto.anonymous(folder)) {
            Health h = health(Map.of("MQTT_BROKER_URL", "ssl://127.0.0.1:" + broker.port(), "RDW_MQTT_TIMEOUT", "5s"));

            assertThat(h.status()).isEqualTo(Health.Status.DOWN);
            assertThat(h.backend()).isEqualTo("mqtt 127.0.0.1:" + broker.port());
            assertThat(h.message()).contains("TLS handshake").contains("127.0.0.1:" + broker.port())
                    .contains("default trust store");
        }
    }

    @Test
    void aConfigurationWithoutABrokerHasNoMqttEntry() {
        assertThat(provider.health(config(Map.of()))).isEmpty();
    }

    @Test
    void aPeerThatNeverAnswersIsDownWithinTheTimeout() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            long start = System.nanoTime();
            Health h = health(Map.of("MQTT_HOST", "127.0.0.1", "MQTT_PORT", Integer.toString(silent.getLocalPort()),
                    "RDW_MQTT_TIMEOUT", "1s"));

            assertThat(h.status()).isEqualTo(Health.Status.DOWN);
            assertThat(h.message()).contains("no answer within 1 s").contains("MQTT_HOST");
            assertThat(System.nanoTime() - start).isLessThan(10_000_000_000L);
        }
    }

    @Test
    void aPeerThatIsNoBrokerIsDownAskingWhetherItIsOne() throws Exception {
        try (ServerSocket http = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread answer = new Thread(() -> {
                try (Socket s = http.accept(); InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
                    in.read(new byte[64]);
                    out.write("HTTP/1.1 400 Bad Request\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                } catch (IOException e) {
                    // the test's assertions say what went wrong
                }
            });
            answer.start();
            Health h = health(Map.of("MQTT_BROKER_URL", "tcp://127.0.0.1:" + http.getLocalPort()));
            answer.join(10_000);

            assertThat(h.status()).isEqualTo(Health.Status.DOWN);
            assertThat(h.message()).contains("type 0x48").contains("is it an MQTT broker");
        }
    }
}
