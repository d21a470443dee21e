package io.redback.rdw.tck;

import io.redback.rdw.Layer;
import io.redback.rdw.ObjectRef;
import io.redback.rdw.ProvenanceEvent;
import io.redback.rdw.ProvenanceQuery;
import io.redback.rdw.Health;
import io.redback.rdw.spi.ProvenanceSink;
import io.redback.rdw.spi.ProvenanceStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every {@link ProvenanceSink} must do: record every field durably, keep a replayed event once, lose nothing under
 * concurrent writers, report its health. A sink that cannot be searched overrides {@link #recordedIds()} to read back
 * what its store holds by its own means; a {@link ProvenanceStore} runs {@link ProvenanceStoreContract}, which adds
 * the searches.
 */
public abstract class ProvenanceSinkContract {
    protected ProvenanceSink sink;

    /** A sink over a fresh, empty store. */
    protected abstract ProvenanceSink createSink() throws Exception;

    /** A new sink over the same store as {@link #sink}, as after a restart. */
    protected abstract ProvenanceSink reopen() throws Exception;

    /** Every event the store behind {@link #sink} holds now, newest first (a sink that is a {@link ProvenanceStore}). */
    protected List<ProvenanceEvent> recorded() throws Exception {
        if (!(sink instanceof ProvenanceStore store)) {
            throw new IllegalStateException(sink.describe() + " cannot be searched: override recordedIds() to read back "
                    + "what it holds");
        }
        return store.find(ProvenanceQuery.all());
    }

    /**
     * The ids of the events the store behind {@link #sink} holds now, newest first: a sink that cannot be searched, or
     * keeps only some fields, overrides this to read its store back by its own means.
     */
    protected List<java.util.UUID> recordedIds() throws Exception {
        return recorded().stream().map(ProvenanceEvent::eventId).toList();
    }

    @BeforeEach
    void open() throws Exception {
        sink = createSink();
    }

    @AfterEach
    void close() {
        sink.close();
    }

    protected static ProvenanceEvent event(Layer layer, String key, String type, Instant at) {
        ProvenanceEvent.Lineage lineage = layer == Layer.SILVER
                ? new ProvenanceEvent.Lineage(new ObjectRef(Layer.BRONZE, "p/2025/src.csv"), "ab".repeat(32), "clean", "cd".repeat(32))
                : null;
        return new ProvenanceEvent(UUID.randomUUID(), "rdw:test", type, at, "alice", null,
                "dw-bucket-" + layer.id(), key, 123L, null, "text/csv", "embedded:/tmp/x", "ef".repeat(32), layer,
                "0.1.0", lineage, Map.of("project", "p", "destination_buckets", List.of("dw-bucket-bronze")));
    }

    @Test
    void recordsEveryFieldAndReadsItBack() throws Exception {
        Instant at = Instant.parse("2025-11-25T10:15:00.123456Z");
        ProvenanceEvent e = event(Layer.SILVER, "p/2025/src_processed.parquet", ProvenanceEvent.OBJECT_DERIVED, at);
        sink.record(e);

        if (sink instanceof ProvenanceStore) {
            assertThat(recorded()).containsExactly(e);
        }
        assertThat(recordedIds()).containsExactly(e.eventId());
    }

    @Test
    void keepsAReplayedEventOnce() throws Exception {
        ProvenanceEvent e = event(Layer.BRONZE, "p/2025/a.csv", ProvenanceEvent.FILE_UPLOADED, Instant.now());
        sink.record(e);
        sink.record(e);

        assertThat(recordedIds()).containsExactly(e.eventId());
    }

    @Test
    void reportsItsHealth() {
        Health h = sink.health();
        assertThat(h.status()).as(h.toString()).isEqualTo(Health.Status.UP);
        assertThat(h.backend()).isNotBlank();
    }

    @Test
    void survivesARestart() throws Exception {
        ProvenanceEvent e = event(Layer.BRONZE, "p/2025/a.csv", ProvenanceEvent.FILE_UPLOADED, Instant.now());
        sink.record(e);
        sink.close();
        sink = reopen();

        assertThat(recordedIds()).containsExactly(e.eventId());
    }

    @Test
    void losesNothingUnderConcurrentWriters() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int thread = t;
            done.add(pool.submit(() -> {
                for (int i = 0; i < 50; i++) {
                    sink.record(event(Layer.BRONZE, "p/" + thread + "/" + i + ".csv", ProvenanceEvent.FILE_UPLOADED, Instant.now()));
                }
            }));
        }
        for (Future<?> f : done) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertThat(recordedIds()).hasSize(200).doesNotHaveDuplicates();
    }
}
