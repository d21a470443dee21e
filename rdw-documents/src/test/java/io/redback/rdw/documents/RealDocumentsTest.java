package io.redback.rdw.documents;

import io.redback.rdw.BackendUnavailableException;
import io.redback.rdw.DocumentQuery;
import io.redback.rdw.Documents;
import io.redback.rdw.InvalidInputException;
import io.redback.rdw.NotFoundException;
import io.redback.rdw.ProvenanceEvent;
import io.redback.rdw.WarehouseClient;
import io.redback.rdw.spi.DocumentStore;
import io.redback.rdw.spi.ProvenanceSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * How the blocking API waits on the reactive one and how writes are recorded, against a store whose signals the test
 * controls: errors arrive as rdw's exceptions, a stream asks for a batch at a time and cancels when closed, a write
 * starts when asked for and is recorded on the client's threads even if its subscriber cancels.
 */
class RealDocumentsTest {
    @TempDir
    Path dir;
    final ScriptedStore store = new ScriptedStore();
    final RecordingSink provenance = new RecordingSink();
    WarehouseClient client;
    Documents docs;

    @BeforeEach
    void open() {
        client = WarehouseClient.builder().warehouse(dir).documentStore(store).provenanceSink(provenance).build();
        docs = client.documents("project1");
    }

    @AfterEach
    void close() {
        client.close();
    }

    @Test
    void throwsTheStoresErrorsAsRdwExceptions() {
        NotFoundException gone = new NotFoundException("gone");
        store.failure = gone;
        assertThatThrownBy(() -> docs.get("abc")).isSameAs(gone);

        store.failure = new IOException("disk unplugged");
        assertThatThrownBy(() -> docs.get("abc")).isInstanceOf(BackendUnavailableException.class)
                .hasMessageContaining("disk unplugged");
        assertThatThrownBy(() -> docs.count()).isInstanceOf(BackendUnavailableException.class);
        assertThatThrownBy(() -> docs.find(DocumentQuery.all())).isInstanceOf(BackendUnavailableException.class)
                .hasMessageContaining("disk unplugged");
        try (Stream<Map<String, Object>> s = docs.stream(DocumentQuery.all())) {
            assertThatThrownBy(s::count).isInstanceOf(BackendUnavailableException.class)
                    .hasMessageContaining("disk unplugged");
        }
    }

    @Test
    void streamsABatchAtATimeAndCancelsWhenClosed() {
        try (Stream<Map<String, Object>> s = docs.stream(DocumentQuery.all())) {
            assertThat(s.limit(300).count()).isEqualTo(300);
            // 256 asked for at first, more as three quarters are used: never all 10,000
            assertThat(store.requested.get()).isBetween(300L, 2 * 256L);
        }
        assertThat(store.cancelled).isTrue();

        store.size = 1000;
        try (Stream<ScriptedStore.Numbered> s = docs.stream(DocumentQuery.all(), ScriptedStore.Numbered.class)) {
            assertThat(s.mapToInt(ScriptedStore.Numbered::n).sum()).isEqualTo(999 * 1000 / 2);
        }
    }

    @Test
    void stopsReadingAtADocumentThatIsNotOfTheTypeAskedFor() {
        try (Stream<ScriptedStore.Listed> s = docs.stream(DocumentQuery.all(), ScriptedStore.Listed.class)) {
            assertThatThrownBy(s::count).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("document d0 cannot be read as a Listed");
        }
        assertThat(store.cancelled).as("the rest of the result is not read").isTrue();
        assertThat(store.requested.get()).isLessThanOrEqualTo(256);
    }

    @Test
    void startsAWriteWhenAskedAndRecordsItOnTheClientsThreadsEvenIfCancelled() throws Exception {
        Publisher<String> insert = docs.reactive().insert("{\"title\": \"x\"}");
        List<Object> signals = new CopyOnWriteArrayList<>();
        AtomicReference<Subscription> subscription = new AtomicReference<>();
        insert.subscribe(new Subscriber<String>() {
            @Override
            public void onSubscribe(Subscription s) {
                subscription.set(s);
            }

            @Override
            public void onNext(String id) {
                signals.add(id);
            }

            @Override
            public void onError(Throwable t) {
                signals.add(t);
            }

            @Override
            public void onComplete() {
                signals.add("complete");
            }
        });
        assertThat(store.insertStarted).as("not started before a request").isFalse();

        subscription.get().request(1);
        assertThat(store.insertStarted).isTrue();
        subscription.get().cancel();
        store.pendingInsert.complete(1L);

        assertThat(provenance.recorded.await(30, TimeUnit.SECONDS)).as("the write is recorded").isTrue();
        assertThat(provenance.events).extracting(ProvenanceEvent::eventType).containsExactly("document:inserted");
        String clientThread = client.context().executor().submit(() -> Thread.currentThread().getName()).get();
        assertThat(provenance.thread.get()).isEqualTo(clientThread);
        assertThat(signals).as("nothing reaches a subscriber that cancelled").isEmpty();
    }

    /** A store whose results the test scripts: numbered documents, a failure, an insert that waits. */
    static final class ScriptedStore implements DocumentStore {
        record Numbered(int n) {
        }

        record Listed(List<String> n) {
        }

        volatile Throwable failure;
        volatile int size = 10_000;
        final AtomicLong requested = new AtomicLong();
        final AtomicBoolean cancelled = new AtomicBoolean();
        final CompletableFuture<Long> pendingInsert = new CompletableFuture<>();
        final AtomicBoolean insertStarted = new AtomicBoolean();

        @Override
        public String describe() {
            return "scripted";
        }

        @Override
        public Publisher<Long> insert(String collection, List<Map<String, Object>> documents) {
            return Mono.fromFuture(pendingInsert).doOnSubscribe(s -> insertStarted.set(true));
        }

        @Override
        public Publisher<Map<String, Object>> get(String collection, String id) {
            return failure != null ? Mono.error(failure) : Mono.empty();
        }

        @Override
        public Publisher<Map<String, Object>> find(String collection, DocumentQuery query) {
            if (failure != null) {
                return Flux.error(failure);
            }
            // hidden: a fused source would be polled without requests, and the test counts requests
            return Flux.range(0, size).<Map<String, Object>>map(i -> Map.of("_id", "d" + i, "n", i)).hide()
                    .doOnRequest(requested::addAndGet).doOnCancel(() -> cancelled.set(true));
        }

        @Override
        public Publisher<Long> count(String collection, Map<String, Object> filter) {
            return failure != null ? Mono.error(failure) : Mono.just((long) size);
        }

        @Override
        public Publisher<Long> update(String collection, String id, Map<String, Object> fields) {
            return Mono.just(1L);
        }

        @Override
        public Publisher<Long> replace(String collection, String id, Map<String, Object> document) {
            return Mono.just(1L);
        }

        @Override
        public Publisher<Long> delete(String collection, String id) {
            return Mono.just(1L);
        }

        @Override
        public void close() {
        }
    }

    /** Keeps the events and the thread that recorded the first. */
    static final class RecordingSink implements ProvenanceSink {
        final List<ProvenanceEvent> events = new CopyOnWriteArrayList<>();
        final AtomicReference<String> thread = new AtomicReference<>();
        final CountDownLatch recorded = new CountDownLatch(1);

        @Override
        public String describe() {
            return "recording";
        }

        @Override
        public void record(ProvenanceEvent event) {
            events.add(event);
            thread.compareAndSet(null, Thread.currentThread().getName());
            recorded.countDown();
        }

        @Override
        public void close() {
        }
    }
}
