package io.redback.rdw.stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.redback.rdw.BackendUnavailableException;
import io.redback.rdw.InvalidInputException;
import io.redback.rdw.ObjectInfo;
import io.redback.rdw.RdwConfig;
import io.redback.rdw.RdwException;
import io.redback.rdw.helpers.Json;
import io.redback.rdw.stream.kafka.KafkaTopicWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Warehouse events into Airflow DAG runs: one run per event. The run id is derived from the event id and the event's
 * offset is committed only after the trigger, so a bridge that was killed and restarted meets the events it had not
 * committed again, finds the runs it already started (Airflow answers 409 to a known run id) and starts no second one.
 * With {@link Builder#await(Duration)} it waits for each run; with {@link Builder#resultTopic(String)} it publishes
 * each outcome as JSON on that topic, keyed by the object key.
 *
 * <pre>{@code
 * try (DagBridge bridge = DagBridge.builder("clean_rides").type("file:uploaded").project("project1")
 *         .await(Duration.ofMinutes(30)).resultTopic("rdw.results").build()) {
 *     bridge.run(outcome -> System.out.println(outcome), Long.MAX_VALUE);
 * }
 * }</pre>
 */
public final class DagBridge implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DagBridge.class);
    private static final String RUN_ID_PREFIX = "rdw_event__";

    /** What became of one event. */
    public record Outcome(WarehouseEvent event, DagRun run, List<TaskRun> failedTasks, String error) {
        public Outcome {
            failedTasks = List.copyOf(failedTasks);
        }

        @Override
        public String toString() {
            return event.key() + " -> " + run.dagId() + " " + run.runId() + " " + run.state()
                    + (error == null ? "" : ": " + error);
        }
    }

    private final String dagId;
    private final EventStream events;
    private final Airflow airflow;
    private final boolean ownsAirflow;
    private final Duration await;
    private final String resultTopic;
    private final KafkaTopicWriter results;
    private volatile boolean closed;

    private DagBridge(Builder b) {
        this.dagId = b.dagId;
        this.await = b.await;
        this.resultTopic = b.resultTopic;
        this.airflow = b.airflow != null ? b.airflow : Airflow.connect(b.config);
        this.ownsAirflow = b.airflow == null;
        EventStream stream = Streams.events(b.config, b.group != null ? b.group : "rdw-bridge-" + dagId);
        b.types.forEach(stream::type);
        b.projects.forEach(stream::project);
        if (b.fromBeginning) {
            stream.fromBeginning();
        }
        this.events = stream;
        this.results = resultTopic == null ? null : KafkaTopicWriter.open(b.config, "rdw-bridge-" + dagId);
    }

    public static Builder builder(String dagId) {
        return new Builder(dagId);
    }

    /** The run id of the run an event triggers: the same event, the same run. */
    public static String runId(UUID eventId) {
        return RUN_ID_PREFIX + eventId;
    }

    /** The {@code conf} a run receives: {@code bucket}, {@code key}, {@code sha256}, {@code project}, {@code event_id}. */
    public static Map<String, Object> conf(WarehouseEvent e) {
        Map<String, Object> conf = new LinkedHashMap<>();
        conf.put("bucket", e.bucket());
        conf.put("key", e.key());
        conf.put("sha256", e.sha256());
        conf.put("project", e.project());
        conf.put("event_id", e.eventId().toString());
        conf.put("event_type", e.type());
        return conf;
    }

    /** The same {@code conf} for an object just written (what {@code rdw upload --trigger} sends). */
    public static Map<String, Object> conf(ObjectInfo o) {
        Map<String, Object> conf = new LinkedHashMap<>();
        conf.put("bucket", o.bucket());
        conf.put("key", o.key());
        conf.put("sha256", o.sha256().orElse(null));
        conf.put("project", o.key().substring(0, Math.max(0, o.key().indexOf('/'))));
        conf.put("event_id", o.eventId().map(UUID::toString).orElse(null));
        conf.put("event_type", "file:uploaded");
        return conf;
    }

    /**
     * Reads what is there now (waiting at most {@code timeout}), triggers one run per matching event, waits for it if
     * asked and publishes its outcome; commits when the batch is done. Airflow or the result topic unreachable: the
     * event is not committed, and the exception says why; the next poll starts with that event again.
     */
    public List<Outcome> poll(Duration timeout) {
        return poll(timeout, Integer.MAX_VALUE);
    }

    /** {@link #poll(Duration)} handling at most {@code limit} events; the others stay for the next poll. */
    public List<Outcome> poll(Duration timeout, int limit) {
        List<Outcome> outcomes = new ArrayList<>();
        events.poll(timeout, limit, e -> outcomes.add(handle(e)));
        return outcomes;
    }

    /**
     * Polls until {@link #close()}, interruption or {@code max} events, handing each outcome over and committing each
     * event on its own, so that a restart after a kill triggers again (and finds the run of) one event at most; when
     * Airflow or Kafka is down it waits (1 s doubling up to 30 s) and goes on with the event it could not handle.
     *
     * @return how many events it handled
     */
    public long run(Consumer<Outcome> onOutcome, long max) {
        long handled = 0;
        long backoff = 1_000;
        while (!closed && !Thread.currentThread().isInterrupted() && handled < max) {
            try {
                // one event per poll: each is committed once its run is triggered (and awaited), before the next
                for (Outcome o : poll(Duration.ofMillis(500), 1)) {
                    handled++;
                    onOutcome.accept(o);
                }
                backoff = 1_000;
            } catch (BackendUnavailableException e) {
                if (Thread.currentThread().isInterrupted()) {
                    break;
                }
                LOG.warn("the bridge to DAG {} waits {} ms: {}", dagId, backoff, e.getMessage());
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException stop) {
                    Thread.currentThread().interrupt();
                    break;
                }
                backoff = Math.min(backoff * 2, 30_000);
            }
        }
        return handled;
    }

    private Outcome handle(WarehouseEvent e) {
        DagRun run = airflow.trigger(dagId, conf(e), runId(e.eventId()));
        List<TaskRun> failed = List.of();
        String error = null;
        if (await != null) {
            try {
                run = airflow.await(run, await);
            } catch (DagRunFailedException f) {
                run = f.run();
                failed = f.failedTasks();
                error = f.getMessage();
            } catch (BackendUnavailableException down) {
                throw down;
            } catch (RdwException stopped) {
                // a run still going at the timeout, or a paused DAG: reported, and the bridge goes on
                error = stopped.getMessage();
                run = airflow.run(run.dagId(), run.runId());
            }
        }
        Outcome outcome = new Outcome(e, run, failed, error);
        if (results != null) {
            results.send(resultTopic, e.key(), json(outcome));
        }
        return outcome;
    }

    static String json(Outcome o) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("event_id", o.event().eventId().toString());
        n.put("bucket", o.event().bucket());
        n.put("key", o.event().key());
        n.put("dag_id", o.run().dagId());
        n.put("run_id", o.run().runId());
        n.put("state", o.run().state().name().toLowerCase(java.util.Locale.ROOT));
        ArrayNode tasks = n.putArray("failed_tasks");
        for (TaskRun t : o.failedTasks()) {
            tasks.addObject().put("task_id", t.taskId()).put("try_number", t.tryNumber()).put("log_url", t.logUrl());
        }
        if (o.error() != null) {
            n.put("error", o.error());
        }
        try {
            return Json.MAPPER.writeValueAsString(n);
        } catch (JsonProcessingException ex) {
            throw new InvalidInputException("cannot write the outcome as JSON: " + ex.getMessage(), ex);
        }
    }

    @Override
    public void close() {
        closed = true;
        events.close();
        if (results != null) {
            results.close();
        }
        if (ownsAirflow) {
            airflow.close();
        }
    }

    /** How a bridge is set up. */
    public static final class Builder {
        private final String dagId;
        private final List<String> types = new ArrayList<>();
        private final List<String> projects = new ArrayList<>();
        private RdwConfig config;
        private Airflow airflow;
        private String group;
        private String resultTopic;
        private Duration await;
        private boolean fromBeginning;

        private Builder(String dagId) {
            if (dagId == null || !dagId.matches("[A-Za-z0-9_.-]{1,250}")) {
                throw new InvalidInputException("a DAG id is letters, digits, '_', '.' and '-', not " + dagId);
            }
            this.dagId = dagId;
        }

        /** Only events of this type (default: every type); may be given several times. */
        public Builder type(String type) {
            types.add(type);
            return this;
        }

        public Builder project(String project) {
            projects.add(project);
            return this;
        }

        /** The consumer group (default {@code rdw-bridge-<dag>}): where a restarted bridge resumes. */
        public Builder group(String group) {
            this.group = group;
            return this;
        }

        /** Publishes each outcome as JSON on this topic. */
        public Builder resultTopic(String topic) {
            this.resultTopic = topic;
            return this;
        }

        /** Waits up to this long for each run to end before the next event. */
        public Builder await(Duration timeout) {
            this.await = timeout;
            return this;
        }

        /** A group with no committed position starts with the oldest event kept. */
        public Builder fromBeginning() {
            this.fromBeginning = true;
            return this;
        }

        public Builder config(RdwConfig config) {
            this.config = config;
            return this;
        }

        /** An Airflow client of the caller's (default: one for the configuration, closed with the bridge). */
        public Builder airflow(Airflow airflow) {
            this.airflow = airflow;
            return this;
        }

        public DagBridge build() {
            if (config == null) {
                config = RdwConfig.load();
            }
            return new DagBridge(this);
        }
    }
}
