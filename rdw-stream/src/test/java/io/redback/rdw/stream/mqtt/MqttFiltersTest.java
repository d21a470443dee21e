package io.redback.rdw.stream.mqtt;

import io.redback.rdw.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Topic filters, topic names and client ids as MQTT 5 (4.7) allows them, refused before any broker is asked. */
class MqttFiltersTest {

    @ParameterizedTest
    @ValueSource(strings = {"sensors/#", "#", "+", "sensors/+/temperature", "+/+/#", "/leading", "trailing/", "a//b"})
    void wellFormedFiltersAreAccepted(String filter) {
        assertThat(MqttFilters.requireFilter(filter)).isEqualTo(filter);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sensors/#/x", "sensors#", "sensors/#x"})
    void aHashNotAloneOnTheLastLevelIsRefusedWithAnExample(String filter) {
        assertThatThrownBy(() -> MqttFilters.requireFilter(filter)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("'#' must be alone on the last level, as in sensors/#");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sensors+/t", "sensors/t+", "a/+b/c"})
    void aPlusNotAloneOnItsLevelIsRefusedWithAnExample(String filter) {
        assertThatThrownBy(() -> MqttFilters.requireFilter(filter)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("'+' must be alone on its level");
    }

    @Test
    void anEmptyOrHostileFilterIsRefusedAndShownPrintably() {
        assertThatThrownBy(() -> MqttFilters.requireFilter("")).isInstanceOf(InvalidInputException.class)
                .hasMessage("the MQTT topic filter is empty");
        assertThatThrownBy(() -> MqttFilters.requireFilter(null)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> MqttFilters.requireFilter("sensors/\u0000/x")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("holds a control character")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\u0000"));
        assertThatThrownBy(() -> MqttFilters.requireFilter("s\nfake log line")).isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void aFilterLongerThanMqttAllowsIsRefused() {
        String longest = "a".repeat(MqttSettings.MAX_FIELD);
        assertThat(MqttFilters.requireFilter(longest)).isEqualTo(longest);
        // counted in UTF-8 bytes, as the protocol counts it: 21,846 three-byte characters are 65,538 bytes
        assertThatThrownBy(() -> MqttFilters.requireFilter("\u20ac".repeat(21_846))).isInstanceOf(InvalidInputException.class)
                .hasMessage("the MQTT topic filter is longer than " + MqttSettings.MAX_FIELD + " bytes");
    }

    @Test
    void aTopicToPublishToHasNoWildcard() {
        assertThat(MqttFilters.requireTopic("sensors/t1")).isEqualTo("sensors/t1");
        assertThatThrownBy(() -> MqttFilters.requireTopic("sensors/#")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("has a wildcard");
        assertThatThrownBy(() -> MqttFilters.requireTopic("sensors/+/t")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("has a wildcard");
    }

    @Test
    void aClientIdIsTextWithoutControlCharacters() {
        assertThat(MqttFilters.requireClientId("rdw-p-0123456789ab")).isEqualTo("rdw-p-0123456789ab");
        assertThatThrownBy(() -> MqttFilters.requireClientId("")).isInstanceOf(InvalidInputException.class)
                .hasMessage("the MQTT client id is empty");
        assertThatThrownBy(() -> MqttFilters.requireClientId("id\u0007")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("client id");
    }
}
