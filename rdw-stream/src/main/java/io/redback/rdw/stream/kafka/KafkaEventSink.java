package io.redback.rdw.stream.kafka;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.redback.rdw.BackendUnavailableException;
import io.redback.rdw.Health;
import io.redback.rdw.ProvenanceEvent;
import io.redback.rdw.helpers.Json;
import io.redback.rdw.spi.ProvenanceRefusedException;
import io.redback.rdw.spi.ProvenanceSink;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Every governed write as an event on Kafka: JSON (type, bucket, key, SHA-256, size, project, user, time, lineage,
 * event id) on the events topic, keyed by object key so one object's events stay in order on one partition. The
 * producer is idempotent ({@code acks=all}); events reach it through rdw's outbox, so a broker that is down delays
 * them and loses none. A batch is done when the broker has acknowledged every record of it.
 */
final class KafkaEventSink implements ProvenanceSink {
    private final KafkaSettings settings;
    private Producer<String, String> producer;

    KafkaEventSink(KafkaSettings settings) {
        this.settings = settings;
    }

    @Override
    public String describe() {
        return "kafka:" + settings.bootstrapServers() + " topic " + settings.eventsTopic();
    }

    @Override
    public Delivery delivery() {
        return Delivery.OUTBOX;
    }

    @Override
    public void record(ProvenanceEvent event) {
        recordAll(List.of(event));
    }

    @Override
    public synchronized void recordAll(List<ProvenanceEvent> events) {
        Producer<String, String> p = producer();
        List<Future<RecordMetadata>> sent = new ArrayList<>(events.size());
        for (ProvenanceEvent e : events) {
            sent.add(p.send(new ProducerRecord<>(settings.eventsTopic(), e.objectKey(), json(e))));
        }
        p.flush();
        for (int i = 0; i < sent.size(); i++) {
            try {
                sent.get(i).get(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException ex) {
                if (ex.getCause() instanceof RecordTooLargeException tooLarge) {
                    throw new ProvenanceRefusedException(events.get(i).eventId(), describe() + ": " + tooLarge.getMessage(),
                            tooLarge);
                }
                throw unavailable(ex.getCause());
            } catch (TimeoutException ex) {
                throw unavailable(ex);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw unavailable(ex);
            }
        }
    }

    private BackendUnavailableException unavailable(Throwable cause) {
        // a producer that failed may hold records it will never send: start afresh; the outbox sends the batch again
        closeProducer();
        return new BackendUnavailableException(describe() + " did not acknowledge the events: " + cause, cause);
    }

    /** The event as JSON. */
    static String json(ProvenanceEvent e) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("event_id", e.eventId().toString());
        n.put("type", e.eventType());
        n.put("bucket", e.bucketName());
        n.put("layer", e.layer() == null ? null : e.layer().id());
        n.put("key", e.objectKey());
        n.put("sha256", e.sha256());
        if (e.objectSize() != null) {
            n.put("size", e.objectSize());
        }
        Object project = e.customMetadata().get("project");
        n.put("project", project != null ? project.toString() : projectOf(e.objectKey()));
        n.put("user", e.userId());
        n.put("time", e.timestamp() == null ? null : e.timestamp().toString());
        n.put("source", e.eventSource());
        if (e.lineage() != null) {
            n.set("lineage", Json.lineage(e.lineage()));
        }
        try {
            return Json.MAPPER.writeValueAsString(n);
        } catch (JsonProcessingException ex) {
            throw new ProvenanceRefusedException(e.eventId(), "cannot write the event as JSON: " + ex.getMessage(), ex);
        }
    }

    /** The first segment of a dataset key is its project. */
    private static String projectOf(String key) {
        if (key == null) {
            return null;
        }
        int slash = key.indexOf('/');
        return slash < 0 ? null : key.substring(0, slash);
    }

    private Producer<String, String> producer() {
        if (producer == null) {
            producer = new KafkaProducer<>(settings.producerProperties(), new StringSerializer(), new StringSerializer());
        }
        return producer;
    }

    private void closeProducer() {
        if (producer != null) {
            producer.close(Duration.ZERO);
            producer = null;
        }
    }

    @Override
    public Health health() {
        long start = System.nanoTime();
        try (Admin admin = Admin.create(settings.adminProperties())) {
            int brokers = admin.describeCluster().nodes().get(settings.timeout().toMillis(), TimeUnit.MILLISECONDS).size();
            return Health.up("events", describe(), Duration.ofNanos(System.nanoTime() - start), brokers + " broker(s)");
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            return Health.down("events", describe(), Duration.ofNanos(System.nanoTime() - start),
                    "no broker answers: " + e.getMessage() + "; check KAFKA_BOOTSTRAP_SERVERS");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Health.down("events", describe(), Duration.ofNanos(System.nanoTime() - start), "interrupted");
        }
    }

    @Override
    public synchronized void close() {
        if (producer != null) {
            producer.close(settings.timeout());
            producer = null;
        }
    }
}
