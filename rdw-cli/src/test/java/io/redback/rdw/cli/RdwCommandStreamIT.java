package io.redback.rdw.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.redback.rdw.helpers.Json;
import io.redback.rdw.stream.Airflow;
import io.redback.rdw.stream.airflow.AirflowEmulator;
import io.redback.rdw.tck.InteropClients;
import io.redback.rdw.stream.kafka.TestBroker;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rdw command with Kafka and Airflow configured (the in-JVM broker, the stand-in Airflow): uploads become events
 * that 'rdw events tail' and kcat both read, an upload triggers a DAG and waits for it, and the bridge runs a DAG per event.
 */
class RdwCommandStreamIT {
    static final String[] KEYS = {"rdw.warehouse", "rdw.kafka.bootstrap-servers", "rdw.kafka.events-topic",
            "rdw.provenance.flush-timeout", "rdw.airflow.url", "rdw.airflow.username", "rdw.airflow.password"};
    static KafkaClusterTestKit kafka;
    @TempDir
    Path dir;
    String topic;
    AirflowEmulator airflow;

    record Run(int code, String out, String err) {
    }

    @BeforeAll
    static void startBroker() throws Exception {
        kafka = TestBroker.start(TestBroker.Nodes.COMBINED);
    }

    @AfterAll
    static void stopBroker() throws Exception {
        kafka.close();
    }

    @BeforeEach
    void configure() {
        topic = "events-" + UUID.randomUUID();
        System.setProperty("rdw.warehouse", dir.resolve("warehouse").toString());
        System.setProperty("rdw.kafka.bootstrap-servers", kafka.bootstrapServers());
        System.setProperty("rdw.kafka.events-topic", topic);
        System.setProperty("rdw.provenance.flush-timeout", "30s");
        airflow = new AirflowEmulator(Airflow.ApiVersion.V1);
        airflow.dag("clean_rides");
        System.setProperty("rdw.airflow.url", airflow.url());
        System.setProperty("rdw.airflow.username", airflow.username());
        System.setProperty("rdw.airflow.password", airflow.password());
    }

    @AfterEach
    void clear() {
        airflow.close();
        for (String key : KEYS) {
            System.clearProperty(key);
        }
    }

    private static Run rdw(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), args);
        assertThat(out + err.toString()).doesNotContain(AirflowEmulator.PASSWORD);
        return new Run(code, out.toString(), err.toString());
    }

    private String upload(String name, String project) throws Exception {
        Path f = Files.writeString(dir.resolve(name), "id,speed\n1," + UUID.randomUUID().hashCode() + "\n");
        Run up = rdw("upload", f.toString(), "--project", project);
        assertThat(up.code()).as(up.err()).isZero();
        assertThat(up.err()).as("the events reached the broker").doesNotContain("queued");
        return up.out().strip();
    }

    @Test
    void tailPrintsTheEventsAskedForAndStopsAtMax() throws Exception {
        String first = upload("a.csv", "p1");
        String second = upload("b.csv", "p2");
        String third = upload("c.csv", "p2");

        Run tail = rdw("events", "tail", "--from-beginning", "--project", "p2", "--max", "2");
        assertThat(tail.code()).as(tail.err()).isZero();
        List<String> lines = tail.out().lines().toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).contains("file:uploaded", "dw-bucket-bronze/" + second, "p2");
        assertThat(lines.get(1)).contains(third);
        assertThat(tail.out()).doesNotContain(first);

        Run json = rdw("events", "tail", "--from-beginning", "--type", "file:uploaded", "--max", "1", "--json");
        JsonNode event = Json.MAPPER.readTree(json.out().strip());
        assertThat(event.get("key").asText()).isEqualTo(first);
        assertThat(event.get("sha256").asText()).hasSize(64);
    }

    @Test
    void aGroupResumesWhereItStoppedAndIdleEnds() throws Exception {
        String first = upload("a.csv", "p1");
        String second = upload("b.csv", "p1");
        Run one = rdw("events", "tail", "--from-beginning", "--group", "ops", "--max", "1");
        assertThat(one.out()).contains(first).doesNotContain(second);
        Run rest = rdw("events", "tail", "--from-beginning", "--group", "ops", "--idle", "3s");
        assertThat(rest.code()).as(rest.err()).isZero();
        assertThat(rest.out().lines().toList()).singleElement().asString().contains(second);
    }

    @Test
    void kcatReadsTheEventsRdwPublished() throws Exception {
        InteropClients.require("kcat", "apt-get install kcat (or brew install kcat)");
        String key = upload("a.csv", "project1");
        Process p = new ProcessBuilder("kcat", "-b", kafka.bootstrapServers(), "-C", "-t", topic, "-o", "beginning", "-e",
                "-q", "-f", "%k\\t%s\\n").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        String[] fields = out.split("\t", 2);
        assertThat(fields[0]).as("the record's key is the object key").isEqualTo(key);
        JsonNode event = Json.MAPPER.readTree(fields[1]);
        assertThat(event.get("type").asText()).isEqualTo("file:uploaded");
        assertThat(event.get("project").asText()).isEqualTo("project1");
        assertThat(event.get("bucket").asText()).isEqualTo("dw-bucket-bronze");
    }

    @Test
    void uploadTriggersTheDagWaitsAndPrintsTheOutcome() throws Exception {
        Path f = Files.writeString(dir.resolve("rides.csv"), "id,speed\n1,12.5\n");
        Run up = rdw("upload", f.toString(), "--project", "project1", "--trigger", "clean_rides", "--wait");
        assertThat(up.code()).as(up.err()).isZero();
        List<String> lines = up.out().lines().toList();
        String key = lines.get(0);
        assertThat(key).startsWith("project1/");
        String runId = airflow.runIds("clean_rides").get(0);
        assertThat(runId).startsWith("rdw_event__");
        assertThat(lines.get(1)).contains("dag clean_rides", runId, "queued");
        assertThat(lines.get(lines.size() - 1)).contains(runId, "success");
        assertThat(airflow.conf("clean_rides", runId)).containsEntry("key", key).containsEntry("project", "project1")
                .containsEntry("bucket", "dw-bucket-bronze").containsKey("sha256").containsKey("event_id");

        // the same content again stores nothing new: the same write, the same run
        Run again = rdw("upload", f.toString(), "--project", "project1", "--trigger", "clean_rides");
        assertThat(again.code()).as(again.err()).isZero();
        assertThat(airflow.runIds("clean_rides")).containsExactly(runId);

        Run status = rdw("dag", "status", "clean_rides", runId);
        assertThat(status.out()).contains("success", "extract", "transform", "load", "/logs/1");
        assertThat(rdw("dag", "runs", "clean_rides").out()).contains(runId);
    }

    @Test
    void aFailedRunNamesItsTaskAndExitsWithEight() throws Exception {
        airflow.failingTask("clean_rides", "transform");
        Run trigger = rdw("dag", "trigger", "clean_rides", "--conf", "{\"day\": \"2026-12-02\"}", "--wait");
        assertThat(trigger.code()).isEqualTo(Main.RUN_FAILED);
        assertThat(trigger.out()).contains("failed: transform (failed, try 2)", "/logs/2");
        assertThat(trigger.err()).contains("transform");
        assertThat(airflow.conf("clean_rides", airflow.runIds("clean_rides").get(0))).containsEntry("day", "2026-12-02");

        Run bad = rdw("dag", "trigger", "clean_rides", "--conf", "[1, 2]");
        assertThat(bad.code()).isEqualTo(Main.INVALID_INPUT);
        assertThat(bad.err()).contains("--conf must be a JSON object");
    }

    @Test
    void theBridgeRunsTheDagOncePerEvent() throws Exception {
        String first = upload("a.csv", "p1");
        String second = upload("b.csv", "p1");
        upload("c.csv", "p2");
        Run bridge = rdw("stream", "bridge", "--dag", "clean_rides", "--project", "p1", "--from-beginning", "--wait",
                "--max", "2");
        assertThat(bridge.code()).as(bridge.err()).isZero();
        assertThat(bridge.out().lines().toList()).hasSize(2).allSatisfy(l -> assertThat(l).contains("SUCCESS"));
        assertThat(bridge.out()).contains(first, second);
        assertThat(airflow.runIds("clean_rides")).hasSize(2);
    }

    @Test
    void doctorChecksEveryConfiguredServiceRunningOrNot() throws Exception {
        System.setProperty("rdw.logstash.url", "http://127.0.0.1:1"); // configured, and nothing listens there
        try {
            Run doctor = rdw("doctor");
            assertThat(doctor.code()).as("a configured service is down").isEqualTo(Main.UNAVAILABLE);
            List<String> lines = doctor.out().lines().toList();
            assertThat(lines).anySatisfy(l -> assertThat(l).contains("UP", "kafka:" + kafka.bootstrapServers()));
            assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("airflow").contains("UP"));
            assertThat(lines).anySatisfy(l -> assertThat(l).contains("DOWN", "connection refused", "LOGSTASH_URL"));
            assertThat(lines.get(lines.size() - 1)).isEqualTo("7 up, 1 down");

            Run json = rdw("doctor", "--json");
            JsonNode checks = Json.MAPPER.readTree(json.out());
            assertThat(checks.findValuesAsText("component")).contains("storage", "provenance", "airflow");
        } finally {
            System.clearProperty("rdw.logstash.url");
        }
    }
}
