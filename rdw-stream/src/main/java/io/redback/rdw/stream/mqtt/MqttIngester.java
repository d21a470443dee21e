package io.redback.rdw.stream.mqtt;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.redback.rdw.BackendUnavailableException;
import io.redback.rdw.Bucket;
import io.redback.rdw.DatasetLocation;
import io.redback.rdw.Layer;
import io.redback.rdw.WarehouseClient;
import io.redback.rdw.helpers.Hashing;
import io.redback.rdw.stream.MqttBatchInfo;
import io.redback.rdw.stream.MqttIngestOptions;
import io.redback.rdw.stream.MqttIngestion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.UncheckedIOException;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The ingestion loop: one thread takes what the HiveMQ client receives, batches it, stores each batch as one bronze
 * object and only then acknowledges it. Each connection is a new client of its own generation, so a message that
 * arrives late from a lost connection is told apart and ignored: the broker sends it again on the next one.
 */
public final class MqttIngester implements MqttIngestion {
    private static final Logger LOG = LoggerFactory.getLogger(MqttIngester.class);
    /** After a reconnect, a redelivery is over once the broker has been quiet this long. */
    private static final long QUIET_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long MAX_BACKOFF_MILLIS = 30_000;

    private sealed interface Event permits Received, Lost, Stop {
    }

    private record Received(int generation, Mqtt5Publish message, MqttRecords.Line line, Instant at) implements Event { }

    private record Lost(int generation, Throwable cause) implements Event { }

    private record Stop() implements Event { }

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final IngestTarget target;
    private final MqttIngestOptions options;
    private final MqttSettings settings;
    private final String clientId;
    private final String filter;
    private final int maxMessage;
    private final Redeliveries ledger;
    private final FileLock lock;
    private final Object progress = new Object();
    private final Thread thread;
    private volatile boolean stopping;
    private volatile long lastMessageNanos = System.nanoTime();
    private volatile RuntimeException failure;
    private volatile int lostGeneration;
    private volatile long stored;
    private volatile long batches;
    private volatile long rejected;
    private volatile long duplicates;
    private Mqtt5AsyncClient client;
    private int generation;
    private MqttBatch batch;
    /** Messages held after a reconnect until it is known which are redeliveries; {@code null} when none are held. */
    private List<Received> gate;
    private Redeliveries.Match match;
    private long gateOpened;
    private long retryAtNanos;
    private long backoffMillis;

    private MqttIngester(IngestTarget target, MqttIngestOptions options, MqttSettings settings, String clientId,
                         String filter, int maxMessage, Redeliveries ledger, FileLock lock) {
        this.target = target;
        this.options = options;
        this.settings = settings;
        this.clientId = clientId;
        this.filter = filter;
        this.maxMessage = maxMessage;
        this.ledger = ledger;
        this.lock = lock;
        this.batch = target.newBatch();
        this.thread = new Thread(this::run, "rdw-mqtt-ingest-" + clientId);
    }

    /**
     * Connects, subscribes and starts the loop; a broker that refuses or cannot be reached fails here.
     *
     * @param forward where each stored record goes too, or {@code null}; the ingester closes it
     */
    public static MqttIngester start(WarehouseClient warehouse, String topicFilter, String project, MqttIngestOptions o,
                                     RecordForwarder forward) {
        MqttFilters.requireFilter(topicFilter);
        DatasetLocation location = DatasetLocation.of(project).task(o.task());
        if (o.student() != null) {
            location = location.student(o.student());
        }
        MqttSettings settings = MqttConnections.settings(warehouse.config());
        String clientId = o.clientId() != null ? o.clientId() : warehouse.config().get(MqttSettings.CLIENT_ID)
                .filter(id -> !id.isBlank()).orElse("rdw-" + project + "-" + Hashing.sha256(topicFilter + "\n"
                        + o.task() + "\n" + (o.student() == null ? "" : o.student())).substring(0, 12));
        MqttFilters.requireClientId(clientId);
        int maxMessage = o.maxMessage() != null ? o.maxMessage()
                : (int) Math.min(Integer.MAX_VALUE, warehouse.config().bytes(MqttSettings.MAX_MESSAGE));
        Path folder = warehouse.config().warehouse().resolve(".rdw").resolve("mqtt");
        String file = Hashing.sha256(clientId).substring(0, 24);
        FileLock lock = IngestTarget.lock(folder.resolve(file + ".lock"), clientId);
        try {
            IngestTarget target = new IngestTarget(warehouse.bucket(Layer.BRONZE), location, folder, forward, topicFilter,
                    clientId, settings.where(),
                    o.format() == MqttIngestOptions.Format.PARQUET ? warehouse.context().sqlRuntime() : null);
            MqttIngester ingester = new MqttIngester(target, o, settings, clientId, topicFilter, maxMessage,
                    Redeliveries.load(folder.resolve(file + ".ledger"), MqttConnections.RECEIVE_MAXIMUM), lock);
            ingester.connect();
            ingester.thread.start();
            return ingester;
        } catch (RuntimeException e) {
            if (forward != null) {
                forward.close();
            }
            IngestTarget.release(lock);
            throw e;
        }
    }

    private void connect() {
        int g = ++generation;
        Mqtt5AsyncClient c = MqttConnections.client(settings, clientId, ctx -> {
            lostGeneration = g; // at once: what is stored from now on cannot be acknowledged on this connection
            events.add(new Lost(g, ctx.getCause()));
        });
        c.publishes(MqttGlobalPublishFilter.ALL, m -> {
            lastMessageNanos = System.nanoTime();
            Instant now = Instant.now();
            // the line is made here, on the client's thread, so the loop's thread only writes it
            events.add(new Received(g, m, MqttRecords.of(m, now, maxMessage), now));
        }, true);
        client = c;
        Mqtt5ConnAck ack = MqttConnections.connect(c, settings, true, MqttConnections.RECEIVE_MAXIMUM);
        MqttConnections.subscribe(c, settings, filter);
        if (ack.isSessionPresent()) {
            long[] expected = ledger.expected(target::stored);
            if (expected.length > 0) {
                match = new Redeliveries.Match(expected);
                gate = new ArrayList<>();
                gateOpened = System.nanoTime();
            }
        } else if (!ledger.isEmpty()) {
            LOG.warn("the MQTT broker at {} had no session for client id {}: messages published while no ingester was "
                    + "connected are lost unless the broker keeps sessions (Mosquitto: persistence true)", settings.where(),
                    clientId);
        }
        LOG.info("ingesting {} from the MQTT broker at {} as client {} into {}", filter, settings.where(), clientId,
                target.location());
    }

    private void run() {
        try {
            while (true) {
                Event e = events.poll(waitMillis(), TimeUnit.MILLISECONDS);
                if (e instanceof Stop) {
                    finish();
                    return;
                }
                if (e instanceof Received r && r.generation() == generation) {
                    accept(r);
                } else if (e instanceof Lost l && l.generation() == generation) {
                    reconnect(l.cause());
                }
                if (gate != null && gateReady()) {
                    openGate();
                }
                if (!batch.isEmpty() && (full() || System.nanoTime() - batch.startedNanos() >= options.maxInterval().toNanos())) {
                    flush();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("MQTT ingestion of {} stopped: {}", filter, e.getMessage());
            failure = e;
        } finally {
            batch.close();
            disconnect();
            target.close();
            IngestTarget.release(lock);
            synchronized (progress) {
                progress.notifyAll();
            }
        }
    }

    private long waitMillis() {
        long now = System.nanoTime();
        long next = now + TimeUnit.SECONDS.toNanos(1);
        if (!batch.isEmpty()) {
            next = Math.min(next, Math.max(batch.startedNanos() + options.maxInterval().toNanos(), retryAtNanos));
        }
        if (gate != null) {
            next = Math.min(next, gateOpened + QUIET_NANOS);
        }
        return Math.max(1, (next - now) / 1_000_000);
    }

    private void accept(Received r) {
        if (gate != null) {
            gate.add(r);
            if (match.offer(r.line().fingerprint())) {
                openGate();
            }
            return;
        }
        batch.add(r.message(), r.line(), r.at());
    }

    private boolean full() {
        return batch.unacknowledged() >= options.maxMessages() || batch.bytes() >= options.maxBytes();
    }

    /** Whether to stop waiting for the redelivery after a reconnect to be decided: quiet, too long, or a stop. */
    private boolean gateReady() {
        long now = System.nanoTime();
        long lastSeen = gate.isEmpty() ? gateOpened : Math.max(gateOpened, lastMessageNanos);
        return now - lastSeen >= QUIET_NANOS
                || now - gateOpened >= options.maxInterval().toNanos() || stopping;
    }

    private void openGate() {
        int repeated = match.repeated();
        List<Received> held = gate;
        gate = null;
        match = null;
        if (repeated > 0) {
            LOG.info("{} messages the broker sent again were stored before; they are acknowledged, not stored twice", repeated);
        }
        for (int i = 0; i < held.size(); i++) {
            if (i < repeated) {
                batch.duplicate(held.get(i).message());
            } else {
                accept(held.get(i));
            }
            if (full()) {
                flush();
            }
        }
    }

    /** Stores the batch, then acknowledges it; a store that fails keeps it for a later try. */
    private void flush() {
        if (batch.isEmpty() || System.nanoTime() < retryAtNanos || lostGeneration == generation) {
            return;
        }
        MqttBatchInfo info;
        try {
            info = target.store(batch, ledger);
            backoffMillis = 0;
            retryAtNanos = 0;
        } catch (BackendUnavailableException | UncheckedIOException e) {
            backoffMillis = Math.min(MAX_BACKOFF_MILLIS, Math.max(1000, backoffMillis * 2));
            retryAtNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(backoffMillis);
            LOG.warn("a batch of {} MQTT messages could not be stored ({}); they stay unacknowledged, trying again in {} ms",
                    batch.unacknowledged(), e.getMessage(), backoffMillis);
            return;
        }
        try {
            options.onBatch().accept(info);
        } catch (RuntimeException e) {
            LOG.warn("the batch listener failed on {}: {}", info.object(), e.toString());
        }
        batch.acknowledge();
        synchronized (progress) {
            stored += info.messages();
            rejected += info.rejected();
            duplicates += info.duplicates();
            batches += info.object() != null || info.rejects() != null ? 1 : 0;
            progress.notifyAll();
        }
        batch.close();
        batch = target.newBatch();
    }

    /** The connection is gone: what was not stored will be sent again; connect anew until it works or a stop. */
    private void reconnect(Throwable cause) throws InterruptedException {
        LOG.warn("lost the MQTT broker at {} ({}); {} messages not yet stored will be sent again", settings.where(),
                cause == null ? "no reason given" : cause.getMessage(), batch.unacknowledged() + (gate == null ? 0 : gate.size()));
        batch.close();
        batch = target.newBatch();
        gate = null;
        retryAtNanos = 0;
        long wait = 250;
        while (!stopping) {
            disconnect();
            try {
                connect();
                return;
            } catch (BackendUnavailableException e) {
                LOG.warn("cannot reach the MQTT broker at {} ({}); trying again in {} ms", settings.where(), e.getMessage(), wait);
                TimeUnit.MILLISECONDS.sleep(wait);
                wait = Math.min(MAX_BACKOFF_MILLIS, wait * 2);
            }
        }
    }

    private void finish() {
        if (gate != null) {
            openGate();
        }
        retryAtNanos = 0;
        flush();
        if (!batch.isEmpty()) {
            LOG.warn("{} MQTT messages were not stored; the broker keeps them for the next ingestion", batch.unacknowledged());
        }
    }

    private void disconnect() {
        if (client != null) {
            try {
                client.disconnect().get(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                LOG.debug("disconnecting: {}", e.toString()); // the session stays on the broker either way
            }
            client = null;
        }
    }

    @Override
    public long stored() {
        return stored;
    }

    @Override
    public long batches() {
        return batches;
    }

    @Override
    public long rejected() {
        return rejected;
    }

    @Override
    public long duplicates() {
        return duplicates;
    }

    @Override
    public Duration idle() {
        return Duration.ofNanos(System.nanoTime() - lastMessageNanos);
    }

    @Override
    public boolean awaitStored(long messages, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (progress) {
            while (stored + rejected < messages && failure == null && thread.isAlive()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(progress, left);
            }
            return stored + rejected >= messages;
        }
    }

    @Override
    public Optional<RuntimeException> failure() {
        return Optional.ofNullable(failure);
    }

    @Override
    public void close() {
        stopping = true;
        events.add(new Stop());
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true; // the batch in progress is being stored: let it end
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public String toString() {
        return "MqttIngester[" + filter + " from " + settings.where() + " as " + clientId + " into " + target.location()
                + ", " + stored + " stored]";
    }

}
