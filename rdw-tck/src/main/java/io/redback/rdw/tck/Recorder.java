package io.redback.rdw.tck;

import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** A subscriber that records what it gets; it asks for {@code demand} values at the start. */
public final class Recorder<T> implements Subscriber<T> {
    final List<T> values = new CopyOnWriteArrayList<>();
    final AtomicReference<Subscription> subscription = new AtomicReference<>();
    final AtomicReference<Throwable> error = new AtomicReference<>();
    final CountDownLatch done = new CountDownLatch(1);
    private final long demand;
    private final java.util.concurrent.Semaphore arrived = new java.util.concurrent.Semaphore(0);

    Recorder(long demand) {
        this.demand = demand;
    }

    static <T> Recorder<T> all() {
        return new Recorder<>(Long.MAX_VALUE);
    }

    @Override
    public void onSubscribe(Subscription s) {
        subscription.set(s);
        s.request(demand);
    }

    @Override
    public void onNext(T t) {
        values.add(t);
        arrived.release();
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

    void awaitValues(int n) {
        try {
            assertThat(arrived.tryAcquire(n, 30, TimeUnit.SECONDS)).as("%d values arrived", n).isTrue();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    List<T> awaitDone() throws InterruptedException {
        assertThat(done.await(30, TimeUnit.SECONDS)).as("completed").isTrue();
        if (error.get() != null) {
            throw new AssertionError("failed", error.get());
        }
        return new ArrayList<>(values);
    }

    Throwable awaitError() throws InterruptedException {
        assertThat(done.await(30, TimeUnit.SECONDS)).as("completed").isTrue();
        assertThat(error.get()).as("an error").isNotNull();
        return error.get();
    }

    /** Subscribes and waits for the single value of a Publisher. */
    public static <T> T single(Publisher<T> p) throws InterruptedException {
        Recorder<T> r = Recorder.all();
        p.subscribe(r);
        List<T> values = r.awaitDone();
        assertThat(values).hasSize(1);
        return values.get(0);
    }
}
