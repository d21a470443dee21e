package io.redback.rdw.stream.kafka;

import io.redback.rdw.RdwConfig;
import io.redback.rdw.stream.JobClient;
import io.redback.rdw.stream.JobFailedException;
import io.redback.rdw.stream.JobTimeoutException;
import io.redback.rdw.stream.Jobs;
import io.redback.rdw.stream.Worker;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Correlated request/reply on a real KRaft broker running in this JVM. */
class JobsIT {
    static final Duration LONG = Duration.ofSeconds(60);
    static KafkaClusterTestKit kafka;
    @TempDir
    Path warehouse;

    @BeforeAll
    static void start() throws Exception {
        kafka = TestBroker.start(TestBroker.Nodes.COMBINED);
    }

    @AfterAll
    static void stop() throws Exception {
        kafka.close();
    }

    /** A client with its own reply topic, unless {@code replyTopic} is given. */
    JobClient client(String replyTopic) {
        return Jobs.open(config(replyTopic));
    }

    RdwConfig config(String replyTopic) {
        return RdwConfig.builder().environment(Map.of("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers()))
                .systemProperties(new Properties()).noFile().set(RdwConfig.WAREHOUSE, warehouse.toString())
                .set(KafkaSettings.REPLY_TOPIC, replyTopic).build();
    }

    static String topic(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + LONG.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited a minute for " + what).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    static Throwable failure(CompletableFuture<String> f) {
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> f.get(LONG.toSeconds(), TimeUnit.SECONDS));
        return e.getCause();
    }

    @Test
    void aRequestComesBackWithItsWorkersReply() throws Exception {
        String topic = topic("echo");
        try (JobClient jobs = client(topic("replies")); Worker w = jobs.serve(topic, p -> "cleaned " + p)) {
            String payload = "{\"key\":\"project1/2026/rides é✓.csv\"}";
            assertThat(jobs.request(topic, payload, LONG).get(LONG.toSeconds(), TimeUnit.SECONDS))
                    .isEqualTo("cleaned " + payload);
            await("the worker to count its reply", () -> w.served() == 1);
        }
    }

    @Test
    void fiftyConcurrentRequestsEachGetTheirOwnReply() throws Exception {
        String topic = topic("many");
        ExecutorService callers = Executors.newFixedThreadPool(8);
        try (JobClient jobs = client(topic("replies")); Worker w = jobs.serve(topic, p -> "reply to " + p)) {
            List<CompletableFuture<CompletableFuture<String>>> sent = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                String payload = "request " + i;
                sent.add(CompletableFuture.supplyAsync(() -> jobs.request(topic, payload, LONG), callers));
            }
            for (int i = 0; i < 50; i++) {
                assertThat(sent.get(i).get().get(LONG.toSeconds(), TimeUnit.SECONDS)).isEqualTo("reply to request " + i);
            }
            await("the worker to count its replies", () -> w.served() == 50);
        } finally {
            callers.shutdown();
        }
    }

    @Test
    void aRequestNobodyAnswersTimesOutNamingItsTopicAndCorrelationId() throws Exception {
        String topic = topic("nobody");
        try (JobClient jobs = client(topic("replies"))) {
            Throwable e = failure(jobs.request(topic, "x", Duration.ofMillis(300)));
            assertThat(e).isInstanceOf(JobTimeoutException.class);
            JobTimeoutException timeout = (JobTimeoutException) e;
            assertThat(timeout.topic()).isEqualTo(topic);
            assertThat(UUID.fromString(timeout.correlationId())).isNotNull();
            assertThat(e.getMessage()).contains(topic).contains(timeout.correlationId());
        }
    }

    @Test
    void aHandlerThatThrowsFailsTheRequestWithItsMessage() throws Exception {
        String topic = topic("failing");
        try (JobClient jobs = client(topic("replies"));
             Worker w = jobs.serve(topic, p -> {
                 throw new IllegalStateException("no dataset " + p + " in bronze");
             })) {
            Throwable e = failure(jobs.request(topic, "rides.csv", LONG));
            assertThat(e).isInstanceOf(JobFailedException.class).hasMessageContaining("no dataset rides.csv in bronze")
                    .hasMessageContaining(topic);
            assertThat(((JobFailedException) e).workerMessage()).isEqualTo("no dataset rides.csv in bronze");
            // the worker goes on serving
            Throwable again = failure(jobs.request(topic, "trips.csv", LONG));
            assertThat(again).hasMessageContaining("no dataset trips.csv in bronze");
        }
    }

    @Test
    void unknownAndLateRepliesCompleteNothingAndBreakNothing() throws Exception {
        String topic = topic("slow");
        String replies = topic("replies");
        CountDownLatch release = new CountDownLatch(1);
        try (JobClient jobs = client(replies);
             Worker w = jobs.serve(topic, p -> {
                 if (p.equals("slow")) {
                     try {
                         release.await(LONG.toSeconds(), TimeUnit.SECONDS);
                     } catch (InterruptedException e) {
                         Thread.currentThread().interrupt();
                     }
                 }
                 return "done " + p;
             })) {
            KafkaJobClient client = (KafkaJobClient) jobs;
            Throwable e = failure(jobs.request(topic, "slow", Duration.ofMillis(300)));
            assertThat(e).isInstanceOf(JobTimeoutException.class);
            release.countDown();
            await("the late reply to be dropped", () -> client.droppedReplies() == 1);

            // another client's reply, and a record that is no reply at all, on the same reply topic
            try (KafkaProducer<String, String> p = new KafkaProducer<>(producerProperties(), new StringSerializer(),
                    new StringSerializer())) {
                ProducerRecord<String, String> foreign = new ProducerRecord<>(replies, "done foreign");
                foreign.headers().add(KafkaJobClient.CORRELATION_ID,
                        UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
                p.send(foreign).get();
                p.send(new ProducerRecord<>(replies, "not a reply")).get();
            }
            await("the two strangers to be dropped", () -> client.droppedReplies() == 3);
            assertThat(jobs.request(topic, "next", LONG).get(LONG.toSeconds(), TimeUnit.SECONDS)).isEqualTo("done next");
            assertThat(client.droppedReplies()).isEqualTo(3);
        }
    }

    static Properties producerProperties() {
        Properties p = new Properties();
        p.put("bootstrap.servers", kafka.bootstrapServers());
        return p;
    }

    @Test
    void aRequestWithoutReplyHeadersIsSkipped() throws Exception {
        String topic = topic("headless");
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        try (JobClient jobs = client(topic("replies"));
             KafkaProducer<String, String> p = new KafkaProducer<>(producerProperties(), new StringSerializer(),
                     new StringSerializer())) {
            p.send(new ProducerRecord<>(topic, "no headers")).get();
            try (Worker w = jobs.serve(topic, r -> {
                seen.add(r);
                return r;
            })) {
                assertThat(jobs.request(topic, "with headers", LONG).get(LONG.toSeconds(), TimeUnit.SECONDS))
                        .isEqualTo("with headers");
                assertThat(seen).containsExactly("with headers");
                await("the worker to count its reply", () -> w.served() == 1);
            }
        }
    }

    @Test
    void aWorkerCommitsWhatItAnsweredSoTheNextOneInItsGroupDoesNotServeItAgain() throws Exception {
        String topic = topic("commits");
        List<String> first = Collections.synchronizedList(new ArrayList<>());
        List<String> second = Collections.synchronizedList(new ArrayList<>());
        try (JobClient jobs = client(topic("replies"))) {
            try (Worker w = jobs.serve(topic, "cleaners", p -> {
                first.add(p);
                return "one " + p;
            })) {
                for (String p : List.of("a", "b", "c")) {
                    assertThat(jobs.request(topic, p, LONG).get(LONG.toSeconds(), TimeUnit.SECONDS)).isEqualTo("one " + p);
                }
                await("the worker to commit its replies", () -> w.served() == 3);
            }
            try (Worker w = jobs.serve(topic, "cleaners", p -> {
                second.add(p);
                return "two " + p;
            })) {
                assertThat(jobs.request(topic, "d", LONG).get(LONG.toSeconds(), TimeUnit.SECONDS)).isEqualTo("two d");
                // one partition, in order: a request served again would have come before d
                assertThat(second).containsExactly("d");
            }
            assertThat(first).containsExactly("a", "b", "c");
        }
    }

    @Test
    void aWorkerMaySeeTheWholeRequest() throws Exception {
        String topic = topic("whole");
        String replies = topic("replies");
        try (JobClient jobs = client(replies);
             Worker w = jobs.serveRequests(topic, r -> r.topic() + " " + r.replyTopic() + " " + r.payload() + " "
                     + r.correlationId().equals(r.headers().get("correlation-id")))) {
            assertThat(jobs.request(topic, "p", LONG).get(LONG.toSeconds(), TimeUnit.SECONDS))
                    .isEqualTo(topic + " " + replies + " p true");
        }
    }

    @Test
    void requestsSentBeforeAnyWorkerRanAreServedOnceOneStarts() throws Exception {
        String topic = topic("queued");
        try (JobClient jobs = client(topic("replies"))) {
            CompletableFuture<String> waiting = jobs.request(topic, "early", LONG);
            try (Worker w = jobs.serve(topic, p -> "late answer to " + p)) {
                assertThat(waiting.get(LONG.toSeconds(), TimeUnit.SECONDS)).isEqualTo("late answer to early");
            }
        }
    }

    @Test
    void twoClientsSharingAReplyTopicEachGetTheirOwnReplies() throws Exception {
        String topic = topic("shared");
        String replies = topic("replies");
        try (JobClient a = client(replies); JobClient b = client(replies); Worker w = a.serve(topic, p -> "re " + p)) {
            List<CompletableFuture<String>> fa = new ArrayList<>();
            List<CompletableFuture<String>> fb = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                fa.add(a.request(topic, "a" + i, LONG));
                fb.add(b.request(topic, "b" + i, LONG));
            }
            for (int i = 0; i < 10; i++) {
                assertThat(fa.get(i).get(LONG.toSeconds(), TimeUnit.SECONDS)).isEqualTo("re a" + i);
                assertThat(fb.get(i).get(LONG.toSeconds(), TimeUnit.SECONDS)).isEqualTo("re b" + i);
            }
        }
    }

    @Test
    void aClosedClientRefusesNewRequests() {
        JobClient jobs = client(topic("replies"));
        jobs.close();
        assertThatThrownBy(() -> jobs.request("t", "x", LONG).join()).hasMessageContaining("closed");
    }
}
