package io.redback.rdw.stream.kafka;

import io.redback.rdw.ConfigurationException;
import io.redback.rdw.InvalidInputException;
import io.redback.rdw.RdwConfig;
import io.redback.rdw.stream.JobClient;
import io.redback.rdw.stream.Jobs;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The jobs' settings and the checks a request passes before anything is sent (no broker needed). */
class JobsSettingsTest {
    static RdwConfig config(Map<String, String> env) {
        return RdwConfig.builder().environment(env).systemProperties(new Properties()).noFile().build();
    }

    @Test
    void repliesComeBackOnRdwRepliesUnlessConfiguredOtherwise() {
        assertThat(KafkaSettings.from(config(Map.of("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:1"))).replyTopic())
                .isEqualTo("rdw.replies");
        assertThat(KafkaSettings.from(config(Map.of("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:1",
                "RDW_KAFKA_REPLY_TOPIC", "team-a.replies"))).replyTopic()).isEqualTo("team-a.replies");
        assertThat(KafkaSettings.KEYS).extracting(k -> k.name()).contains("rdw.kafka.reply-topic");
    }

    @Test
    void aTopicOrTimeoutKafkaCannotTakeIsRefusedBeforeAnythingIsSent() {
        try (JobClient jobs = Jobs.open(config(Map.of("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:1")))) {
            assertThatThrownBy(() -> jobs.request("clean csv", "x", Duration.ofSeconds(1)))
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("clean csv");
            assertThatThrownBy(() -> jobs.request("clean-csv", "x", Duration.ZERO))
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("timeout");
            assertThatThrownBy(() -> jobs.serve("clean-csv", "a group", p -> p))
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("a group");
        }
    }

    @Test
    void aReplyTopicKafkaCannotTakeIsAConfigurationMistake() {
        assertThatThrownBy(() -> config(Map.of("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:1", "RDW_KAFKA_REPLY_TOPIC", "my replies")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("my replies")
                .hasMessageContaining("rdw.kafka.reply-topic");
    }
}
