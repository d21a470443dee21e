package io.redback.rdw.stream;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Request/reply over Kafka, correlated: each request carries a {@code correlation-id} and a {@code reply-topic}
 * header, and its future completes with the reply that carries the same id, whatever else arrives on the reply topic.
 * The reply topic is read by a consumer assigned to its partitions (no group, no rebalance) whose position is fixed
 * before the first request leaves, so a fast reply is never missed. A client is shared and long-lived: it holds one
 * producer and one reply reader for all its requests; close it when done.
 *
 * <pre>{@code
 * try (JobClient jobs = Jobs.open(config)) {
 *     String result = jobs.request("clean-csv", "{\"key\":\"project1/rides.csv\"}", Duration.ofMinutes(2)).join();
 * }
 * }</pre>
 */
public interface JobClient extends AutoCloseable {

    /**
     * Sends {@code payload} to {@code topic} and completes with the worker's reply. The future fails with a
     * {@link JobTimeoutException} when no reply came within {@code timeout}, with a {@link JobFailedException} when the
     * worker's handler threw, and with a {@link io.redback.rdw.BackendUnavailableException} when the brokers did not
     * take the request.
     */
    CompletableFuture<String> request(String topic, String payload, Duration timeout);

    /** Answers the requests on {@code topic} with the handler, in the consumer group {@code rdw-jobs-<topic>}. */
    default Worker serve(String topic, Function<String, String> handler) {
        return serve(topic, "rdw-jobs-" + topic, handler);
    }

    /**
     * Answers the requests on {@code topic} in the given consumer group (the workers of one group share the requests),
     * on a thread of its own until {@link Worker#close()}. Each reply goes to the request's reply topic with its
     * correlation id; the request is committed only once the reply is acknowledged, so a worker that stops halfway
     * leaves the request to the next one (at least once). A handler that throws answers with its message as an error.
     */
    default Worker serve(String topic, String group, Function<String, String> handler) {
        return serveRequests(topic, group, r -> handler.apply(r.payload()));
    }

    /** As {@link #serve(String, Function)}, with the whole request (correlation id, headers) in hand. */
    default Worker serveRequests(String topic, Function<JobRequest, String> handler) {
        return serveRequests(topic, "rdw-jobs-" + topic, handler);
    }

    /** As {@link #serve(String, String, Function)}, with the whole request (correlation id, headers) in hand. */
    Worker serveRequests(String topic, String group, Function<JobRequest, String> handler);

    /** Stops this client's workers, fails the requests still waiting, and closes the producer and the reply reader. */
    @Override
    void close();
}
