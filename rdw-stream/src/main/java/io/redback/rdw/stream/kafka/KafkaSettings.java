package io.redback.rdw.stream.kafka;

import io.redback.rdw.ConfigKey;
import io.redback.rdw.RdwConfig;

import java.time.Duration;
import java.util.List;
import java.util.Properties;

/** Where the warehouse's Kafka is, which topic carries its events, and where the replies to jobs come back. */
record KafkaSettings(String bootstrapServers, String eventsTopic, String replyTopic, Duration timeout) {
    static final ConfigKey BOOTSTRAP = ConfigKey.of("rdw.kafka.bootstrap-servers",
            "Kafka brokers, host:port comma-separated; setting it publishes every governed write as an event")
            .env("RDW_KAFKA_BOOTSTRAP_SERVERS", "KAFKA_BOOTSTRAP_SERVERS");
    static final ConfigKey EVENTS_TOPIC = ConfigKey.of("rdw.kafka.events-topic", "Topic of the warehouse's events")
            .env("RDW_KAFKA_EVENTS_TOPIC").defaultValue("rdw.events");
    static final ConfigKey REPLY_TOPIC = ConfigKey.of("rdw.kafka.reply-topic",
            "Topic on which the workers' replies to this client's jobs come back (created if missing; clients may share it)")
            .env("RDW_KAFKA_REPLY_TOPIC").defaultValue("rdw.replies");
    static final ConfigKey TIMEOUT = ConfigKey.of("rdw.kafka.timeout",
            "How long a batch of events may wait for the brokers' acknowledgement before it is sent again later")
            .env("RDW_KAFKA_TIMEOUT").defaultValue("30s").type(ConfigKey.Type.DURATION);

    static final List<ConfigKey> KEYS = List.of(BOOTSTRAP, EVENTS_TOPIC, REPLY_TOPIC, TIMEOUT);

    static KafkaSettings from(RdwConfig config) {
        return new KafkaSettings(config.require(BOOTSTRAP), config.require(EVENTS_TOPIC), config.require(REPLY_TOPIC),
                config.duration(TIMEOUT));
    }

    /** An idempotent producer that waits for every in-sync replica. */
    Properties producerProperties() {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrapServers);
        p.put("client.id", "rdw-events");
        p.put("acks", "all");
        p.put("enable.idempotence", "true");
        p.put("max.in.flight.requests.per.connection", "5");
        p.put("linger.ms", "5");
        p.put("compression.type", "lz4");
        long ms = timeout.toMillis();
        p.put("max.block.ms", Long.toString(ms));
        p.put("request.timeout.ms", Long.toString(Math.min(ms, 30_000)));
        p.put("delivery.timeout.ms", Long.toString(Math.max(ms, Math.min(ms, 30_000) + 5)));
        return p;
    }

    /** The jobs' producer: idempotent and {@code acks=all} too, sending at once (a request waits for its reply). */
    Properties jobProducerProperties() {
        Properties p = producerProperties();
        p.put("client.id", "rdw-jobs");
        p.put("linger.ms", "0");
        p.remove("compression.type");
        return p;
    }

    /** A consumer that commits only what it was told to: the jobs' reply reader and workers. */
    Properties consumerProperties(String clientId) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrapServers);
        p.put("client.id", clientId);
        p.put("enable.auto.commit", "false");
        return p;
    }

    Properties adminProperties() {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrapServers);
        p.put("client.id", "rdw-health");
        p.put("request.timeout.ms", "5000");
        p.put("default.api.timeout.ms", "5000");
        return p;
    }
}
