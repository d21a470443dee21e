package io.redback.rdw.stream.kafka;

import io.redback.rdw.BackendUnavailableException;
import io.redback.rdw.ConfigurationException;
import io.redback.rdw.InvalidInputException;
import io.redback.rdw.RdwConfig;
import io.redback.rdw.RdwException;
import io.redback.rdw.stream.JobClient;
import io.redback.rdw.stream.JobRequest;
import io.redback.rdw.stream.Worker;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Jobs over Kafka: one idempotent producer ({@code acks=all}) for requests and replies, one reply reader assigned to
 * the reply topic, and the workers this client started. Futures complete on a thread of the client's, never on the
 * reply reader's, so a callback that waits cannot hold up other replies.
 */
public final class KafkaJobClient implements JobClient {
    static final String CORRELATION_ID = "correlation-id";
    static final String REPLY_TOPIC = "reply-topic";
    static final String ERROR = "rdw-error";

    private final KafkaSettings settings;
    private final Producer<String, String> producer;
    private final JobTopics topics;
    private final ExecutorService callbacks;
    private final ReplyReader replies;
    private final List<KafkaWorker> workers = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    private KafkaJobClient(KafkaSettings settings) {
        this.settings = settings;
        if (!JobTopics.legal(settings.replyTopic())) {
            throw new ConfigurationException(KafkaSettings.REPLY_TOPIC.describe() + " is 1 to 249 letters, digits, '.', "
                    + "'_' and '-', not " + settings.replyTopic());
        }
        this.producer = new KafkaProducer<>(settings.jobProducerProperties(), new StringSerializer(), new StringSerializer());
        this.topics = new JobTopics(settings);
        AtomicInteger n = new AtomicInteger();
        this.callbacks = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "rdw-jobs-callback-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.replies = new ReplyReader(settings, callbacks);
    }

    /** A client for the configured Kafka ({@code KAFKA_BOOTSTRAP_SERVERS}, {@code rdw.kafka.reply-topic}). */
    public static JobClient open(RdwConfig config) {
        return new KafkaJobClient(KafkaSettings.from(config));
    }

    @Override
    public CompletableFuture<String> request(String topic, String payload, Duration timeout) {
        JobTopics.check(topic);
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new InvalidInputException("a request's timeout is positive, not " + timeout);
        }
        if (closed) {
            return CompletableFuture.failedFuture(new BackendUnavailableException("the job client is closed"));
        }
        try {
            topics.ensure(settings.replyTopic());
            replies.start(); // before the first request leaves: its reply cannot be missed
            topics.ensure(topic);
        } catch (RdwException e) {
            return CompletableFuture.failedFuture(e);
        }
        String id = UUID.randomUUID().toString();
        CompletableFuture<String> reply = replies.expect(topic, id, timeout);
        ProducerRecord<String, String> r = new ProducerRecord<>(topic, null, id, payload);
        r.headers().add(CORRELATION_ID, id.getBytes(StandardCharsets.UTF_8));
        r.headers().add(REPLY_TOPIC, settings.replyTopic().getBytes(StandardCharsets.UTF_8));
        try {
            producer.send(r, (metadata, e) -> {
                if (e != null) {
                    replies.fail(id, notSent(topic, id, e));
                }
            });
        } catch (RuntimeException e) {
            replies.fail(id, notSent(topic, id, e));
        }
        return reply;
    }

    private BackendUnavailableException notSent(String topic, String id, Exception e) {
        return new BackendUnavailableException("the request " + id + " to " + topic + " was not taken by "
                + settings.bootstrapServers() + ": " + e + "; check KAFKA_BOOTSTRAP_SERVERS", e);
    }

    @Override
    public Worker serveRequests(String topic, String group, Function<JobRequest, String> handler) {
        JobTopics.check(topic);
        Objects.requireNonNull(handler, "handler");
        if (group == null || !group.matches("[A-Za-z0-9._-]{1,200}")) {
            throw new InvalidInputException("a consumer group is 1 to 200 letters, digits, '.', '_' and '-', not " + group);
        }
        if (closed) {
            throw new BackendUnavailableException("the job client is closed");
        }
        topics.ensure(topic);
        KafkaWorker w = new KafkaWorker(settings, producer, topic, group, handler);
        workers.add(w);
        return w.start();
    }

    /** Replies this client dropped: late ones, other clients', and records that were no replies. */
    long droppedReplies() {
        return replies.dropped();
    }

    /** The value of a header as UTF-8 text, or null when the record has none of that name. */
    static String header(ConsumerRecord<?, ?> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "JobClient[kafka:" + settings.bootstrapServers() + ", replies on " + settings.replyTopic() + ", "
                + workers.size() + " worker(s)]";
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        workers.forEach(KafkaWorker::close);
        replies.close();
        producer.close(settings.timeout());
        topics.close();
        callbacks.shutdown();
    }
}
