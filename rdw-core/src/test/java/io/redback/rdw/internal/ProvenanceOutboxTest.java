package io.redback.rdw.internal;

import io.redback.rdw.BackendUnavailableException;
import io.redback.rdw.Layer;
import io.redback.rdw.ObjectRef;
import io.redback.rdw.ProvenanceDelivery;
import io.redback.rdw.ProvenanceEvent;
import io.redback.rdw.spi.ProvenanceRefusedException;
import io.redback.rdw.spi.ProvenanceSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class ProvenanceOutboxTest {
    @TempDir
    Path dir;

    /** A remote sink that keeps what it is given, once per event id, and can be switched off or made to refuse. */
    static final class RemoteSink implements ProvenanceSink {
        final List<ProvenanceEvent> kept = Collections.synchronizedList(new ArrayList<>());
        final java.util.Set<UUID> ids = Collections.synchronizedSet(new java.util.HashSet<>());
        volatile boolean down;
        volatile String refuseKey;
        int batches;

        @Override
        public String describe() {
            return "remote:test";
        }

        @Override
        public void record(ProvenanceEvent event) {
            recordAll(List.of(event));
        }

        @Override
        public synchronized void recordAll(List<ProvenanceEvent> events) {
            if (down) {
                throw new BackendUnavailableException("connection refused");
            }
            for (ProvenanceEvent e : events) {
                if (e.objectKey().equals(refuseKey)) {
                    throw new ProvenanceRefusedException(e.eventId(), "value too long for type character varying(255)", null);
                }
            }
            batches++;
            for (ProvenanceEvent e : events) {
                if (ids.add(e.eventId())) {
                    kept.add(e);
                }
            }
        }

        @Override
        public Delivery delivery() {
            return Delivery.OUTBOX;
        }

        @Override
        public void close() {
        }
    }

    static ProvenanceEvent event(String key) {
        return new ProvenanceEvent(UUID.randomUUID(), "rdw:sdk", ProvenanceEvent.FILE_UPLOADED, Instant.now(), "alice", null,
                "dw-bucket-bronze", key, 3L, null, "text/csv", "embedded:/w", "ab", Layer.BRONZE, "test", null, Map.of());
    }

    private ProvenanceSinks sinks(RemoteSink remote) {
        return new ProvenanceSinks(List.of(new ProvenanceSinks.Named("remote", remote)), new ProvenanceOutbox(dir),
                Clock.systemUTC(), Duration.ofSeconds(5));
    }

    @Test
    void eventsReachTheRemoteSinkInOrderAndTheJournalIsRemovedOnceDelivered() {
        RemoteSink remote = new RemoteSink();
        remote.down = true;
        try (ProvenanceSinks s = sinks(remote)) {
            for (int i = 0; i < 1200; i++) {
                s.record(event("p/k" + i));
            }
            remote.down = false;
            List<ProvenanceDelivery> flushed = s.flush(Duration.ofSeconds(30));
            assertThat(flushed).singleElement().satisfies(d -> {
                assertThat(d.queued()).isZero();
                assertThat(d.problem()).isNull();
            });
        }
        assertThat(remote.kept).extracting(ProvenanceEvent::objectKey)
                .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 1200).mapToObj(i -> "p/k" + i).toList());
        assertThat(remote.batches).as("a backlog is delivered in batches of " + ProvenanceSinks.BATCH).isEqualTo(3);
        assertThat(dir.resolve("journal")).isEmptyDirectory();
    }

    @Test
    void aSinkThatIsDownDelaysEventsAndLosesNone() {
        RemoteSink remote = new RemoteSink();
        remote.down = true;
        try (ProvenanceSinks s = sinks(remote)) {
            for (int i = 0; i < 100; i++) {
                s.record(event("p/k" + i)); // every write succeeds: its event is queued
            }
            ProvenanceDelivery status = s.flush(Duration.ofSeconds(5)).get(0);
            assertThat(status.queued()).isEqualTo(100);
            assertThat(status.oldestQueued()).isNotNull();
            assertThat(status.problem()).contains("connection refused");
            remote.down = false;
            ProvenanceDelivery after = s.flush(Duration.ofSeconds(30)).get(0);
            assertThat(after.queued()).isZero();
            assertThat(after.delivered()).isBetween(0L, 100L); // the background thread may have taken some
        }
        assertThat(remote.kept).hasSize(100);
        assertThat(remote.ids).hasSize(100);
    }

    @Test
    void aRefusedEventGoesToTheDeadLetterFileAndTheOthersGoOn() throws Exception {
        RemoteSink remote = new RemoteSink();
        remote.refuseKey = "p/poison";
        try (ProvenanceSinks s = sinks(remote)) {
            s.record(event("p/a"));
            s.record(event("p/poison"));
            s.record(event("p/b"));
            ProvenanceDelivery d = s.flush(Duration.ofSeconds(30)).get(0);
            assertThat(d.queued()).isZero();
            assertThat(d.deadLettered()).isEqualTo(1);
        }
        assertThat(remote.kept).extracting(ProvenanceEvent::objectKey).containsExactly("p/a", "p/b");
        String dead = Files.readString(dir.resolve("dead-letter").resolve("remote.jsonl"));
        assertThat(dead).contains("p/poison").contains("value too long for type character varying(255)");
    }

    @Test
    void aTornLineIsSkippedAndTheEventsAroundItAreDelivered() throws Exception {
        RemoteSink remote = new RemoteSink();
        remote.down = true;
        try (ProvenanceSinks s = sinks(remote)) {
            s.record(event("p/before"));
            Path segment;
            try (var files = Files.list(dir.resolve("journal"))) {
                segment = files.findFirst().orElseThrow();
            }
            Files.writeString(segment, "{\"sinks\":[\"remote\"],\"event\":{\"obj", StandardOpenOption.APPEND);
            s.record(event("p/after"));
            remote.down = false;
            assertThat(s.flush(Duration.ofSeconds(30)).get(0).queued()).isZero();
        }
        assertThat(remote.kept).extracting(ProvenanceEvent::objectKey).containsExactly("p/before", "p/after");
    }

    @Test
    void manyThreadsAppendingAtOnceLoseNothingAndDuplicateNothing() throws Exception {
        RemoteSink remote = new RemoteSink();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try (ProvenanceSinks s = sinks(remote)) {
            List<Future<?>> all = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                all.add(pool.submit(() -> {
                    for (int i = 0; i < 100; i++) {
                        s.record(event("p/t" + thread + "/" + i));
                    }
                }));
            }
            for (Future<?> f : all) {
                f.get(60, TimeUnit.SECONDS);
            }
            assertThat(s.flush(Duration.ofSeconds(30)).get(0).queued()).isZero();
        } finally {
            pool.shutdownNow();
        }
        assertThat(remote.kept).hasSize(800);
        for (int t = 0; t < 8; t++) {
            String prefix = "p/t" + t + "/";
            assertThat(remote.kept.stream().map(ProvenanceEvent::objectKey).filter(k -> k.startsWith(prefix)).toList())
                    .as("one writer's events stay in its order").containsExactlyElementsOf(
                            java.util.stream.IntStream.range(0, 100).mapToObj(i -> prefix + i).toList());
        }
    }

    @Test
    void anEventQueuedByAProcessKilledBeforeDeliveryIsDeliveredByTheNextRun() throws Exception {
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), QueueAndHang.class.getName(), dir.toString())
                .redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null && !line.equals("queued")) {
                // the child's start-up output
            }
            assertThat(line).as("the child queued its event").isEqualTo("queued");
        }
        child.destroyForcibly(); // SIGKILL: no shutdown hook, no close, no delivery
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();

        RemoteSink remote = new RemoteSink();
        try (ProvenanceSinks s = sinks(remote)) {
            assertThat(s.status().get(0).queued()).isEqualTo(1);
            s.flush(Duration.ofSeconds(30));
        }
        assertThat(remote.kept).extracting(ProvenanceEvent::objectKey).containsExactly("p/from-the-killed-run");
    }

    /** The killed process: queues one event with its remote sink down, says so, and waits to be killed. */
    public static final class QueueAndHang {
        public static void main(String[] args) throws Exception {
            RemoteSink down = new RemoteSink();
            down.down = true;
            ProvenanceSinks s = new ProvenanceSinks(List.of(new ProvenanceSinks.Named("remote", down)),
                    new ProvenanceOutbox(Path.of(args[0])), Clock.systemUTC(), Duration.ofSeconds(5));
            s.record(event("p/from-the-killed-run"));
            System.out.println("queued");
            System.out.flush();
            Thread.sleep(120_000);
        }
    }

    @Test
    void theLineageOfADerivedObjectIsFoundBothWays() {
        ObjectRef bronze = new ObjectRef(Layer.BRONZE, "p/2026/rides/rides.csv");
        ObjectRef silver = new ObjectRef(Layer.SILVER, "p/2026/rides/rides.parquet");
        List<ProvenanceEvent> events = new ArrayList<>();
        ProvenanceEvent upload = event(bronze.key());
        ProvenanceEvent clean = new ProvenanceEvent(UUID.randomUUID(), "rdw:sdk", ProvenanceEvent.OBJECT_DERIVED,
                Instant.now(), "alice", null, "dw-bucket-silver", silver.key(), 9L, null, null, "embedded:/w", "cd",
                Layer.SILVER, "test", new ProvenanceEvent.Lineage(bronze, "ab", "clean", "1234"), Map.of());
        events.add(clean);
        events.add(upload);
        io.redback.rdw.spi.ProvenanceStore store = new io.redback.rdw.spi.ProvenanceStore() {
            @Override
            public List<ProvenanceEvent> find(io.redback.rdw.ProvenanceQuery q) {
                return events.stream().filter(q::matches).toList();
            }

            @Override
            public String describe() {
                return "memory";
            }

            @Override
            public void record(ProvenanceEvent event) {
            }

            @Override
            public void close() {
            }
        };
        io.redback.rdw.LineageTree down = new LineageWalk(store).of(bronze);
        assertThat(down.derived()).singleElement().satisfies(t -> assertThat(t.object()).isEqualTo(silver));
        io.redback.rdw.LineageTree up = new LineageWalk(store).of(silver);
        assertThat(up.sources()).singleElement().satisfies(t -> {
            assertThat(t.object()).isEqualTo(bronze);
            assertThat(t.sha256()).isEqualTo("ab");
        });
        assertThat(up.render()).contains("made from:").contains(bronze.toString()).contains("by pipeline clean (spec 1234)");
    }
}
