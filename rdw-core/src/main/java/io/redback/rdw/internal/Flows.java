package io.redback.rdw.internal;

import io.redback.rdw.BackendUnavailableException;
import io.redback.rdw.RdwException;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The few Reactive Streams operators rdw-core needs, so that the API jar depends on the Reactive Streams interfaces
 * only, not on a reactive library: map each element, run a step after a single-valued Publisher completes, and wait
 * for a Publisher from blocking code (one value, a list, or a Stream that asks for data in batches).
 */
public final class Flows {
    private Flows() {
    }

    /** Applies {@code fn} to every element; an exception in it cancels the source and is signalled downstream. */
    public static <A, B> Publisher<B> map(Publisher<A> source, Function<? super A, ? extends B> fn) {
        return downstream -> source.subscribe(new Subscriber<A>() {
            private Subscription upstream;
            private boolean done;

            @Override
            public void onSubscribe(Subscription s) {
                upstream = s;
                downstream.onSubscribe(s);
            }

            @Override
            public void onNext(A a) {
                if (done) {
                    return;
                }
                B b;
                try {
                    b = java.util.Objects.requireNonNull(fn.apply(a), "mapped to null");
                } catch (Throwable t) {
                    done = true;
                    upstream.cancel();
                    downstream.onError(t);
                    return;
                }
                downstream.onNext(b);
            }

            @Override
            public void onError(Throwable t) {
                if (!done) {
                    done = true;
                    downstream.onError(t);
                }
            }

            @Override
            public void onComplete() {
                if (!done) {
                    done = true;
                    downstream.onComplete();
                }
            }
        });
    }

    /**
     * For a source of at most one value (a write): when it completes, runs {@code onSuccess} with its value (or
     * {@code null}) on {@code executor} and emits the result ({@code null}: none); when it fails, signals what
     * {@code onError} returns. Both steps run on the executor, so they may block (record provenance, undo a write)
     * without holding a driver's thread. Cancelling stops the emission only: a write already under way finishes
     * and its step still runs, so a write is never left unrecorded.
     */
    public static <A, B> Publisher<B> then(Publisher<A> source, Executor executor, Function<A, B> onSuccess,
                                           Function<Throwable, Throwable> onError) {
        return downstream -> new Then<>(source, executor, onSuccess, onError, downstream).start();
    }

    private static final class Then<A, B> implements Subscriber<A>, Subscription {
        private final Publisher<A> source;
        private final Executor executor;
        private final Function<A, B> onSuccess;
        private final Function<Throwable, Throwable> onError;
        private final Subscriber<? super B> downstream;
        private final AtomicBoolean requested = new AtomicBoolean();
        private volatile boolean cancelled;
        private Subscription upstream;
        private A value;

        Then(Publisher<A> source, Executor executor, Function<A, B> onSuccess, Function<Throwable, Throwable> onError,
             Subscriber<? super B> downstream) {
            this.source = source;
            this.executor = executor;
            this.onSuccess = onSuccess;
            this.onError = onError;
            this.downstream = downstream;
        }

        void start() {
            downstream.onSubscribe(this);
        }

        @Override
        public void request(long n) {
            if (n <= 0) {
                cancelled = true;
                downstream.onError(new IllegalArgumentException("§3.9: request must be positive, was " + n));
                return;
            }
            // the source is started on the first request: the one value it emits is then always within demand
            if (!cancelled && requested.compareAndSet(false, true)) {
                source.subscribe(this);
            }
        }

        @Override
        public void cancel() {
            cancelled = true;
        }

        @Override
        public void onSubscribe(Subscription s) {
            upstream = s;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(A a) {
            if (value == null) {
                value = a;
            }
        }

        @Override
        public void onError(Throwable t) {
            executor.execute(() -> {
                Throwable signal;
                try {
                    signal = onError.apply(t);
                } catch (Throwable e) {
                    signal = e;
                }
                if (!cancelled) {
                    downstream.onError(signal);
                }
            });
        }

        @Override
        public void onComplete() {
            A v = value;
            executor.execute(() -> {
                B result;
                try {
                    result = onSuccess.apply(v);
                } catch (Throwable e) {
                    if (!cancelled) {
                        downstream.onError(e);
                    }
                    return;
                }
                if (!cancelled) {
                    if (result != null) {
                        downstream.onNext(result);
                    }
                    downstream.onComplete();
                }
            });
        }
    }

    /** Waits for the first value of a Publisher (the rest are ignored); empty if it completes without one. */
    public static <T> Optional<T> await(Publisher<T> source) {
        List<T> all = collect(source, 1);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
    }

    /** Waits for every value of a Publisher. */
    public static <T> List<T> toList(Publisher<T> source) {
        return collect(source, Integer.MAX_VALUE);
    }

    private static <T> List<T> collect(Publisher<T> source, int keep) {
        List<T> values = new ArrayList<>();
        AtomicReference<Throwable> error = new AtomicReference<>();
        AtomicReference<Subscription> subscription = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        source.subscribe(new Subscriber<T>() {
            @Override
            public void onSubscribe(Subscription s) {
                subscription.set(s);
                s.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(T t) {
                synchronized (values) {
                    if (values.size() < keep) {
                        values.add(t);
                    }
                }
            }

            @Override
            public void onError(Throwable t) {
                error.set(t);
                done.countDown();
            }

            @Override
            public void onComplete() {
                done.countDown();
            }
        });
        try {
            done.await();
        } catch (InterruptedException e) {
            Subscription s = subscription.get();
            if (s != null) {
                s.cancel();
            }
            Thread.currentThread().interrupt();
            throw new RdwException("interrupted while waiting for the document store", e);
        }
        if (error.get() != null) {
            throw rethrow(error.get());
        }
        synchronized (values) {
            return new ArrayList<>(values);
        }
    }

    /**
     * The values of a Publisher as a Stream that asks for {@code batch} values at a time, so that at most about that
     * many are held in memory. Close the stream (try-with-resources) to cancel the rest.
     */
    public static <T> Stream<T> stream(Publisher<T> source, int batch) {
        BlockingIterator<T> it = new BlockingIterator<>(batch);
        source.subscribe(it);
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(it, Spliterator.ORDERED | Spliterator.NONNULL),
                false).onClose(it::close);
    }

    /** An error signalled by a Publisher, thrown again in the waiting thread (the original type is kept). */
    static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new BackendUnavailableException("the document store failed: " + t, t);
    }

    private static final class BlockingIterator<T> implements Subscriber<T>, Iterator<T> {
        private static final Object DONE = new Object();

        private final int batch;
        private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
        private final AtomicReference<Subscription> subscription = new AtomicReference<>();
        private volatile boolean closed;
        private Object next;
        private boolean finished;
        private int consumed;

        BlockingIterator(int batch) {
            this.batch = Math.max(batch, 1);
        }

        @Override
        public void onSubscribe(Subscription s) {
            subscription.set(s);
            if (closed) {
                s.cancel();
            } else {
                s.request(batch);
            }
        }

        @Override
        public void onNext(T t) {
            queue.add(t);
        }

        @Override
        public void onError(Throwable t) {
            queue.add(new Failure(t));
        }

        @Override
        public void onComplete() {
            queue.add(DONE);
        }

        @Override
        public boolean hasNext() {
            if (next != null) {
                return true;
            }
            if (finished || closed) {
                return false;
            }
            Object o;
            try {
                o = queue.take();
            } catch (InterruptedException e) {
                close();
                Thread.currentThread().interrupt();
                throw new RdwException("interrupted while reading documents", e);
            }
            if (o == DONE) {
                finished = true;
                return false;
            }
            if (o instanceof Failure f) {
                finished = true;
                throw rethrow(f.error());
            }
            next = o;
            // ask for more once three quarters of a batch are taken: the queue never holds more than one batch
            if (++consumed >= Math.max(1, batch - batch / 4)) {
                subscription.get().request(consumed);
                consumed = 0;
            }
            return true;
        }

        @Override
        @SuppressWarnings("unchecked")
        public T next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            T t = (T) next;
            next = null;
            return t;
        }

        void close() {
            closed = true;
            Subscription s = subscription.get();
            if (s != null && !finished) {
                s.cancel();
            }
        }

        private record Failure(Throwable error) {
        }
    }
}
