package io.redback.rdw.stream;

import io.redback.rdw.RdwConfig;
import io.redback.rdw.stream.kafka.KafkaEventStream;

/**
 * The entry point of rdw-stream: the warehouse's events as a consumer group reads them.
 *
 * <pre>{@code
 * try (EventStream events = Streams.events("team-a").type("file:uploaded").project("project1")) {
 *     events.subscribe(e -> System.out.println(e.key() + " " + e.sha256()));
 *     ...
 * }
 * }</pre>
 */
public final class Streams {
    private Streams() {
    }

    /** The events of the warehouse this process is configured for ({@code KAFKA_BOOTSTRAP_SERVERS}). */
    public static EventStream events(String group) {
        return events(RdwConfig.load(), group);
    }

    public static EventStream events(RdwConfig config, String group) {
        return KafkaEventStream.open(config, group);
    }
}
