package io.redback.rdw.internal;

import io.redback.rdw.NotFoundException;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FlowsTest {
    private static final Executor SAME_THREAD = Runnable::run;

    /** Emits 0, 1, 2, ... up to {@code n - 1}, only as asked; counts what was requested and whether it was cancelled. */
    static final class Range implements Publisher<Integer> {
        final int n;
        final AtomicLong requested = new AtomicLong();
        final AtomicBoolean cancelled = new AtomicBoolean();

        Range(int n) {
            this.n = n;
        }

        @Override
        public void subscribe(Subscriber<? super Integer> s) {
            s.onSubscribe(new Subscription() {
                int next;
                boolean emitting;

                @Override
                public synchronized void request(long k) {
                    requested.addAndGet(k);
                    if (emitting) {
                        return;
                    }
                    emitting = true;
                    while (!cancelled.get() && next < n && requested.get() > next) {
                        s.onNext(next++);
                    }
                    if (!cancelled.get() && next == n) {
                        next++;
                        s.onComplete();
                    }
                    emitting = false;
                }

                @Override
                public void cancel() {
                    cancelled.set(true);
                }
            });
        }
    }

    static <T> Publisher<T> failing(RuntimeException e) {
        return s -> s.onSubscribe(new Subscription() {
            @Override
            public void request(long n) {
                s.onError(e);
            }

            @Override
            public void cancel() {
            }
        });
    }

    @Test
    void mapsAndWaits() {
        assertThat(Flows.toList(Flows.map(new Range(4), i -> "v" + i))).containsExactly("v0", "v1", "v2", "v3");
        assertThat(Flows.await(new Range(3))).contains(0);
        assertThat(Flows.await(new Range(0))).isEmpty();
    }

    @Test
    void aMappingErrorCancelsTheSourceAndIsThrown() {
        Range source = new Range(10);
        assertThatThrownBy(() -> Flows.toList(Flows.map(source, i -> {
            if (i == 2) {
                throw new IllegalStateException("bad " + i);
            }
            return i;
        }))).isInstanceOf(IllegalStateException.class).hasMessage("bad 2");
        assertThat(source.cancelled).isTrue();
    }

    @Test
    void rethrowsTheStoresExceptionAsItIs() {
        NotFoundException e = new NotFoundException("gone");
        assertThatThrownBy(() -> Flows.await(failing(e))).isSameAs(e);
    }

    @Test
    void runsTheStepAfterASingleValueAndMapsErrors() {
        assertThat(Flows.await(Flows.then(new Range(1), SAME_THREAD, v -> "after " + v, t -> t))).contains("after 0");
        assertThat(Flows.await(Flows.then(new Range(1), SAME_THREAD, v -> null, t -> t))).isEmpty();
        assertThatThrownBy(() -> Flows.await(Flows.then(failing(new IllegalStateException("x")), SAME_THREAD, v -> v,
                t -> new NotFoundException("mapped " + t.getMessage())))).isInstanceOf(NotFoundException.class)
                .hasMessage("mapped x");
    }

    @Test
    void startsAWriteOnlyWhenAskedAndRecordsItEvenIfCancelled() {
        java.util.concurrent.atomic.AtomicReference<Subscriber<? super Long>> writer = new java.util.concurrent.atomic.AtomicReference<>();
        AtomicBoolean writeCancelled = new AtomicBoolean();
        Publisher<Long> write = s -> {
            writer.set(s);
            s.onSubscribe(new Subscription() {
                @Override
                public void request(long n) {
                }

                @Override
                public void cancel() {
                    writeCancelled.set(true);
                }
            });
        };
        List<Object> steps = new java.util.ArrayList<>();
        Publisher<String> p = Flows.then(write, SAME_THREAD, v -> {
            steps.add("recorded " + v);
            return "done";
        }, t -> t);
        java.util.concurrent.atomic.AtomicReference<Subscription> downstream = new java.util.concurrent.atomic.AtomicReference<>();
        p.subscribe(new Subscriber<String>() {
            @Override
            public void onSubscribe(Subscription s) {
                downstream.set(s);
            }

            @Override
            public void onNext(String s) {
                steps.add("emitted");
            }

            @Override
            public void onError(Throwable t) {
                steps.add(t);
            }

            @Override
            public void onComplete() {
                steps.add("complete");
            }
        });
        assertThat(writer.get()).as("not started before a request").isNull();
        downstream.get().request(1);
        downstream.get().cancel();
        writer.get().onNext(1L);
        writer.get().onComplete();

        assertThat(writeCancelled).as("the write itself is not abandoned").isFalse();
        assertThat(steps).containsExactly("recorded 1");
    }

    @Test
    void streamsInBatchesAndCancelsWhenClosed() {
        Range source = new Range(10_000);
        try (Stream<Integer> s = Flows.stream(source, 100)) {
            assertThat(s.limit(150).count()).isEqualTo(150);
            assertThat(source.requested.get()).isLessThanOrEqualTo(250);
        }
        assertThat(source.cancelled).isTrue();
        try (Stream<Integer> s = Flows.stream(new Range(1000), 64)) {
            assertThat(s.mapToInt(Integer::intValue).sum()).isEqualTo(999 * 1000 / 2);
        }
        try (Stream<Object> s = Flows.stream(failing(new NotFoundException("none")), 8)) {
            assertThatThrownBy(s::count).isInstanceOf(NotFoundException.class);
        }
    }
}
