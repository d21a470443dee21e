package io.redback.rdw.stream.kafka;

import io.redback.rdw.stream.JobRequest;
import io.redback.rdw.stream.Worker;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Answers the requests of one topic in one consumer group: calls the handler, sends its result (or its error, in the
 * {@code rdw-error} header) to the request's reply topic with the request's correlation id, and commits a request
 * only after the brokers acknowledged its reply. A reply that was not acknowledged leaves its request, and those after
 * it on the partition, to be served again.
 */
final class KafkaWorker implements Worker {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaWorker.class);
    private static final int MAX_ERROR = 8_000;

    private final KafkaSettings settings;
    private final Producer<String, String> producer;
    private final String topic;
    private final String group;
    private final Function<JobRequest, String> handler;
    private final AtomicLong served = new AtomicLong();
    private final KafkaConsumer<String, String> consumer;
    private final Thread thread;
    private volatile boolean closed;

    KafkaWorker(KafkaSettings settings, Producer<String, String> producer, String topic, String group,
                Function<JobRequest, String> handler) {
        this.settings = settings;
        this.producer = producer;
        this.topic = topic;
        this.group = group;
        this.handler = handler;
        Properties p = settings.consumerProperties("rdw-jobs-worker-" + group);
        p.put("group.id", group);
        p.put("auto.offset.reset", "earliest"); // requests sent before the group's first worker started are served too
        consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
        consumer.subscribe(List.of(topic));
        thread = new Thread(this::run, "rdw-jobs-worker-" + topic);
        thread.setDaemon(true);
    }

    KafkaWorker start() {
        thread.start();
        return this;
    }

    @Override
    public long served() {
        return served.get();
    }

    private void run() {
        try {
            while (!closed) {
                ConsumerRecords<String, String> records;
                try {
                    records = consumer.poll(Duration.ofMillis(500));
                } catch (WakeupException closing) {
                    return;
                } catch (RuntimeException e) {
                    LOG.warn("the worker of {} in group {} cannot read its requests: {}; trying again", topic, group,
                            e.toString());
                    pause();
                    continue;
                }
                if (!records.isEmpty()) {
                    answer(records);
                }
            }
        } catch (WakeupException closing) {
            // close() woke a commit: what was not committed comes again to the group
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /** One reply on its way, for the request at {@code record}; {@code sent} is null for a request that was skipped. */
    private record Answer(ConsumerRecord<String, String> record, Future<RecordMetadata> sent) {
    }

    private void answer(ConsumerRecords<String, String> records) {
        List<Answer> answers = new ArrayList<>();
        for (ConsumerRecord<String, String> r : records) {
            if (closed) {
                break; // the rest were not handled: they come again to the group
            }
            answers.add(new Answer(r, reply(r)));
        }
        Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
        Map<TopicPartition, Long> again = new LinkedHashMap<>();
        Set<TopicPartition> failed = new HashSet<>();
        for (Answer a : answers) {
            TopicPartition tp = new TopicPartition(a.record.topic(), a.record.partition());
            if (failed.contains(tp)) {
                continue;
            }
            if (a.sent == null || acknowledged(a)) {
                done.put(tp, new OffsetAndMetadata(a.record.offset() + 1));
                if (a.sent != null) {
                    served.incrementAndGet();
                }
            } else {
                failed.add(tp);
                again.put(tp, a.record.offset());
            }
        }
        if (!done.isEmpty()) {
            consumer.commitSync(done);
        }
        if (!again.isEmpty()) {
            again.forEach(consumer::seek);
            pause();
        }
    }

    /** Calls the handler and sends its answer; null when the record is no request (nothing to answer). */
    private Future<RecordMetadata> reply(ConsumerRecord<String, String> r) {
        String id = KafkaJobClient.header(r, KafkaJobClient.CORRELATION_ID);
        String replyTopic = KafkaJobClient.header(r, KafkaJobClient.REPLY_TOPIC);
        if (id == null || replyTopic == null) {
            LOG.warn("skipped a record on {}-{} at offset {}: a request carries the headers {} and {}", r.topic(),
                    r.partition(), r.offset(), KafkaJobClient.CORRELATION_ID, KafkaJobClient.REPLY_TOPIC);
            return null;
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header h : r.headers()) {
            headers.put(h.key(), h.value() == null ? "" : new String(h.value(), StandardCharsets.UTF_8));
        }
        String result = null;
        String error = null;
        try {
            result = handler.apply(new JobRequest(r.topic(), id, replyTopic, r.value(), headers));
        } catch (RuntimeException e) {
            error = e.getMessage() == null ? e.getClass().getName() : e.getMessage();
            if (error.length() > MAX_ERROR) {
                error = error.substring(0, MAX_ERROR) + "...";
            }
            LOG.warn("the handler of {} failed on the request {}: {}", topic, id, e.toString());
        }
        ProducerRecord<String, String> reply = new ProducerRecord<>(replyTopic, null, id, result);
        reply.headers().add(KafkaJobClient.CORRELATION_ID, id.getBytes(StandardCharsets.UTF_8));
        if (error != null) {
            reply.headers().add(KafkaJobClient.ERROR, error.getBytes(StandardCharsets.UTF_8));
        }
        try {
            return producer.send(reply);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private boolean acknowledged(Answer a) {
        try {
            a.sent.get(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("the reply to the request at {}-{} offset {} was not acknowledged: {}; it will be served again",
                    a.record.topic(), a.record.partition(), a.record.offset(), e.toString());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
            return false;
        }
    }

    private void pause() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        }
    }

    @Override
    public void close() {
        closed = true;
        if (thread.getState() == Thread.State.NEW) {
            consumer.close(Duration.ofSeconds(5));
        } else if (thread.isAlive()) {
            consumer.wakeup();
            try {
                thread.join(Duration.ofSeconds(30).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
