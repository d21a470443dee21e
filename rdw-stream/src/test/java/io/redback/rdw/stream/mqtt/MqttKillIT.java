package io.redback.rdw.stream.mqtt;

import io.redback.rdw.WarehouseClient;
import io.redback.rdw.stream.Mqtt;
import io.redback.rdw.stream.MqttIngestion;
import io.redback.rdw.stream.MqttPublisher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static io.redback.rdw.stream.mqtt.StoredMessages.prefix;
import static io.redback.rdw.stream.mqtt.StoredMessages.records;
import static io.redback.rdw.stream.mqtt.StoredMessages.sequence;
import static io.redback.rdw.stream.mqtt.StoredMessages.warehouse;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Faults: the ingester dies between storing a batch and acknowledging it, or is killed with SIGKILL while messages
 * stream in, or the broker restarts under it. Every message ends up stored exactly once, in order.
 */
class MqttKillIT {
    private static final List<Integer> ALL = IntStream.range(0, 3000).boxed().toList();

    @TempDir
    Path folder;

    private static byte[] reading(int seq) {
        return ("{\"seq\": " + seq + ", \"celsius\": " + (15 + seq % 10) + "}").getBytes(StandardCharsets.UTF_8);
    }

    private Process ingester(Path warehouse, int port, int haltAfter, Path output) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), IngestMain.class.getName(),
                warehouse.toString(), Integer.toString(port), Integer.toString(haltAfter)).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
    }

    private static void awaitLine(Path output, String text, Process p) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (System.nanoTime() < deadline) {
            if (Files.exists(output) && Files.readString(output).contains(text)) {
                return;
            }
            if (!p.isAlive() && !Files.readString(output).contains(text)) {
                throw new AssertionError("the ingester ended before printing '" + text + "': " + Files.readString(output));
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
        throw new AssertionError("no '" + text + "' from the ingester: " + Files.readString(output));
    }

    private static long duplicatesIn(Path output) throws IOException {
        return Files.readAllLines(output).stream().filter(l -> l.startsWith("batch "))
                .mapToLong(l -> Long.parseLong(l.split(" ")[2])).sum();
    }

    @Test
    void killedBeforeAcknowledgingThenKilledAgainEveryMessageIsStoredOnce() throws Exception {
        Path dw = folder.resolve("dw");
        try (TestMosquitto broker = TestMosquitto.anonymous(Files.createDirectories(folder.resolve("broker")))) {
            // the first ingester halts right after storing its third batch, before acknowledging it
            Path out1 = folder.resolve("run1.out");
            Process first = ingester(dw, broker.port(), 3, out1);
            awaitLine(out1, "started", first);
            try (WarehouseClient client = warehouse(dw, broker.port(), Map.of());
                 MqttPublisher out = Mqtt.publisher(client.config())) {
                for (int i = 0; i < 1500; i++) {
                    out.send("sensors/k" + i % 3, reading(i), 1);
                }
                out.flush();
                assertThat(first.waitFor(2, TimeUnit.MINUTES)).isTrue();
                assertThat(first.exitValue()).as(Files.readString(out1)).isEqualTo(137);

                // the second sees the third batch again, recognises it, and is killed (SIGKILL) while more arrive
                Path out2 = folder.resolve("run2.out");
                Process second = ingester(dw, broker.port(), 0, out2);
                awaitLine(out2, "started", second);
                for (int i = 1500; i < 2400; i++) {
                    out.send("sensors/k" + i % 3, reading(i), 1);
                }
                out.flush();
                awaitLine(out2, "batch ", second);
                second.destroyForcibly().waitFor(1, TimeUnit.MINUTES);
                assertThat(duplicatesIn(out2)).as(Files.readString(out2)).isPositive();

                for (int i = 2400; i < 3000; i++) {
                    out.send("sensors/k" + i % 3, reading(i), 1);
                }
                out.flush();
            }
            // the third ends the job in this JVM
            try (WarehouseClient client = warehouse(dw, broker.port(), Map.of());
                 MqttIngestion third = Mqtt.ingest(client, "sensors/#", "kill", o -> o.clientId("rdw-kill-it")
                         .maxMessages(200).maxInterval(Duration.ofMillis(300)))) {
                long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
                while (records(client, prefix("kill")).size() < ALL.size() && System.nanoTime() < deadline) {
                    TimeUnit.MILLISECONDS.sleep(200);
                }
                third.close();
                List<Integer> stored = sequence(records(client, prefix("kill")));
                assertThat(stored).hasSize(ALL.size()).doesNotHaveDuplicates();
                for (int t = 0; t < 3; t++) {
                    int first0 = t;
                    assertThat(stored.stream().filter(s -> s % 3 == first0).toList()).as("topic k" + t)
                            .containsExactlyElementsOf(ALL.stream().filter(s -> s % 3 == first0).toList());
                }
            }
        }
    }

    @Test
    void theBrokerRestartedWhileIngestingLosesNothingAndStoresNothingTwice() throws Exception {
        Path dw = folder.resolve("dw");
        try (TestMosquitto broker = TestMosquitto.persistent(Files.createDirectories(folder.resolve("broker")));
             WarehouseClient client = warehouse(dw, broker.port(), Map.of());
             MqttIngestion in = Mqtt.ingest(client, "sensors/#", "restart", o -> o.maxMessages(250)
                     .maxInterval(Duration.ofMillis(300)))) {
            try (MqttPublisher out = Mqtt.publisher(client.config())) {
                for (int i = 0; i < 1500; i++) {
                    out.send("sensors/r", reading(i), 1);
                }
            }
            broker.restart();
            try (MqttPublisher out = Mqtt.publisher(client.config())) {
                for (int i = 1500; i < 3000; i++) {
                    out.send("sensors/r", reading(i), 1);
                }
            }
            assertThat(in.awaitStored(ALL.size(), Duration.ofMinutes(2))).as("stored %d", in.stored()).isTrue();
            in.close();
            assertThat(in.failure()).isEmpty();
            assertThat(sequence(records(client, prefix("restart")))).containsExactlyElementsOf(ALL);
        }
    }
}
