package io.redback.rdw.stream.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import io.redback.rdw.Layer;
import io.redback.rdw.ObjectInfo;
import io.redback.rdw.RdwConfig;
import io.redback.rdw.WarehouseClient;
import io.redback.rdw.helpers.Json;
import io.redback.rdw.stream.Airflow;
import io.redback.rdw.stream.DagBridge;
import io.redback.rdw.stream.DagRun;
import io.redback.rdw.stream.DagRunState;
import io.redback.rdw.stream.TaskRun;
import io.redback.rdw.stream.airflow.AirflowEmulator;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Warehouse events on the in-JVM broker, bridged to the stand-in Airflow: one run per event, whatever happens. */
class DagBridgeIT {
    static KafkaClusterTestKit kafka;
    AirflowEmulator airflow;
    @TempDir
    Path warehouse;
    String topic;

    @BeforeAll
    static void start() throws Exception {
        kafka = TestBroker.start(TestBroker.Nodes.COMBINED);
    }

    @AfterAll
    static void stop() throws Exception {
        kafka.close();
    }

    @BeforeEach
    void emulate() {
        airflow = new AirflowEmulator(Airflow.ApiVersion.V2);
        airflow.dag("clean_rides");
        topic = "events-" + UUID.randomUUID();
    }

    @AfterEach
    void stopEmulator() {
        airflow.close();
    }

    RdwConfig config() {
        return RdwConfig.builder().environment(Map.of("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                        "AIRFLOW_URL", airflow.url(), "AIRFLOW_USERNAME", airflow.username(),
                        "AIRFLOW_PASSWORD", airflow.password()))
                .systemProperties(new Properties()).noFile().set(RdwConfig.WAREHOUSE, warehouse.toString())
                .set(KafkaSettings.EVENTS_TOPIC, topic).build();
    }

    private List<ObjectInfo> upload(String... projects) throws Exception {
        List<ObjectInfo> out = new ArrayList<>();
        try (WarehouseClient dw = WarehouseClient.builder().config(config()).build()) {
            for (String project : projects) {
                Path f = Files.writeString(Files.createTempFile(warehouse.getParent(), "in", ".csv"),
                        "a\n" + UUID.randomUUID() + "\n");
                out.add(dw.bucket(Layer.BRONZE).upload(f, project));
            }
            dw.flushProvenance(Duration.ofSeconds(60));
        }
        return out;
    }

    /** Polls the bridge until it handled {@code n} events or a minute passed. */
    private static List<DagBridge.Outcome> take(DagBridge bridge, int n) {
        List<DagBridge.Outcome> got = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (got.size() < n && System.nanoTime() < deadline) {
            got.addAll(bridge.poll(Duration.ofMillis(200)));
        }
        return got;
    }

    @Test
    void eachMatchingEventStartsOneRunWithItsConfAndTheOutcomeIsPublished() throws Exception {
        List<ObjectInfo> written = upload("p1", "p2", "p1");
        String results = "results-" + UUID.randomUUID();
        try (DagBridge bridge = DagBridge.builder("clean_rides").config(config()).project("p1").type("file:uploaded")
                .fromBeginning().await(Duration.ofSeconds(60)).resultTopic(results).build()) {
            List<DagBridge.Outcome> outcomes = take(bridge, 2);
            assertThat(outcomes).extracting(o -> o.run().state()).containsOnly(DagRunState.SUCCESS);
        }
        List<String> runs = airflow.runIds("clean_rides");
        assertThat(runs).containsExactly(DagBridge.runId(written.get(0).eventId().orElseThrow()),
                DagBridge.runId(written.get(2).eventId().orElseThrow()));
        Map<String, Object> conf = airflow.conf("clean_rides", runs.get(0));
        assertThat(conf).containsEntry("key", written.get(0).key()).containsEntry("bucket", "dw-bucket-bronze")
                .containsEntry("project", "p1").containsEntry("sha256", written.get(0).sha256().orElseThrow())
                .containsEntry("event_id", written.get(0).eventId().orElseThrow().toString());

        List<ConsumerRecord<String, String>> published = KafkaEventsIT.read(kafka, results, 2);
        assertThat(published).extracting(ConsumerRecord::key).containsExactly(written.get(0).key(), written.get(2).key());
        JsonNode first = Json.MAPPER.readTree(published.get(0).value());
        assertThat(first.get("state").asText()).isEqualTo("success");
        assertThat(first.get("run_id").asText()).isEqualTo(runs.get(0));
        assertThat(first.get("failed_tasks")).isEmpty();
    }

    @Test
    void aFailedRunIsPublishedWithTheTaskThatFailed() throws Exception {
        airflow.failingTask("clean_rides", "transform");
        ObjectInfo written = upload("p1").get(0);
        String results = "results-" + UUID.randomUUID();
        try (DagBridge bridge = DagBridge.builder("clean_rides").config(config()).fromBeginning()
                .await(Duration.ofSeconds(60)).resultTopic(results).build()) {
            DagBridge.Outcome outcome = take(bridge, 1).get(0);
            assertThat(outcome.run().state()).isEqualTo(DagRunState.FAILED);
            assertThat(outcome.failedTasks()).extracting(TaskRun::taskId).contains("transform");
            assertThat(outcome.error()).contains("transform", "try 2");
        }
        JsonNode published = Json.MAPPER.readTree(KafkaEventsIT.read(kafka, results, 1).get(0).value());
        assertThat(published.get("key").asText()).isEqualTo(written.key());
        assertThat(published.get("state").asText()).isEqualTo("failed");
        assertThat(published.get("failed_tasks").get(0).get("task_id").asText()).isEqualTo("transform");
        assertThat(published.get("failed_tasks").get(0).get("try_number").asInt()).isEqualTo(2);
        assertThat(published.get("failed_tasks").get(0).get("log_url").asText()).contains("/logs/2");
    }

    @Test
    void aBridgeKilledAfterATriggerAndRestartedStartsEachRunOnce() throws Exception {
        List<ObjectInfo> written = upload("p1", "p1", "p1", "p1", "p1");
        AtomicInteger triggered = new AtomicInteger();
        // the process dies right after its third trigger, before anything is committed
        try (Airflow real = Airflow.connect(config()); Airflow dying = new Dying(real, 3, triggered);
             DagBridge bridge = DagBridge.builder("clean_rides").config(config()).airflow(dying).fromBeginning().build()) {
            assertThatThrownBy(() -> take(bridge, 5)).isInstanceOf(Killed.class);
        }
        assertThat(airflow.runIds("clean_rides")).hasSize(3);

        try (DagBridge restarted = DagBridge.builder("clean_rides").config(config()).fromBeginning().build()) {
            List<DagBridge.Outcome> outcomes = take(restarted, 5);
            assertThat(outcomes).hasSize(5);
        }
        assertThat(airflow.runIds("clean_rides")).as("one run per event")
                .containsExactlyElementsOf(written.stream().map(o -> DagBridge.runId(o.eventId().orElseThrow())).toList());
        assertThat(airflow.triggers("clean_rides")).as("the events not committed were triggered again").isEqualTo(8);
    }

    /** What a kill looks like from inside: not an exception anyone handles. */
    static final class Killed extends Error {
        Killed() {
            super("killed");
        }
    }

    /** The real client, until the process "dies" right after its n-th trigger. */
    record Dying(Airflow real, int after, AtomicInteger count) implements Airflow {
        @Override
        public DagRun trigger(String dagId, Map<String, ?> conf, String runId) {
            DagRun run = real.trigger(dagId, conf, runId);
            if (count.incrementAndGet() == after) {
                throw new Killed();
            }
            return run;
        }

        @Override
        public ApiVersion apiVersion() {
            return real.apiVersion();
        }

        @Override
        public DagRun trigger(String dagId, Map<String, ?> conf) {
            return real.trigger(dagId, conf);
        }

        @Override
        public DagRun await(DagRun run, Duration timeout) {
            return real.await(run, timeout);
        }

        @Override
        public DagRun run(String dagId, String runId) {
            return real.run(dagId, runId);
        }

        @Override
        public List<DagRun> runs(String dagId, int limit) {
            return real.runs(dagId, limit);
        }

        @Override
        public List<TaskRun> tasks(DagRun run) {
            return real.tasks(run);
        }

        @Override
        public Optional<Object> xcom(DagRun run, String taskId, String key) {
            return real.xcom(run, taskId, key);
        }

        @Override
        public void close() {
        }
    }
}
