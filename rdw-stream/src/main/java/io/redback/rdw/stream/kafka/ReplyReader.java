package io.redback.rdw.stream.kafka;

import io.redback.rdw.BackendUnavailableException;
import io.redback.rdw.RdwException;
import io.redback.rdw.stream.JobFailedException;
import io.redback.rdw.stream.JobTimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads the reply topic for one client and completes each waiting request with the reply of its correlation id. The
 * consumer is assigned every partition of the topic (no group, so no rebalance) and its position is resolved at the
 * end of each before {@link #start()} returns: a reply written after that is read, however fast it comes. Replies of
 * other clients sharing the topic are dropped quietly; a reply that comes after its request timed out is dropped with
 * a line in the log.
 */
final class ReplyReader implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReplyReader.class);
    /** How many timed-out ids are remembered, to tell a late reply from another client's. */
    private static final int REMEMBERED = 10_000;

    /** A request waiting for its reply; its timer is set once it is registered, so it cannot fire before that. */
    private static final class Pending {
        final String topic;
        final CompletableFuture<String> future = new CompletableFuture<>();
        volatile ScheduledFuture<?> timer;

        Pending(String topic) {
            this.topic = topic;
        }

        void cancelTimer() {
            ScheduledFuture<?> t = timer;
            if (t != null) {
                t.cancel(false);
            }
        }
    }

    private final KafkaSettings settings;
    private final Executor callbacks;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final Set<String> timedOut = Collections.newSetFromMap(Collections.synchronizedMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED;
        }
    }));
    private final ScheduledThreadPoolExecutor timer;
    private final AtomicLong dropped = new AtomicLong();
    private KafkaConsumer<String, String> consumer;
    private volatile Thread thread;
    private volatile boolean closed;

    ReplyReader(KafkaSettings settings, Executor callbacks) {
        this.settings = settings;
        this.callbacks = callbacks;
        this.timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "rdw-jobs-timeouts");
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true);
    }

    /** Assigns the reply topic's partitions and fixes the position at their end, then reads on a thread of its own. */
    void start() {
        if (thread == null || closed) {
            begin();
        }
    }

    private synchronized void begin() {
        if (closed) {
            throw new BackendUnavailableException("the job client is closed");
        }
        if (thread != null) {
            return;
        }
        String topic = settings.replyTopic();
        KafkaConsumer<String, String> c = new KafkaConsumer<>(settings.consumerProperties("rdw-jobs-replies"),
                new StringDeserializer(), new StringDeserializer());
        try {
            // a topic created a moment ago may not be in the brokers' metadata yet
            long deadline = System.nanoTime() + settings.timeout().toNanos();
            List<PartitionInfo> infos = c.partitionsFor(topic, settings.timeout());
            while ((infos == null || infos.isEmpty()) && System.nanoTime() < deadline) {
                Thread.sleep(50);
                infos = c.partitionsFor(topic, settings.timeout());
            }
            if (infos == null || infos.isEmpty()) {
                throw new BackendUnavailableException("the reply topic " + topic + " has no partitions on "
                        + settings.bootstrapServers() + "; create it or set rdw.kafka.reply-topic");
            }
            List<TopicPartition> partitions = infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
            c.assign(partitions);
            c.seekToEnd(partitions);
            for (TopicPartition tp : partitions) {
                c.position(tp, settings.timeout()); // resolved now: a reply written from here on is read
            }
        } catch (RdwException e) {
            c.close(Duration.ZERO);
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            c.close(Duration.ZERO);
            throw new BackendUnavailableException("interrupted while reading the reply topic's partitions", e);
        } catch (RuntimeException e) {
            c.close(Duration.ZERO);
            throw new BackendUnavailableException("cannot read the reply topic " + topic + " on "
                    + settings.bootstrapServers() + ": " + e + "; check KAFKA_BOOTSTRAP_SERVERS", e);
        }
        consumer = c;
        thread = new Thread(this::run, "rdw-jobs-replies");
        thread.setDaemon(true);
        thread.start();
    }

    /** A future for the reply to {@code correlationId}, failed with a {@link JobTimeoutException} after {@code timeout}. */
    CompletableFuture<String> expect(String topic, String correlationId, Duration timeout) {
        Pending p = new Pending(topic);
        pending.put(correlationId, p);
        p.timer = timer.schedule(() -> timeOut(correlationId, timeout), Math.max(1, timeout.toMillis()),
                TimeUnit.MILLISECONDS);
        return p.future;
    }

    private void timeOut(String correlationId, Duration timeout) {
        Pending p = pending.remove(correlationId);
        if (p != null) {
            timedOut.add(correlationId);
            p.future.completeExceptionally(new JobTimeoutException(p.topic, correlationId, "no reply to the request "
                    + correlationId + " on " + p.topic + " came back on " + settings.replyTopic()
                    + " within " + timeout.toMillis() + " ms: is a worker serving " + p.topic + "?"));
        }
    }

    /** Fails a request that could not be sent. */
    void fail(String correlationId, RuntimeException e) {
        Pending p = pending.remove(correlationId);
        if (p != null) {
            p.cancelTimer();
            callbacks.execute(() -> p.future.completeExceptionally(e));
        }
    }

    /** Replies dropped: late, another client's, or not replies at all. */
    long dropped() {
        return dropped.get();
    }

    private void run() {
        KafkaConsumer<String, String> c = consumer;
        try {
            while (!closed) {
                ConsumerRecords<String, String> records;
                try {
                    records = c.poll(Duration.ofMillis(500));
                } catch (WakeupException closing) {
                    return;
                } catch (RuntimeException e) {
                    LOG.warn("cannot read the replies on {} from {}: {}; trying again", settings.replyTopic(),
                            settings.bootstrapServers(), e.toString());
                    pause();
                    continue;
                }
                for (ConsumerRecord<String, String> r : records) {
                    dispatch(r);
                }
            }
        } finally {
            c.close(Duration.ofSeconds(5));
        }
    }

    private void dispatch(ConsumerRecord<String, String> r) {
        String id = KafkaJobClient.header(r, KafkaJobClient.CORRELATION_ID);
        Pending p = id == null ? null : pending.remove(id);
        if (p == null) {
            dropped.incrementAndGet();
            if (id == null) {
                LOG.debug("dropped a record without a correlation id on {}-{} at offset {}", r.topic(), r.partition(),
                        r.offset());
            } else if (timedOut.remove(id)) {
                LOG.info("dropped the reply to the request {}: it came after the request had timed out", id);
            } else {
                LOG.debug("dropped the reply to {}, a request not waiting here (another client's)", id);
            }
            return;
        }
        p.cancelTimer();
        String error = KafkaJobClient.header(r, KafkaJobClient.ERROR);
        String value = r.value();
        callbacks.execute(error == null ? () -> p.future.complete(value)
                : () -> p.future.completeExceptionally(new JobFailedException(p.topic, id, error)));
    }

    private void pause() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        }
    }

    /** Stops reading and fails every request still waiting. */
    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            closed = true;
            t = thread;
        }
        if (t != null) {
            consumer.wakeup();
            try {
                t.join(Duration.ofSeconds(10).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        timer.shutdownNow();
        for (String id : new ArrayList<>(pending.keySet())) {
            Pending p = pending.remove(id);
            if (p != null) {
                p.future.completeExceptionally(new BackendUnavailableException("the job client closed before the reply to "
                        + id + " on " + p.topic + " came"));
            }
        }
    }
}
