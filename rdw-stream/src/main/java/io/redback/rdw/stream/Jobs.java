package io.redback.rdw.stream;

import io.redback.rdw.RdwConfig;
import io.redback.rdw.stream.kafka.KafkaJobClient;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Jobs over Kafka, request and reply correlated by id: {@code Jobs.request("clean-csv", payload, Duration.ofMinutes(2))}
 * on one side, {@code Jobs.serve("clean-csv", payload -> ...)} on the other. The static methods use one client for
 * this process's configuration ({@code KAFKA_BOOTSTRAP_SERVERS}, {@code rdw.kafka.reply-topic}), created on first use
 * and closed when the JVM exits; {@link #open(RdwConfig)} gives a client of one's own.
 */
public final class Jobs {
    private Jobs() {
    }

    /** Sends a request and completes with its reply; see {@link JobClient#request}. */
    public static CompletableFuture<String> request(String topic, String payload, Duration timeout) {
        return Default.CLIENT.request(topic, payload, timeout);
    }

    /** Answers the requests on {@code topic} in the group {@code rdw-jobs-<topic>}; see {@link JobClient#serve}. */
    public static Worker serve(String topic, Function<String, String> handler) {
        return Default.CLIENT.serve(topic, handler);
    }

    /** A client of one's own, for this configuration; the caller closes it. */
    public static JobClient open(RdwConfig config) {
        return KafkaJobClient.open(config);
    }

    /** The process-wide client, created on first use (the holder idiom makes that thread-safe). */
    private static final class Default {
        static final JobClient CLIENT = create();

        private static JobClient create() {
            JobClient client = KafkaJobClient.open(RdwConfig.load());
            Runtime.getRuntime().addShutdownHook(new Thread(client::close, "rdw-jobs-shutdown"));
            return client;
        }
    }
}
