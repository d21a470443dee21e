package io.redback.rdw.stream.kafka;

import io.redback.rdw.Layer;
import io.redback.rdw.ProvenanceEvent;
import io.redback.rdw.RdwConfig;
import io.redback.rdw.stream.JobClient;
import io.redback.rdw.stream.Jobs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Kafka, two ways, on the same in-JVM KRaft broker (bench/stream-kafka.sh runs it). {@code server}: the broker and one
 * rdw worker on {@value #JOBS} that answers {@code done:<payload>} to everybody. {@code rdw-events}: N warehouse events
 * through rdw's {@link KafkaEventSink} in the outbox's batches of 500; {@code stack-events}: the FastAPI endpoint's way,
 * a new producer for each event. {@code rdw-jobs}: N round trips through one {@link JobClient}; {@code stack-jobs}: a
 * new producer and a new consumer for each. Each client prints one JSON line, and fails loudly when the events on its
 * topic or a reply are not what it sent.
 */
public final class StreamBenchmark {
    static final String JOBS = "bench.jobs";
    static final String RDW_REPLIES = "bench.replies.rdw";
    static final String STACK_REPLIES = "bench.replies.stack";
    static final int OUTBOX_BATCH = 500;

    private StreamBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "server" -> server(Path.of(args[1]));
            case "rdw-events" -> rdwEvents(servers(args[1]), Integer.parseInt(args[2]));
            case "stack-events" -> stackEvents(servers(args[1]), Integer.parseInt(args[2]));
            case "rdw-jobs" -> rdwJobs(servers(args[1]), Integer.parseInt(args[2]));
            case "stack-jobs" -> stackJobs(servers(args[1]), Integer.parseInt(args[2]));
            default -> throw new IllegalArgumentException("mode: server | rdw-events | stack-events | rdw-jobs | stack-jobs");
        }
        System.exit(0); // no lingering client threads
    }

    private static String servers(String file) throws Exception {
        return Files.readString(Path.of(file)).trim();
    }

    static RdwConfig config(String servers, String eventsTopic, String replyTopic) {
        return RdwConfig.builder().environment(Map.of("KAFKA_BOOTSTRAP_SERVERS", servers)).systemProperties(new Properties())
                .noFile().set(KafkaSettings.EVENTS_TOPIC, eventsTopic).set(KafkaSettings.REPLY_TOPIC, replyTopic).build();
    }

    /** Starts the broker and the worker, writes the bootstrap servers, and runs until killed. */
    static void server(Path serversFile) throws Exception {
        KafkaClusterTestKit kafka = TestBroker.start(TestBroker.Nodes.COMBINED);
        String servers = kafka.bootstrapServers();
        createTopics(servers, JOBS, RDW_REPLIES, STACK_REPLIES);
        JobClient worker = Jobs.open(config(servers, "bench.events", RDW_REPLIES));
        worker.serve(JOBS, "bench-worker", p -> "done:" + p);
        Files.writeString(serversFile, servers);
        Thread.sleep(Long.MAX_VALUE);
    }

    static void createTopics(String servers, String... topics) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", servers))) {
            admin.createTopics(Arrays.stream(topics).map(t -> new NewTopic(t, Optional.empty(), Optional.empty())).toList())
                    .all().get(60, TimeUnit.SECONDS);
        }
    }

    static List<ProvenanceEvent> events(int n) {
        List<ProvenanceEvent> out = new ArrayList<>(n);
        Instant now = Instant.now();
        for (int i = 0; i < n; i++) {
            out.add(new ProvenanceEvent(UUID.randomUUID(), "rdw:bench", ProvenanceEvent.FILE_UPLOADED, now, "bench", null,
                    "dw-bucket-bronze", "project1/2026/rides/rides_" + i + ".csv", 1_000L + i, null, "text/csv",
                    "embedded:/bench", "ab".repeat(32), Layer.BRONZE, "bench", null,
                    Map.of("original_filename", "rides_" + i + ".csv", "project", "project1")));
        }
        return out;
    }

    static void rdwEvents(String servers, int n) throws Exception {
        String topic = "bench.events.rdw." + UUID.randomUUID();
        createTopics(servers, topic);
        List<ProvenanceEvent> events = events(n);
        long[] latency = new long[n];
        KafkaEventSink sink = new KafkaEventSink(KafkaSettings.from(config(servers, topic, RDW_REPLIES)));
        long start = System.nanoTime();
        for (int from = 0; from < n; from += OUTBOX_BATCH) {
            int to = Math.min(n, from + OUTBOX_BATCH);
            long t0 = System.nanoTime();
            sink.recordAll(events.subList(from, to));
            // the outbox counts an event delivered when its whole batch is acknowledged: that wait is its latency
            Arrays.fill(latency, from, to, System.nanoTime() - t0);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        sink.close();
        report("rdw-events", n, seconds, latency, count(servers, topic));
    }

    static void stackEvents(String servers, int n) throws Exception {
        String topic = "bench.events.stack." + UUID.randomUUID();
        createTopics(servers, topic);
        List<ProvenanceEvent> events = events(n);
        long[] latency = new long[n];
        Properties p = new Properties();
        p.put("bootstrap.servers", servers); // the client's defaults otherwise, as the endpoint had
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            ProvenanceEvent e = events.get(i);
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
                long t0 = System.nanoTime();
                producer.send(new ProducerRecord<>(topic, e.objectKey(), KafkaEventSink.json(e))).get();
                latency[i] = System.nanoTime() - t0;
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        report("stack-events", n, seconds, latency, count(servers, topic));
    }

    /** How many records the topic holds; fails unless every one has a distinct key (no duplicates). */
    static long count(String servers, String topic) {
        Properties p = new Properties();
        p.put("bootstrap.servers", servers);
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> parts = c.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            Map<TopicPartition, Long> end = c.endOffsets(parts, Duration.ofSeconds(30));
            Map<TopicPartition, Long> begin = c.beginningOffsets(parts, Duration.ofSeconds(30));
            return parts.stream().mapToLong(tp -> end.get(tp) - begin.get(tp)).sum();
        }
    }

    static void rdwJobs(String servers, int n) throws Exception {
        long[] latency = new long[n];
        long start = System.nanoTime();
        int matched = 0;
        try (JobClient jobs = Jobs.open(config(servers, "bench.events", RDW_REPLIES))) {
            for (int i = 0; i < n; i++) {
                String payload = "job " + i + " " + UUID.randomUUID();
                long t0 = System.nanoTime();
                String reply = jobs.request(JOBS, payload, Duration.ofSeconds(60)).get();
                latency[i] = System.nanoTime() - t0;
                matched += check(payload, reply);
            }
        }
        report("rdw-jobs", n, (System.nanoTime() - start) / 1e9, latency, matched);
    }

    static void stackJobs(String servers, int n) throws Exception {
        long[] latency = new long[n];
        long start = System.nanoTime();
        int matched = 0;
        for (int i = 0; i < n; i++) {
            String payload = "job " + i + " " + UUID.randomUUID();
            String id = UUID.randomUUID().toString();
            long t0 = System.nanoTime();
            Properties cp = new Properties();
            cp.put("bootstrap.servers", servers);
            cp.put("group.id", "stack-" + id);
            cp.put("auto.offset.reset", "latest");
            Properties pp = new Properties();
            pp.put("bootstrap.servers", servers);
            String reply = null;
            try (KafkaConsumer<String, String> c = new KafkaConsumer<>(cp, new StringDeserializer(), new StringDeserializer());
                 KafkaProducer<String, String> p = new KafkaProducer<>(pp, new StringSerializer(), new StringSerializer())) {
                c.subscribe(List.of(STACK_REPLIES));
                // made correct: wait for the group's assignment and position before sending, or a fast reply is lost
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (c.assignment().isEmpty() && System.nanoTime() < deadline) {
                    c.poll(Duration.ofMillis(10));
                }
                c.assignment().forEach(c::position);
                ProducerRecord<String, String> r = new ProducerRecord<>(JOBS, id, payload);
                r.headers().add(KafkaJobClient.CORRELATION_ID, id.getBytes(StandardCharsets.UTF_8));
                r.headers().add(KafkaJobClient.REPLY_TOPIC, STACK_REPLIES.getBytes(StandardCharsets.UTF_8));
                p.send(r).get();
                while (reply == null && System.nanoTime() < deadline) {
                    for (ConsumerRecord<String, String> got : c.poll(Duration.ofMillis(100))) {
                        if (id.equals(KafkaJobClient.header(got, KafkaJobClient.CORRELATION_ID))) {
                            reply = got.value();
                        }
                    }
                }
            }
            latency[i] = System.nanoTime() - t0;
            matched += check(payload, reply);
        }
        report("stack-jobs", n, (System.nanoTime() - start) / 1e9, latency, matched);
    }

    private static int check(String payload, String reply) {
        if (!("done:" + payload).equals(reply)) {
            throw new IllegalStateException("the reply to \"" + payload + "\" was \"" + reply + "\"");
        }
        return 1;
    }

    static void report(String mode, int n, double seconds, long[] latencyNanos, long counted) {
        if (counted != n) {
            throw new IllegalStateException(mode + ": " + n + " sent, but " + counted + " arrived");
        }
        long[] sorted = latencyNanos.clone();
        Arrays.sort(sorted);
        System.out.printf(java.util.Locale.ROOT,
                "{\"mode\":\"%s\",\"n\":%d,\"seconds\":%.3f,\"per_s\":%.1f,\"p50_ms\":%.3f,\"p99_ms\":%.3f}%n", mode, n,
                seconds, n / seconds, sorted[(int) (0.50 * (n - 1))] / 1e6, sorted[(int) (0.99 * (n - 1))] / 1e6);
    }
}
