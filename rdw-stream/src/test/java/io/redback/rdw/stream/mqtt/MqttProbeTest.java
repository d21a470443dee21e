package io.redback.rdw.stream.mqtt;

import io.redback.rdw.Secret;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The probe's packets, byte for byte as MQTT 3.1.1 writes them, and its reading of a CONNACK. */
class MqttProbeTest {
    private static final HexFormat HEX = HexFormat.of();

    private static MqttSettings settings(String user, String password) {
        return new MqttSettings("broker", 1883, MqttSettings.Transport.PLAIN, user,
                password == null ? null : Secret.of(password), Duration.ofSeconds(10));
    }

    @Test
    void encodesTheRemainingLengthInOneToFourBytes() {
        // the boundaries of MQTT 3.1.1's table 2.4
        assertThat(HEX.formatHex(MqttProbe.remainingLength(0))).isEqualTo("00");
        assertThat(HEX.formatHex(MqttProbe.remainingLength(127))).isEqualTo("7f");
        assertThat(HEX.formatHex(MqttProbe.remainingLength(128))).isEqualTo("8001");
        assertThat(HEX.formatHex(MqttProbe.remainingLength(16_383))).isEqualTo("ff7f");
        assertThat(HEX.formatHex(MqttProbe.remainingLength(16_384))).isEqualTo("808001");
        assertThat(HEX.formatHex(MqttProbe.remainingLength(2_097_151))).isEqualTo("ffff7f");
        assertThat(HEX.formatHex(MqttProbe.remainingLength(2_097_152))).isEqualTo("80808001");
        assertThat(HEX.formatHex(MqttProbe.remainingLength(268_435_455))).isEqualTo("ffffff7f");
        assertThatThrownBy(() -> MqttProbe.remainingLength(268_435_456)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anAnonymousConnectAsksForACleanSessionAndA10SecondKeepAlive() {
        byte[] packet = MqttProbe.connectPacket("rdw-doctor-0123456789ab", settings(null, null));

        assertThat(HEX.formatHex(packet)).isEqualTo("10" + "23" // CONNECT, remaining length 35
                + "00044d515454" + "04" + "02" + "000a" // "MQTT", level 4, clean session, keep-alive 10
                + "0017" + HEX.formatHex("rdw-doctor-0123456789ab".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aConnectWithCredentialsSetsBothFlagsAndCarriesThem() {
        byte[] packet = MqttProbe.connectPacket("c", settings("bot", "pw")); // short: too short to be a test secret

        assertThat(HEX.formatHex(packet)).isEqualTo("10" + "16" + "00044d515454" + "04" + "c2" + "000a"
                + "000163" + "0003626f74" + "00027077");
        assertThat(HEX.formatHex(MqttProbe.connectPacket("c", settings("bot", null)))).contains("0482000a")
                .endsWith("0003626f74");
    }

    @Test
    void aLongPasswordTakesATwoByteRemainingLength() {
        char[] long200 = new char[200];
        Arrays.fill(long200, 'p');
        byte[] packet = MqttProbe.connectPacket("c", settings("u", new String(long200)));

        int rest = 10 + 3 + 3 + 2 + 200;
        assertThat(packet).hasSize(1 + 2 + rest);
        assertThat(HEX.formatHex(packet, 0, 3)).isEqualTo("10" + HEX.formatHex(MqttProbe.remainingLength(rest)));
    }

    @Test
    void clientIdsAreShortEnoughForEveryBroker() {
        String id = MqttProbe.newClientId();

        assertThat(id).matches("rdw-doctor-[0-9a-f]{12}").hasSizeLessThanOrEqualTo(23);
        assertThat(MqttProbe.newClientId()).isNotEqualTo(id);
    }

    @Test
    void readsTheReturnCodeOfAConnack() throws IOException {
        assertThat(MqttProbe.connack(new ByteArrayInputStream(new byte[]{0x20, 0x02, 0x00, 0x00}))).isZero();
        assertThat(MqttProbe.connack(new ByteArrayInputStream(new byte[]{0x20, 0x02, 0x00, 0x05}))).isEqualTo(5);
        assertThatThrownBy(() -> MqttProbe.connack(new ByteArrayInputStream(new byte[0])))
                .isInstanceOf(MqttProbe.NotMqttException.class).hasMessageContaining("without answering");
        assertThatThrownBy(() -> MqttProbe.connack(new ByteArrayInputStream(new byte[]{0x20, 0x02})))
                .isInstanceOf(MqttProbe.NotMqttException.class).hasMessageContaining("middle");
        assertThatThrownBy(() -> MqttProbe.connack(new ByteArrayInputStream(new byte[]{0x20, 0x03, 0, 0})))
                .isInstanceOf(MqttProbe.NotMqttException.class).hasMessageContaining("remaining length 3");
    }

    @Test
    void eachRefusalSaysWhatItMeans() {
        MqttSettings user = settings("bot", "pw");
        assertThat(MqttProbe.refusal(1, user)).contains("unacceptable protocol version");
        assertThat(MqttProbe.refusal(2, user)).contains("identifier rejected");
        assertThat(MqttProbe.refusal(3, user)).contains("server unavailable");
        assertThat(MqttProbe.refusal(4, user)).contains("bad user name or password")
                .contains("check MQTT_USERNAME and MQTT_PASSWORD");
        assertThat(MqttProbe.refusal(5, user)).contains("not authorized").contains("MQTT_PASSWORD");
        assertThat(MqttProbe.refusal(5, settings(null, null))).contains("anonymous");
        assertThat(MqttProbe.refusal(9, user)).contains("return code 9");
    }
}
