package io.redback.rdw.stream.kafka;

import io.redback.rdw.ConfigKey;
import io.redback.rdw.RdwConfig;
import io.redback.rdw.spi.ProvenanceSink;
import io.redback.rdw.spi.ProvenanceSinkProvider;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Warehouse events on Kafka: added when {@code KAFKA_BOOTSTRAP_SERVERS} is set, or by {@code rdw.provenance=...,kafka}.
 * It rides on the provenance SPI because it is the same record of the same writes, delivered through the same outbox.
 */
public final class KafkaEventsProvider implements ProvenanceSinkProvider {
    @Override
    public String name() {
        return "kafka";
    }

    @Override
    public List<ConfigKey> keys() {
        return KafkaSettings.KEYS;
    }

    @Override
    public List<String> validate(RdwConfig config) {
        List<String> problems = new ArrayList<>();
        config.get(KafkaSettings.BOOTSTRAP)
                .filter(b -> !b.matches("[^,\\s]+:\\d+(\\s*,\\s*[^,\\s]+:\\d+)*"))
                .ifPresent(b -> problems.add(KafkaSettings.BOOTSTRAP.describe() + " must be host:port, comma-separated, not " + b));
        config.get(KafkaSettings.REPLY_TOPIC).filter(t -> !JobTopics.legal(t))
                .ifPresent(t -> problems.add(KafkaSettings.REPLY_TOPIC.describe()
                        + " must be 1 to 249 letters, digits, '.', '_' and '-', not " + t));
        return problems;
    }

    @Override
    public Optional<String> selectedBy(RdwConfig config) {
        return config.isSet(KafkaSettings.BOOTSTRAP)
                ? Optional.of(KafkaSettings.BOOTSTRAP.name() + " is set by " + config.origin(KafkaSettings.BOOTSTRAP).orElse("configuration"))
                : Optional.empty();
    }

    @Override
    public ProvenanceSink open(RdwConfig config) {
        return new KafkaEventSink(KafkaSettings.from(config));
    }
}
