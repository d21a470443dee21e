package io.redback.rdw.stream.mqtt;

import io.redback.rdw.InvalidInputException;
import io.redback.rdw.helpers.Names;

import java.nio.charset.StandardCharsets;

/** The MQTT rules for topic names, topic filters and client ids (MQTT 5, 4.7 and 3.1.3.1), checked before the broker sees them. */
final class MqttFilters {
    private MqttFilters() {
    }

    /** A topic filter: levels separated by '/', '+' alone on a level, '#' alone on the last one. */
    static String requireFilter(String filter) {
        requireText("topic filter", filter);
        String[] levels = filter.split("/", -1);
        for (int i = 0; i < levels.length; i++) {
            String level = levels[i];
            if (level.contains("#") && (!level.equals("#") || i != levels.length - 1)) {
                throw new InvalidInputException("topic filter " + Names.printable(filter) + ": '#' must be alone on the "
                        + "last level, as in sensors/#");
            }
            if (level.contains("+") && !level.equals("+")) {
                throw new InvalidInputException("topic filter " + Names.printable(filter) + ": '+' must be alone on its "
                        + "level, as in sensors/+/temperature");
            }
        }
        return filter;
    }

    /** A topic name to publish to: no wildcards. */
    static String requireTopic(String topic) {
        requireText("topic", topic);
        if (topic.contains("+") || topic.contains("#")) {
            throw new InvalidInputException("topic " + Names.printable(topic) + " has a wildcard ('+' or '#'); messages are "
                    + "published to one topic name");
        }
        return topic;
    }

    static String requireClientId(String clientId) {
        requireText("client id", clientId);
        return clientId;
    }

    private static void requireText(String what, String value) {
        if (value == null || value.isEmpty()) {
            throw new InvalidInputException("the MQTT " + what + " is empty");
        }
        if (value.getBytes(StandardCharsets.UTF_8).length > MqttSettings.MAX_FIELD) {
            throw new InvalidInputException("the MQTT " + what + " is longer than " + MqttSettings.MAX_FIELD + " bytes");
        }
        if (value.chars().anyMatch(c -> c == 0 || Character.isISOControl(c))) {
            throw new InvalidInputException("the MQTT " + what + " " + Names.printable(value) + " holds a control character");
        }
    }
}
