package io.redback.rdw.stream.kafka;

import io.redback.rdw.BackendUnavailableException;
import io.redback.rdw.RdwConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Writes records to a topic of the configured Kafka and waits for each acknowledgement: for rdw-stream's own results
 * (the bridge's outcomes), with the same idempotent, {@code acks=all} producer as the events.
 */
public final class KafkaTopicWriter implements AutoCloseable {
    private final KafkaSettings settings;
    private final KafkaProducer<String, String> producer;

    private KafkaTopicWriter(KafkaSettings settings, String clientId) {
        this.settings = settings;
        Properties p = settings.producerProperties();
        p.put("client.id", clientId);
        p.put("linger.ms", "0");
        this.producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    }

    public static KafkaTopicWriter open(RdwConfig config, String clientId) {
        return new KafkaTopicWriter(KafkaSettings.from(config), clientId);
    }

    /** Sends one record and returns once the brokers have it. */
    public void send(String topic, String key, String value) {
        try {
            producer.send(new ProducerRecord<>(topic, key, value)).get(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new BackendUnavailableException("Kafka at " + settings.bootstrapServers() + " did not take a record on "
                    + topic + ": " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new BackendUnavailableException("Kafka at " + settings.bootstrapServers() + " did not acknowledge a record on "
                    + topic + " within " + settings.timeout().toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendUnavailableException("interrupted while writing to " + topic, e);
        }
    }

    /**
     * Sends records (key, value) to a topic and returns once the brokers have every one of them; in order, since one
     * producer writes a key's records to one partition in the order sent.
     */
    public void sendAll(String topic, List<Map.Entry<String, String>> records) {
        List<Future<RecordMetadata>> sent = new ArrayList<>(records.size());
        for (Map.Entry<String, String> r : records) {
            sent.add(producer.send(new ProducerRecord<>(topic, r.getKey(), r.getValue())));
        }
        long deadline = System.nanoTime() + settings.timeout().toNanos();
        try {
            for (Future<RecordMetadata> f : sent) {
                f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } catch (ExecutionException e) {
            throw new BackendUnavailableException("Kafka at " + settings.bootstrapServers() + " did not take a record on "
                    + topic + ": " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new BackendUnavailableException("Kafka at " + settings.bootstrapServers() + " did not acknowledge "
                    + records.size() + " records on " + topic + " within " + settings.timeout().toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendUnavailableException("interrupted while writing to " + topic, e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
