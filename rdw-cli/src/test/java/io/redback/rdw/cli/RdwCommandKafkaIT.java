package io.redback.rdw.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.redback.rdw.helpers.Json;
import io.redback.rdw.tck.InteropClients;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
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

/** The rdw command with Kafka configured: uploads become events that 'rdw events tail' and kcat both read. */
class RdwCommandKafkaIT {
    static final String[] KEYS = {"rdw.warehouse", "rdw.kafka.bootstrap-servers", "rdw.kafka.events-topic",
            "rdw.provenance.flush-timeout"};
    static KafkaClusterTestKit kafka;
    @TempDir
    Path dir;
    String topic;

    record Run(int code, String out, String err) {
    }

    @BeforeAll
    static void startBroker() throws Exception {
        kafka = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder().setCombined(true).setNumBrokerNodes(1)
                .setNumControllerNodes(1).build())
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .build();
        kafka.format();
        kafka.startup();
        kafka.waitForReadyBrokers();
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
    }

    @AfterEach
    void clear() {
        for (String key : KEYS) {
            System.clearProperty(key);
        }
    }

    private static Run rdw(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), args);
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
}
