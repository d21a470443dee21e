package io.redback.rdw.cli;

import io.redback.rdw.storage.crash.ChildJvm;
import io.redback.rdw.stream.Airflow;
import io.redback.rdw.stream.DagBridge;
import io.redback.rdw.stream.WarehouseEvent;
import io.redback.rdw.stream.airflow.AirflowEmulator;
import io.redback.rdw.stream.kafka.TestBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.RemoveMembersFromConsumerGroupOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 'rdw stream bridge --wait' killed with SIGKILL while it waits for a run it triggered, then started again in the same
 * consumer group: the event it had not committed comes again, Airflow answers 409 to its known run id, and every
 * event has exactly one DAG run. The bridge runs in a child JVM (ChildJvm), the broker and the stand-in Airflow here.
 */
class BridgeKillIT {
    private static final String DAG = "clean_rides";
    private static final String GROUP = "g1";
    private static final int EVENTS = 6;
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    /** A matching event on the topic, where it is. */
    private record Placed(TopicPartition partition, long offset, WarehouseEvent event) {
    }

    @AfterEach
    void clear() {
        for (String key : RdwCommandStreamIT.KEYS) {
            System.clearProperty(key);
        }
    }

    @Test
    void aBridgeKilledWhileItWaitsAndRestartedStartsEachRunOnce() throws Exception {
        try (KafkaClusterTestKit kafka = TestBroker.start(TestBroker.Nodes.COMBINED);
             AirflowEmulator airflow = new AirflowEmulator(Airflow.ApiVersion.V1);
             Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            String topic = "events-" + UUID.randomUUID();
            airflow.dag(DAG);
            Path warehouse = dir.resolve("warehouse");
            System.setProperty("rdw.warehouse", warehouse.toString());
            System.setProperty("rdw.kafka.bootstrap-servers", kafka.bootstrapServers());
            System.setProperty("rdw.kafka.events-topic", topic);
            System.setProperty("rdw.provenance.flush-timeout", "30s");

            // 1. N uploads, N events on the topic
            Set<String> keys = new HashSet<>();
            for (int i = 0; i < EVENTS; i++) {
                keys.add(upload("f" + i + ".csv", "p1"));
            }
            assertThat(keys).hasSize(EVENTS);
            List<Placed> events = readEvents(kafka.bootstrapServers(), topic);
            assertThat(events).extracting(p -> p.event().key()).containsExactlyInAnyOrderElementsOf(keys);
            Set<String> expectedRuns = new HashSet<>();
            events.forEach(p -> expectedRuns.add(DagBridge.runId(p.event().eventId())));
            assertThat(expectedRuns).hasSize(EVENTS);

            Map<String, String> env = Map.of("RDW_WAREHOUSE", warehouse.toString(),
                    "RDW_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(), "RDW_KAFKA_EVENTS_TOPIC", topic,
                    "RDW_AIRFLOW_URL", airflow.url(), "RDW_AIRFLOW_USERNAME", airflow.username(),
                    "RDW_AIRFLOW_PASSWORD", airflow.password());
            String[] bridge = {"stream", "bridge", "--dag", DAG, "--project", "p1", "--from-beginning", "--wait",
                    "--group", GROUP};

            // 2. + 3. the bridge, killed as soon as its second run exists: it is then waiting for that run (queued,
            // running, success on successive polls, seconds apart), so that run's event is not committed
            List<String> runsAtKill;
            int triggersAtKill;
            String firstOutput;
            try (ChildJvm first = ChildJvm.start(dir.resolve("tmp1"), env, Main.class, bridge)) {
                long deadline = System.nanoTime() + DEADLINE.toNanos();
                while (airflow.runIds(DAG).size() < 2) {
                    assertThat(ProcessHandle.of(first.pid()).map(ProcessHandle::isAlive).orElse(false)).as("the bridge is running; its output:\n%s", first.output()).isTrue();
                    assertThat(System.nanoTime()).as("2 runs within %s; the bridge's output:\n%s", DEADLINE, first.output())
                            .isLessThan(deadline);
                    Thread.sleep(10);
                }
                first.kill();
                runsAtKill = airflow.runIds(DAG);
                triggersAtKill = airflow.triggers(DAG);
                firstOutput = first.output();
            }
            String awaited = runsAtKill.get(runsAtKill.size() - 1);
            String awaitedState = airflow.state(DAG, awaited);
            assertThat(awaitedState).as("the kill came while the bridge waited for %s", awaited)
                    .isNotEqualTo("success");
            assertThat(runsAtKill).doesNotHaveDuplicates().isSubsetOf(expectedRuns);

            // The dead bridge stays a member of the group until its session times out (45 s); an operator, or here
            // the test, removes it so that the restarted bridge is given the partitions at once.
            removeMembers(admin);
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(GROUP)
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            List<Placed> uncommitted = events.stream().filter(p -> {
                OffsetAndMetadata c = committed.get(p.partition());
                return c == null || p.offset() >= c.offset();
            }).toList();
            assertThat(uncommitted).as("the awaited run's event was not committed")
                    .anyMatch(p -> DagBridge.runId(p.event().eventId()).equals(awaited));

            // 4. the bridge again, in the same group: it handles exactly the uncommitted events, then stops
            String[] again = Stream.concat(Arrays.stream(bridge), Stream.of("--max", Integer.toString(uncommitted.size())))
                    .toArray(String[]::new);
            String secondOutput;
            try (ChildJvm second = ChildJvm.start(dir.resolve("tmp2"), env, Main.class, again)) {
                second.proceed();
                int exit = second.waitFor();
                secondOutput = second.output();
                assertThat(exit).as("the restarted bridge's exit; its output:\n%s", secondOutput).isZero();
            }
            List<String> outcomes = secondOutput.lines().filter(l -> l.contains(" -> " + DAG + " ")).toList();
            assertThat(outcomes).as(secondOutput).hasSize(uncommitted.size())
                    .allSatisfy(l -> assertThat(l).contains("SUCCESS"));
            for (Placed p : uncommitted) {
                assertThat(outcomes).as(secondOutput).anyMatch(l -> l.startsWith(p.event().key() + " -> ")
                        && l.contains(DagBridge.runId(p.event().eventId())));
            }
            assertThat(firstOutput + secondOutput).doesNotContain(AirflowEmulator.PASSWORD);

            System.out.printf("killed with %d runs (waiting for %s, %s); %d events uncommitted; %d triggers%n",
                    runsAtKill.size(), awaited, awaitedState, uncommitted.size(), airflow.triggers(DAG));

            // 5. one run per event, and the uncommitted events were triggered again: those that had a run got a 409
            List<String> runs = airflow.runIds(DAG);
            assertThat(runs).hasSize(EVENTS).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(expectedRuns);
            assertThat(runs.subList(0, runsAtKill.size())).isEqualTo(runsAtKill);
            assertThat(airflow.triggers(DAG)).isEqualTo(triggersAtKill + uncommitted.size()).isGreaterThan(EVENTS);
            for (Placed p : events) {
                String runId = DagBridge.runId(p.event().eventId());
                assertThat(airflow.state(DAG, runId)).as(runId).isEqualTo("success");
                assertThat(airflow.conf(DAG, runId)).containsEntry("event_id", p.event().eventId().toString())
                        .containsEntry("key", p.event().key());
            }
            // and the group has committed every event: a third start would trigger nothing
            Map<TopicPartition, OffsetAndMetadata> after = admin.listConsumerGroupOffsets(GROUP)
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            for (Placed p : events) {
                assertThat(after.get(p.partition())).as("%s committed", p.partition()).isNotNull();
                assertThat(after.get(p.partition()).offset()).isGreaterThan(p.offset());
            }
        }
    }

    private String upload(String name, String project) throws Exception {
        Path f = Files.writeString(dir.resolve(name), "id,speed\n1," + UUID.randomUUID() + "\n");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), "upload", f.toString(), "--project", project);
        assertThat(code).as(err.toString()).isZero();
        assertThat(err.toString()).as("the event reached the broker").doesNotContain("queued");
        return out.toString().strip();
    }

    /** Every file:uploaded event of project p1 on the topic, read from its beginning to its end now. */
    private static List<Placed> readEvents(String bootstrap, String topic) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("enable.auto.commit", "false");
        List<Placed> events = new ArrayList<>();
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = c.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            c.assign(partitions);
            c.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = new HashMap<>(c.endOffsets(partitions, Duration.ofSeconds(30)));
            long deadline = System.nanoTime() + DEADLINE.toNanos();
            while (partitions.stream().anyMatch(tp -> c.position(tp, Duration.ofSeconds(30)) < end.get(tp))) {
                assertThat(System.nanoTime()).as("the topic read within %s", DEADLINE).isLessThan(deadline);
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(200))) {
                    WarehouseEvent e = WarehouseEvent.parse(r.value());
                    if ("file:uploaded".equals(e.type()) && "p1".equals(e.project())) {
                        events.add(new Placed(new TopicPartition(r.topic(), r.partition()), r.offset(), e));
                    }
                }
            }
        }
        return events;
    }

    /** Removes the group's members (the killed bridge), if it has any. */
    private static void removeMembers(Admin admin) throws Exception {
        ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(GROUP)).describedGroups().get(GROUP)
                .get(30, TimeUnit.SECONDS);
        if (!group.members().isEmpty()) {
            admin.removeMembersFromConsumerGroup(GROUP, new RemoveMembersFromConsumerGroupOptions()).all()
                    .get(30, TimeUnit.SECONDS);
        }
    }
}
