package io.redback.rdw.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.redback.rdw.Layer;
import io.redback.rdw.ObjectInfo;
import io.redback.rdw.WarehouseClient;
import io.redback.rdw.helpers.Json;
import io.redback.rdw.stream.mqtt.TestMosquitto;
import io.redback.rdw.tck.InteropClients;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Year;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code rdw mqtt ingest} and {@code rdw mqtt publish} against a real Mosquitto, in-process, on an embedded warehouse in
 * a temporary folder: what is published is stored in bronze once, in batches of JSON Lines or Parquet; Ctrl-C stores the
 * batch in hand; wildcards and a missing broker are refused with what to do; mosquitto_sub receives the exact bytes rdw
 * published.
 */
class RdwCommandMqttIT {
    /** A batch line: the object, its messages, rejected and duplicates. */
    private static final Pattern BATCH = Pattern.compile(
            "bronze:(p/\\d{4}/t0_mqtt/mqtt_\\d{8}T\\d{9}Z_\\d{8}T\\d{9}Z(?:_\\d+)?\\.jsonl)  (\\d+) messages?  0 rejected  0 duplicates");

    private static final String MQTT_PASSWORD = "rdw-test-SECRET-cli-mqtt";
    private static final String WRONG_PASSWORD = "rdw-test-SECRET-cli-wrong-mqtt";

    @TempDir
    Path dir;
    TestMosquitto broker;

    record Run(int code, String out, String err) {
    }

    @BeforeEach
    void startBroker() throws Exception {
        broker = TestMosquitto.anonymous(Files.createDirectories(dir.resolve("broker")));
        System.setProperty("rdw.mqtt.url", "tcp://127.0.0.1:" + broker.port());
    }

    @AfterEach
    void stopBroker() throws Exception {
        System.clearProperty("rdw.mqtt.url");
        broker.close();
    }

    private Run rdw(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), withWarehouse(args));
        return new Run(code, out.toString(), err.toString());
    }

    private String[] withWarehouse(String... args) {
        return Stream.concat(Stream.of("--warehouse", dir.resolve("wh").toString()), Stream.of(args)).toArray(String[]::new);
    }

    /** Each stored object's payloads in the project's MQTT folder, by key; the rejects are not among them. */
    private Map<String, List<JsonNode>> bronze() throws Exception {
        Map<String, List<JsonNode>> objects = new java.util.TreeMap<>();
        try (WarehouseClient dw = WarehouseClient.builder().warehouse(dir.resolve("wh")).build()) {
            for (ObjectInfo o : dw.bucket(Layer.BRONZE).list("p/")) {
                List<JsonNode> records = new ArrayList<>();
                try (InputStream in = dw.bucket(Layer.BRONZE).open(o.key())) {
                    for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                        records.add(Json.MAPPER.readTree(line));
                    }
                }
                objects.put(o.key(), records);
            }
        }
        return objects;
    }

    private static List<String> payloads(Map<String, List<JsonNode>> objects) {
        return objects.values().stream().flatMap(List::stream).map(r -> r.get("payload").toString()).sorted().toList();
    }

    private Path readings(String name, int from, int count) throws Exception {
        StringBuilder lines = new StringBuilder();
        for (int i = from; i < from + count; i++) {
            lines.append("{\"sensor\":\"t").append(i % 7).append("\",\"seq\":").append(i).append(",\"celsius\":")
                    .append(15 + i % 20).append(".5}\n");
        }
        return Files.writeString(dir.resolve(name), lines.toString());
    }

    private static List<String> expected(int count) {
        List<String> payloads = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            payloads.add("{\"sensor\":\"t" + (i % 7) + "\",\"seq\":" + i + ",\"celsius\":" + (15 + i % 20) + ".5}");
        }
        return payloads.stream().sorted().toList();
    }

    @Test
    void everythingPublishedIsStoredInBronzeOnceInBatches() throws Exception {
        // the first ingestion makes the broker keep a session: what is published meanwhile waits there
        Run subscribe = rdw("mqtt", "ingest", "--topic", "sensors/#", "--project", "p", "--idle", "1s");
        assertThat(subscribe.code()).as(subscribe.err()).isZero();
        assertThat(subscribe.err()).contains("ingesting sensors/# into bronze:p/" + Year.now(ZoneOffset.UTC) + "/t0_mqtt/");
        assertThat(subscribe.out()).isEqualTo("stored 0 messages in 0 batches, 0 rejected, 0 duplicates\n");

        Run first = rdw("mqtt", "publish", "sensors/a", "--lines", readings("a.jsonl", 0, 600).toString());
        assertThat(first.code()).as(first.err()).isZero();
        assertThat(first.out()).isEqualTo("published 600 messages to sensors/a\n");
        Run second = rdw("mqtt", "publish", "sensors/b/c", "--lines", readings("b.jsonl", 600, 400).toString(), "--qos", "2");
        assertThat(second.out()).isEqualTo("published 400 messages to sensors/b/c\n");

        Run ingest = rdw("mqtt", "ingest", "--topic", "sensors/#", "--project", "p", "--stop-after", "1000",
                "--max-messages", "300", "--max-interval", "1s");
        assertThat(ingest.code()).as(ingest.err()).isZero();
        List<String> lines = ingest.out().lines().toList();
        List<String> batchKeys = new ArrayList<>();
        int messages = 0;
        for (String line : lines.subList(0, lines.size() - 1)) {
            Matcher m = BATCH.matcher(line);
            assertThat(m.matches()).as(line).isTrue();
            batchKeys.add(m.group(1));
            assertThat(Integer.parseInt(m.group(2))).as(line).isBetween(1, 300);
            messages += Integer.parseInt(m.group(2));
        }
        assertThat(messages).isEqualTo(1000);
        assertThat(batchKeys).hasSizeGreaterThanOrEqualTo(4).doesNotHaveDuplicates();
        assertThat(lines.get(lines.size() - 1))
                .isEqualTo("stored 1000 messages in " + batchKeys.size() + " batches, 0 rejected, 0 duplicates");

        Map<String, List<JsonNode>> objects = bronze();
        assertThat(objects.keySet()).containsExactlyInAnyOrderElementsOf(batchKeys);
        assertThat(payloads(objects)).as("every message once, its JSON kept as JSON").isEqualTo(expected(1000));
        JsonNode record = objects.values().iterator().next().get(0);
        assertThat(record.get("topic").asText()).isIn("sensors/a", "sensors/b/c");
        assertThat(record.get("qos").asInt()).isEqualTo(1);
        assertThat(record.get("retain").asBoolean()).isFalse();
        assertThat(record.get("payload_base64").asBoolean()).isFalse();
        assertThat(record.get("received").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");

        // the README's query: the folder of batches, read as one table
        Run query = rdw("query", "--format", "csv", "SELECT topic, count(*) AS messages, round(avg(CAST("
                + "json_extract_string(payload, '$.celsius') AS DOUBLE)), 2) AS avg_celsius, count(DISTINCT payload.seq) AS seqs"
                + " FROM \"dw-bucket-bronze\".\"p\".\"" + Year.now(ZoneOffset.UTC) + "\".\"t0_mqtt\" GROUP BY topic ORDER BY topic");
        assertThat(query.code()).as(query.err()).isZero();
        assertThat(query.out()).isEqualTo("topic,messages,avg_celsius,seqs\nsensors/a,600,25.0,600\nsensors/b/c,400,25.0,400\n");

        // nothing is left for the next ingestion
        Run again = rdw("mqtt", "ingest", "--topic", "sensors/#", "--project", "p", "--idle", "2s");
        assertThat(again.out()).isEqualTo("stored 0 messages in 0 batches, 0 rejected, 0 duplicates\n");
        assertThat(bronze()).hasSameSizeAs(objects);
    }

    @Test
    void ctrlCStoresTheBatchInHandAndTheRestWaitsForTheNextIngestion() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        AtomicInteger code = new AtomicInteger(-1);
        // a batch that would wait a minute: only the stop stores it
        Thread ingest = new Thread(() -> code.set(Main.run(new PrintWriter(out), new PrintWriter(err), withWarehouse("mqtt",
                "ingest", "--topic", "sensors/#", "--project", "p", "--max-messages", "1000", "--max-interval", "10m"))));
        ingest.start();
        while (!err.toString().contains("ingesting") && ingest.isAlive()) {
            TimeUnit.MILLISECONDS.sleep(20);
        }
        assertThat(err.toString()).contains("ingesting sensors/#");
        Run publish = rdw("mqtt", "publish", "sensors/t1", "--lines", readings("r.jsonl", 0, 50).toString());
        assertThat(publish.out()).isEqualTo("published 50 messages to sensors/t1\n");

        ingest.interrupt(); // what Ctrl-C does: rdw's shutdown hook interrupts the command
        ingest.join(TimeUnit.MINUTES.toMillis(2));
        assertThat(ingest.isAlive()).isFalse();
        assertThat(code.get()).as(err.toString()).isZero();
        List<String> lines = out.toString().lines().toList();
        String summary = lines.get(lines.size() - 1);
        assertThat(summary).matches("stored \\d+ messages? in [01] batch(es)?, 0 rejected, 0 duplicates");

        // whatever had not reached the stopped ingestion is still in its session on the broker
        Run rest = rdw("mqtt", "ingest", "--topic", "sensors/#", "--project", "p", "--idle", "2s");
        assertThat(rest.code()).as(rest.err()).isZero();
        assertThat(payloads(bronze())).as("each message once, across both").isEqualTo(expected(50));
    }

    @Test
    void parquetBatchesHaveOneSchemaAndOtherFormatsAreRefused() throws Exception {
        Run csv = rdw("mqtt", "ingest", "--topic", "meters/#", "--project", "q", "--format", "csv");
        assertThat(csv.code()).isEqualTo(2);
        assertThat(csv.err()).contains("--format csv is not a format of MQTT batches", "jsonl", "parquet");
        assertThat(dir.resolve("wh")).as("nothing was opened").doesNotExist();

        assertThat(rdw("mqtt", "ingest", "--topic", "meters/#", "--project", "q", "--idle", "1s").code()).isZero();
        assertThat(rdw("mqtt", "publish", "meters/m1", "--lines", readings("m.jsonl", 0, 250).toString()).code()).isZero();
        assertThat(rdw("mqtt", "publish", "meters/m2", "not JSON").code()).isZero();
        Run ingest = rdw("mqtt", "ingest", "--topic", "meters/#", "--project", "q", "--format", "parquet", "--stop-after",
                "251", "--max-messages", "100", "--max-interval", "1s");
        assertThat(ingest.code()).as(ingest.err()).isZero();
        List<String> lines = ingest.out().lines().toList();
        assertThat(lines.subList(0, lines.size() - 1)).isNotEmpty().allSatisfy(l -> assertThat(l)
                .matches("bronze:q/\\d{4}/t0_mqtt/mqtt_\\S+\\.parquet  \\d+ messages?  0 rejected  0 duplicates"));
        assertThat(lines.get(lines.size() - 1)).startsWith("stored 251 messages in ");

        Run query = rdw("query", "--format", "csv", "SELECT count(*) AS n, sum(CASE WHEN payload_base64 THEN 1 ELSE 0 END) "
                + "AS base64, count(DISTINCT CASE WHEN NOT payload_base64 THEN json_extract_string(payload, '$.seq') END) AS seqs, "
                + "min(typeof(received)) AS received "
                + "FROM \"dw-bucket-bronze\".\"q\".\"" + Year.now(ZoneOffset.UTC) + "\".\"t0_mqtt\"");
        assertThat(query.code()).as(query.err()).isZero();
        assertThat(query.out()).isEqualTo("n,base64,seqs,received\n251,1,250,TIMESTAMP\n");
    }

    @Test
    void publishingNeedsABrokerAndOneTopicName() throws Exception {
        Run wildcard = rdw("mqtt", "publish", "sensors/#", "hello");
        assertThat(wildcard.code()).isEqualTo(Main.INVALID_INPUT);
        assertThat(wildcard.err()).contains("has a wildcard", "one topic name");
        assertThat(rdw("mqtt", "publish", "sensors/+/t", "hello").code()).isEqualTo(Main.INVALID_INPUT);

        Run two = rdw("mqtt", "publish", "sensors/t1", "hello", "--lines", "x.jsonl");
        assertThat(two.code()).isEqualTo(2);
        assertThat(two.err()).contains("not several");
        Run none = rdw("mqtt", "publish", "sensors/t1");
        assertThat(none.code()).isEqualTo(2);
        assertThat(none.err()).contains("MESSAGE, --file FILE or --lines FILE");
        Run missing = rdw("mqtt", "publish", "sensors/t1", "--file", dir.resolve("nothing-here").toString());
        assertThat(missing.code()).isEqualTo(Main.NOT_FOUND);

        Assumptions.assumeTrue(Stream.of("MQTT_BROKER_URL", "RDW_MQTT_URL", "MQTT_HOST").allMatch(v -> System.getenv(v) == null),
                "this environment configures a broker");
        System.clearProperty("rdw.mqtt.url");
        Run unconfigured = rdw("mqtt", "publish", "sensors/t1", "hello");
        assertThat(unconfigured.code()).isEqualTo(Main.CONFIGURATION);
        assertThat(unconfigured.err()).startsWith("rdw: no MQTT broker is configured").contains("MQTT_BROKER_URL");
        Run ingest = rdw("mqtt", "ingest", "--topic", "sensors/#", "--project", "p", "--idle", "1s");
        assertThat(ingest.code()).isEqualTo(Main.CONFIGURATION);
        assertThat(ingest.err()).contains("MQTT_BROKER_URL");
    }

    @Test
    void aRefusedLoginNamesTheSettingsAndNeverThePassword() throws Exception {
        try (TestMosquitto secured = TestMosquitto.withUser(Files.createDirectories(dir.resolve("secured")), "rdw-cli",
                MQTT_PASSWORD)) {
            System.setProperty("rdw.mqtt.url", "tcp://127.0.0.1:" + secured.port());
            System.setProperty("rdw.mqtt.username", "rdw-cli");
            try {
                System.setProperty("rdw.mqtt.password", MQTT_PASSWORD);
                Run allowed = rdw("mqtt", "publish", "sensors/t1", "hello");
                assertThat(allowed.code()).as(allowed.err()).isZero();

                System.setProperty("rdw.mqtt.password", WRONG_PASSWORD);
                for (Run refused : List.of(rdw("mqtt", "publish", "sensors/t1", "hello"),
                        rdw("mqtt", "ingest", "--topic", "sensors/#", "--project", "p", "--idle", "1s"))) {
                    assertThat(refused.code()).as(refused.err()).isEqualTo(Main.REFUSED);
                    assertThat(refused.err()).contains("refused the login", "MQTT_USERNAME", "MQTT_PASSWORD");
                    assertThat(refused.out() + refused.err()).doesNotContain(WRONG_PASSWORD).doesNotContain(MQTT_PASSWORD);
                }
            } finally {
                System.clearProperty("rdw.mqtt.username");
                System.clearProperty("rdw.mqtt.password");
            }
        }
    }

    @Test
    void mosquittoSubReceivesTheExactBytesRdwPublished() throws Exception {
        InteropClients.require("mosquitto_sub", "apt-get install mosquitto-clients");
        // a session of its own on the broker first (-c, -E: subscribe and leave), so no message can go before it listens
        List<String> sub = List.of("mosquitto_sub", "-h", "127.0.0.1", "-p", Integer.toString(broker.port()), "-i",
                "rdw-it-sub", "-c", "-q", "1", "-t", "sensors/raw");
        assertThat(mosquittoSub(sub, "-E")).isEmpty();

        String text = "{\"celsius\": 21.5, \"where\": \"Zürich – Halle 3\"}";
        Run message = rdw("mqtt", "publish", "sensors/raw", text);
        assertThat(message.code()).as(message.err()).isZero();
        assertThat(message.out()).isEqualTo("published 1 message to sensors/raw\n");
        assertThat(mosquittoSub(sub, "-C", "1", "-N")).isEqualTo(text.getBytes(StandardCharsets.UTF_8));

        byte[] binary = new byte[4096];
        for (int i = 0; i < binary.length; i++) {
            binary[i] = (byte) (i * 31 + i / 256);
        }
        Path file = Files.write(dir.resolve("frame.bin"), binary);
        Run bytes = rdw("mqtt", "publish", "sensors/raw", "--file", file.toString(), "--qos", "2");
        assertThat(bytes.code()).as(bytes.err()).isZero();
        assertThat(mosquittoSub(sub, "-C", "1", "-N")).isEqualTo(binary);

        // each line of standard input, without its line end; empty lines are no messages, as with mosquitto_pub -l
        InputStream stdin = System.in;
        try {
            System.setIn(new java.io.ByteArrayInputStream("first\r\n\nsecond\nthird".getBytes(StandardCharsets.UTF_8)));
            Run lines = rdw("mqtt", "publish", "sensors/raw", "--lines", "-");
            assertThat(lines.out()).isEqualTo("published 3 messages to sensors/raw\n");
        } finally {
            System.setIn(stdin);
        }
        assertThat(new String(mosquittoSub(sub, "-C", "3"), StandardCharsets.UTF_8)).isEqualTo("first\nsecond\nthird\n");
    }

    private byte[] mosquittoSub(List<String> command, String... more) throws Exception {
        List<String> all = new ArrayList<>(command);
        all.addAll(List.of(more));
        all.addAll(List.of("-W", "60"));
        Process p = new ProcessBuilder(all).redirectError(dir.resolve("mosquitto_sub.err").toFile()).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(90, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(Files.readString(dir.resolve("mosquitto_sub.err"))).isZero();
        return out;
    }
}
