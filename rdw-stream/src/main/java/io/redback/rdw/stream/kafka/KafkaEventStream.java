package io.redback.rdw.stream.kafka;

import io.redback.rdw.BackendUnavailableException;
import io.redback.rdw.InvalidInputException;
import io.redback.rdw.RdwConfig;
import io.redback.rdw.stream.EventStream;
import io.redback.rdw.stream.WarehouseEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** The events topic read by one consumer group, committing after the handler returns. */
public final class KafkaEventStream implements EventStream {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaEventStream.class);

    private final KafkaSettings settings;
    private final String group;
    private final Set<String> types = new HashSet<>();
    private final Set<String> projects = new HashSet<>();
    private boolean fromBeginning;
    private KafkaConsumer<String, String> consumer;
    private volatile boolean closed;

    private KafkaEventStream(KafkaSettings settings, String group) {
        if (group == null || !group.matches("[A-Za-z0-9._-]{1,200}")) {
            throw new InvalidInputException("a consumer group is 1 to 200 letters, digits, '.', '_' and '-', not " + group);
        }
        this.settings = settings;
        this.group = group;
    }

    /** The events of the configured Kafka, for this consumer group. */
    public static EventStream open(RdwConfig config, String group) {
        return new KafkaEventStream(KafkaSettings.from(config), group);
    }

    @Override
    public EventStream type(String type) {
        types.add(type);
        return this;
    }

    @Override
    public EventStream project(String project) {
        projects.add(project);
        return this;
    }

    @Override
    public EventStream fromBeginning() {
        fromBeginning = true;
        return this;
    }

    private KafkaConsumer<String, String> consumer() {
        if (consumer == null) {
            Properties p = new Properties();
            p.put("bootstrap.servers", settings.bootstrapServers());
            p.put("group.id", group);
            p.put("client.id", "rdw-events-" + group);
            p.put("enable.auto.commit", "false");
            p.put("auto.offset.reset", fromBeginning ? "earliest" : "latest");
            consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
            consumer.subscribe(List.of(settings.eventsTopic()));
        }
        return consumer;
    }

    @Override
    public int poll(Duration timeout, Consumer<WarehouseEvent> handler) {
        return poll(timeout, Integer.MAX_VALUE, handler);
    }

    @Override
    public synchronized int poll(Duration timeout, int max, Consumer<WarehouseEvent> handler) {
        if (max < 1) {
            throw new InvalidInputException("a poll hands over at least one event, not " + max);
        }
        KafkaConsumer<String, String> c = consumer();
        ConsumerRecords<String, String> records;
        try {
            records = c.poll(timeout);
            // joining the group is not waiting for events: the first poll returns once partitions are assigned
            long joinDeadline = System.nanoTime() + settings.timeout().toNanos();
            while (records.isEmpty() && c.assignment().isEmpty() && !closed && System.nanoTime() < joinDeadline) {
                records = c.poll(timeout);
            }
        } catch (WakeupException e) {
            return 0;
        } catch (org.apache.kafka.common.errors.InterruptException e) {
            Thread.currentThread().interrupt(); // a stop asked for (Ctrl-C): the caller sees the flag
            return 0;
        } catch (RuntimeException e) {
            throw new BackendUnavailableException("cannot read " + settings.eventsTopic() + " from "
                    + settings.bootstrapServers() + ": " + e.getMessage(), e);
        }
        int handled = 0;
        Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
        for (ConsumerRecord<String, String> r : records) {
            if (handled == max) {
                // the rest of the batch is not handed over, so not committed: it comes again
                commit(c, done);
                rewind(c, records, done);
                return handled;
            }
            TopicPartition tp = new TopicPartition(r.topic(), r.partition());
            WarehouseEvent event;
            try {
                event = WarehouseEvent.parse(r.value());
            } catch (InvalidInputException notOurs) {
                LOG.warn("skipped a record that is not a warehouse event at {}-{} offset {}: {}", r.topic(), r.partition(),
                        r.offset(), notOurs.getMessage());
                done.put(tp, new OffsetAndMetadata(r.offset() + 1));
                continue;
            }
            if (matches(event)) {
                try {
                    handler.accept(event);
                } catch (RuntimeException e) {
                    // what was handled is committed; this event and the rest of the batch come again
                    commit(c, done);
                    rewind(c, records, done);
                    throw e;
                }
                handled++;
            }
            done.put(tp, new OffsetAndMetadata(r.offset() + 1));
        }
        commit(c, done);
        return handled;
    }

    private boolean matches(WarehouseEvent e) {
        return (types.isEmpty() || types.contains(e.type())) && (projects.isEmpty() || projects.contains(e.project()));
    }

    private static void commit(KafkaConsumer<String, String> c, Map<TopicPartition, OffsetAndMetadata> done) {
        if (!done.isEmpty()) {
            c.commitSync(done);
        }
    }

    /** Seeks each partition of the batch back to its first record not handled. */
    private static void rewind(KafkaConsumer<String, String> c, ConsumerRecords<String, String> records,
                               Map<TopicPartition, OffsetAndMetadata> done) {
        for (TopicPartition tp : records.partitions()) {
            OffsetAndMetadata d = done.get(tp);
            c.seek(tp, d != null ? d.offset() : records.records(tp).get(0).offset());
        }
    }

    @Override
    public Subscription subscribe(Consumer<WarehouseEvent> handler) {
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        Thread t = new Thread(() -> {
            while (!closed) {
                try {
                    poll(Duration.ofMillis(500), handler);
                } catch (WakeupException closing) {
                    return; // close() woke it; what was not committed comes again to the group
                } catch (RuntimeException e) {
                    LOG.warn("the subscription of group {} stopped: {}", group, e.toString());
                    failures.add(e);
                    return;
                }
            }
        }, "rdw-events-" + group);
        t.setDaemon(true);
        t.start();
        return new Subscription() {
            @Override
            public void close() {
                closed = true;
                KafkaConsumer<String, String> c = consumer;
                if (c != null) {
                    c.wakeup();
                }
                try {
                    t.join(Duration.ofSeconds(30).toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }

            @Override
            public List<Throwable> failures() {
                return new ArrayList<>(failures);
            }
        };
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (consumer != null) {
            consumer.close(Duration.ofSeconds(5));
            consumer = null;
        }
    }
}
