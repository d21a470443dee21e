package io.redback.rdw.internal;

import io.redback.rdw.BackendUnavailableException;
import io.redback.rdw.ConfigurationException;
import io.redback.rdw.ProvenanceDelivery;
import io.redback.rdw.ProvenanceEvent;
import io.redback.rdw.ProvenanceQuery;
import io.redback.rdw.spi.ProvenanceRefusedException;
import io.redback.rdw.spi.ProvenanceSink;
import io.redback.rdw.spi.ProvenanceStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Every configured sink as one. An event is recorded in each in-line sink, in order, then appended once to the durable
 * outbox for the remote ones, before the write it describes is reported as done. If an in-line sink or the outbox
 * cannot take it, the sinks that did are told with an {@code object:write-undone} event (the caller undoes the write)
 * and the failure names the sink. A background thread delivers the outbox to the remote sinks in batches, retries with
 * backoff while one is down, and the rest is delivered when the client closes, or on the next run.
 * Queries go to the first sink that can answer them.
 */
public final class ProvenanceSinks implements ProvenanceStore {
    /** The event that takes back one that was recorded for a write that was then undone. */
    public static final String WRITE_UNDONE = "object:write-undone";
    private static final Logger LOG = LoggerFactory.getLogger(ProvenanceSinks.class);
    /** Events per delivery round trip: one transaction on PostgreSQL, one JSON array to Logstash. */
    static final int BATCH = 500;
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(60);

    /** A sink with the stable name its outbox cursor and dead-letter file go by. */
    public record Named(String name, ProvenanceSink sink) {
        public Named {
            if (!name.matches("[a-z0-9][a-z0-9._-]{0,63}")) {
                throw new IllegalArgumentException("a provenance sink's name is lower-case letters, digits, '.', '_' "
                        + "and '-': " + name);
            }
        }
    }

    private final List<Named> sinks;
    private final List<Named> inLine;
    private final List<Named> queued;
    private final ProvenanceOutbox outbox;
    private final Clock clock;
    private final Duration flushTimeout;
    private final Map<String, String> problems = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, java.util.concurrent.atomic.AtomicLong> delivered = new java.util.concurrent.ConcurrentHashMap<>();
    private final ScheduledThreadPoolExecutor deliverer;
    private ScheduledFuture<?> pending;
    private Duration backoff = Duration.ofSeconds(1);

    /** Sinks that all take their events in line (tests, and clients with no remote sink). */
    public ProvenanceSinks(List<ProvenanceSink> sinks) {
        this(sinks.stream().map(s -> new Named("sink" + sinks.indexOf(s), s)).toList(), null, Clock.systemUTC(),
                Duration.ZERO);
    }

    /**
     * @param outbox       where events for {@link ProvenanceSink.Delivery#OUTBOX} sinks wait; needed only if one is
     * @param flushTimeout how long {@link #close()} waits for the outbox to drain
     */
    public ProvenanceSinks(List<Named> sinks, ProvenanceOutbox outbox, Clock clock, Duration flushTimeout) {
        if (sinks.isEmpty()) {
            throw new ConfigurationException("no provenance sink is configured: every write must be recorded somewhere; "
                    + "set rdw.provenance (RDW_PROVENANCE)");
        }
        this.sinks = List.copyOf(sinks);
        this.inLine = sinks.stream().filter(n -> n.sink().delivery() == ProvenanceSink.Delivery.IN_LINE).toList();
        this.queued = sinks.stream().filter(n -> n.sink().delivery() == ProvenanceSink.Delivery.OUTBOX).toList();
        if (!queued.isEmpty() && outbox == null) {
            throw new IllegalArgumentException("remote provenance sinks need an outbox");
        }
        this.outbox = outbox;
        this.clock = clock;
        this.flushTimeout = flushTimeout;
        if (queued.isEmpty()) {
            deliverer = null;
        } else {
            deliverer = new ScheduledThreadPoolExecutor(1, r -> {
                Thread t = new Thread(r, "rdw-provenance-outbox");
                t.setDaemon(true);
                return t;
            });
            deliverer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
            scheduleDelivery(Duration.ZERO); // what an earlier run left queued
        }
    }

    /** The sinks, in order. */
    public List<ProvenanceSink> sinks() {
        return sinks.stream().map(Named::sink).toList();
    }

    @Override
    public String describe() {
        return String.join(", ", sinks.stream().map(n -> n.sink().describe()
                + (n.sink().delivery() == ProvenanceSink.Delivery.OUTBOX ? " (through the outbox)" : "")).toList());
    }

    @Override
    public void record(ProvenanceEvent event) {
        List<ProvenanceSink> done = new ArrayList<>();
        for (Named n : inLine) {
            try {
                n.sink().record(event);
                done.add(n.sink());
            } catch (RuntimeException e) {
                throw undone(event, done, n.sink().describe() + " could not record the event: " + e.getMessage(), e);
            }
        }
        if (queued.isEmpty()) {
            return;
        }
        try {
            outbox.append(event, queued.stream().map(Named::name).toList(), clock.instant());
        } catch (RuntimeException e) {
            throw undone(event, done, "the provenance outbox " + outbox.dir() + " could not keep the event: "
                    + e.getMessage(), e);
        }
        scheduleDelivery(Duration.ofMillis(20));
    }

    private static BackendUnavailableException undone(ProvenanceEvent event, List<ProvenanceSink> done, String why,
                                                      RuntimeException cause) {
        takeBack(event, done);
        return new BackendUnavailableException(why + (done.isEmpty() ? "" : " (the " + done.size() + " sink"
                + (done.size() == 1 ? "" : "s") + " that recorded it were told it was undone)"), cause);
    }

    private static void takeBack(ProvenanceEvent event, List<ProvenanceSink> done) {
        if (done.isEmpty()) {
            return;
        }
        Map<String, Object> meta = new LinkedHashMap<>(event.customMetadata());
        meta.put("undone_event_id", event.eventId().toString());
        meta.put("undone_event_type", event.eventType());
        ProvenanceEvent undone = new ProvenanceEvent(UUID.randomUUID(), event.eventSource(), WRITE_UNDONE,
                event.timestamp(), event.userId(), event.sourceIp(), event.bucketName(), event.objectKey(),
                event.objectSize(), event.objectEtag(), event.contentType(), event.serviceEndpoint(), event.sha256(),
                event.layer(), event.rdwVersion(), event.lineage(), meta);
        for (ProvenanceSink sink : done) {
            try {
                sink.record(undone);
            } catch (RuntimeException e) {
                LOG.warn("{} recorded event {} of a write that was undone, and could not record that it was undone: {}",
                        sink.describe(), event.eventId(), e.getMessage());
            }
        }
    }

    // ---- the outbox ----

    private synchronized void scheduleDelivery(Duration delay) {
        if (deliverer == null || deliverer.isShutdown() || (pending != null && !pending.isDone())) {
            return;
        }
        pending = deliverer.schedule(this::deliverInBackground, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void deliverInBackground() {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        boolean stalled = false;
        boolean more = false;
        for (Named n : queued) {
            Round r = deliver(n, deadline);
            stalled |= r.problem != null;
            more |= r.busy || r.timedOut;
        }
        synchronized (this) {
            pending = null;
            if (stalled) {
                Duration wait = backoff;
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
                scheduleDelivery(wait);
            } else {
                backoff = Duration.ofSeconds(1);
                if (more) {
                    scheduleDelivery(Duration.ofMillis(200));
                }
            }
        }
    }

    /** The outcome of one delivery round to one sink. */
    private record Round(long delivered, long deadLettered, String problem, boolean busy, boolean timedOut) {
    }

    private Round deliver(Named n, long deadline) {
        long delivered = 0;
        long dead = 0;
        try (ProvenanceOutbox.Delivery d = outbox.deliver(n.name())) {
            if (d == null) {
                return new Round(0, 0, null, true, false);
            }
            while (true) {
                if (System.nanoTime() - deadline > 0) {
                    return new Round(delivered, dead, null, false, true);
                }
                List<ProvenanceOutbox.Queued> batch = d.next(BATCH);
                if (batch.isEmpty()) {
                    problems.remove(n.name());
                    return new Round(delivered, dead, null, false, false);
                }
                try {
                    n.sink().recordAll(batch.stream().map(ProvenanceOutbox.Queued::event).toList());
                    d.delivered(batch.get(batch.size() - 1).end());
                    delivered += batch.size();
                    count(n).addAndGet(batch.size());
                } catch (ProvenanceRefusedException refused) {
                    // find the one it refuses: the others go through, in order
                    for (ProvenanceOutbox.Queued q : batch) {
                        try {
                            n.sink().record(q.event());
                            d.delivered(q.end());
                            delivered++;
                            count(n).incrementAndGet();
                        } catch (ProvenanceRefusedException one) {
                            LOG.warn("{} refused provenance event {} for good; it is kept in {}: {}", n.sink().describe(),
                                    q.event().eventId(), outbox.deadLetterFile(n.name()), one.getMessage());
                            d.deadLetter(q, one.getMessage(), clock.instant());
                            dead++;
                        }
                    }
                }
            }
        } catch (RuntimeException e) {
            String problem = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            if (!problem.equals(problems.put(n.name(), problem))) {
                LOG.warn("provenance events wait in the outbox for {}: {}", n.sink().describe(), problem);
            }
            return new Round(delivered, dead, problem, false, false);
        }
    }

    private java.util.concurrent.atomic.AtomicLong count(Named n) {
        return delivered.computeIfAbsent(n.name(), k -> new java.util.concurrent.atomic.AtomicLong());
    }

    /** What waits in the outbox for each remote sink (and for sinks no longer configured that still have events). */
    public List<ProvenanceDelivery> status() {
        return report(Map.of());
    }

    /**
     * Delivers what is queued, waiting at most {@code timeout}, and says per sink what was delivered and what is left.
     * A sink that is down keeps its events queued; the reason is in the result.
     */
    public List<ProvenanceDelivery> flush(Duration timeout) {
        if (queued.isEmpty()) {
            return report(Map.of());
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, Round> rounds = new LinkedHashMap<>();
        for (Named n : queued) {
            long delivered = 0;
            long dead = 0;
            Round r;
            do {
                r = deliver(n, deadline);
                delivered += r.delivered;
                dead += r.deadLettered;
                if (r.busy) {
                    sleep(); // the background thread or another process is delivering: wait for it
                }
            } while (r.busy && System.nanoTime() - deadline < 0);
            rounds.put(n.name(), new Round(delivered, dead, r.busy ? "another process is delivering to it" : r.problem,
                    r.busy, r.timedOut));
        }
        return report(rounds);
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private List<ProvenanceDelivery> report(Map<String, Round> rounds) {
        List<ProvenanceDelivery> out = new ArrayList<>();
        if (outbox == null) {
            return out;
        }
        List<String> names = new ArrayList<>(queued.stream().map(Named::name).toList());
        for (String known : outbox.knownSinks()) {
            if (!names.contains(known)) {
                names.add(known);
            }
        }
        for (String name : names) {
            Named n = queued.stream().filter(q -> q.name().equals(name)).findFirst().orElse(null);
            ProvenanceOutbox.Backlog b = outbox.backlog(name);
            Round r = rounds.get(name);
            String problem = r != null ? r.problem : problems.get(name);
            if (r != null && r.timedOut && problem == null) {
                problem = "stopped at the time limit with events still queued";
            }
            if (n == null && b.queued() == 0) {
                continue;
            }
            out.add(new ProvenanceDelivery(name, n == null ? "not configured now" : n.sink().describe(), b.queued(),
                    b.oldestQueued(), delivered.getOrDefault(name, new java.util.concurrent.atomic.AtomicLong()).get(),
                    outbox.deadLettered(name),
                    outbox.deadLetterFile(name).toString(), problem));
        }
        return out;
    }

    @Override
    public List<ProvenanceEvent> find(ProvenanceQuery query) {
        for (Named n : sinks) {
            if (n.sink() instanceof ProvenanceStore store) {
                return store.find(query);
            }
        }
        throw new ConfigurationException("none of the configured provenance sinks (" + describe()
                + ") can be searched; add one that can (the embedded log, PostgreSQL) to rdw.provenance");
    }

    @Override
    public void close() {
        RuntimeException first = null;
        if (deliverer != null) {
            deliverer.shutdown();
            try {
                deliverer.awaitTermination(flushTimeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            try {
                for (ProvenanceDelivery d : flush(flushTimeout)) {
                    if (d.queued() > 0) {
                        LOG.warn("{} provenance event(s) wait in {} for {}{}; they are delivered on the next run, or "
                                        + "by rdw provenance flush", d.queued(), outbox.dir(), d.sink(),
                                d.problem() == null ? "" : " (" + d.problem() + ")");
                    }
                }
            } catch (RuntimeException e) {
                first = e;
            }
        }
        for (Named n : sinks) {
            try {
                n.sink().close();
            } catch (RuntimeException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }

    @Override
    public String toString() {
        return "ProvenanceSinks[" + describe() + "]";
    }
}
