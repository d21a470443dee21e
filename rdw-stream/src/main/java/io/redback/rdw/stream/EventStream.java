package io.redback.rdw.stream;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * The warehouse's events, read by a consumer group: {@code Streams.events("my-team").type("file:uploaded")
 * .project("project1").subscribe(e -> ...)}. Delivery is at least once: a batch's offsets are committed only after the
 * handler has returned for every event in it, so an event whose handler threw, or that a stopped process had not
 * finished, comes again (to this group); deduplicate by {@link WarehouseEvent#eventId()} where it matters.
 */
public interface EventStream extends AutoCloseable {

    /** Only events of this type ({@code file:uploaded}, ...); may be given several times. */
    EventStream type(String type);

    /** Only events of this project; may be given several times. */
    EventStream project(String project);

    /** A group with no committed position starts at the oldest event kept, not at new ones. */
    EventStream fromBeginning();

    /**
     * Reads what is there now, hands each matching event to the handler, then commits: returns how many were handled.
     * Waits at most {@code timeout} for events to arrive.
     */
    int poll(Duration timeout, Consumer<WarehouseEvent> handler);

    /**
     * {@link #poll(Duration, Consumer)} handing over at most {@code max} events: the ones after them are not committed
     * and come again with the next poll.
     */
    int poll(Duration timeout, int max, Consumer<WarehouseEvent> handler);

    /** Hands every matching event to the handler on a thread of its own until {@link Subscription#close()}. */
    Subscription subscribe(Consumer<WarehouseEvent> handler);

    /** A running subscription. */
    interface Subscription extends AutoCloseable {
        /** Stops after the event in hand; what was not committed comes again to the group. */
        @Override
        void close();

        /** Why the subscription stopped, if it stopped on an error (a handler that threw). */
        List<Throwable> failures();
    }

    @Override
    void close();
}
