package io.redback.rdw.stream;

import io.redback.rdw.RdwConfig;
import io.redback.rdw.stream.airflow.AirflowClient;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Airflow's DAGs, triggered and awaited through its REST API: Airflow 2's stable API ({@code /api/v1}, basic
 * authentication) or Airflow 3's ({@code /api/v2}, a JWT from {@code POST /auth/token}, renewed once when refused).
 * Which one is detected on first use unless {@code RDW_AIRFLOW_API} names it.
 *
 * <pre>{@code
 * try (Airflow airflow = Airflow.connect()) {                // AIRFLOW_URL, AIRFLOW_USERNAME, AIRFLOW_PASSWORD
 *     DagRun run = airflow.trigger("load_sales", Map.of("day", "2025-01-31"));
 *     DagRun done = airflow.await(run, Duration.ofMinutes(30)); // DagRunFailedException names the failed tasks
 *     Optional<Object> rows = airflow.xcom(done, "load", "return_value");
 * }
 * }</pre>
 *
 * <p>Every run id is the caller's or one the client makes ({@code rdw__20250131T120000123Z__3f9a1c2e}): a trigger
 * never collides with another, and a trigger retried with the same run id returns the run the first one started.
 */
public interface Airflow extends AutoCloseable {

    /** Airflow's REST API generation. */
    enum ApiVersion {
        /** Airflow 2's stable REST API, {@code /api/v1}. */
        V1,
        /** Airflow 3's REST API, {@code /api/v2}. */
        V2
    }

    /** The Airflow this process is configured for ({@code AIRFLOW_URL}, ...). */
    static Airflow connect() {
        return connect(RdwConfig.load());
    }

    static Airflow connect(RdwConfig config) {
        return AirflowClient.open(config);
    }

    /** The API generation in use: {@code rdw.airflow.api}, or the one Airflow answers on first use. */
    ApiVersion apiVersion();

    /** Starts a run of the DAG with {@code conf} under a run id the client makes, unique per call. */
    DagRun trigger(String dagId, Map<String, ?> conf);

    /**
     * Starts a run of the DAG under the caller's run id ({@code [A-Za-z0-9_.~:+-]}, at most 250 characters). When a run
     * of that id already exists (a retried trigger), that run is returned and no second one is started.
     */
    DagRun trigger(String dagId, Map<String, ?> conf, String runId);

    /**
     * Starts a run of the DAG for an object just written: {@code conf} is {@code bucket}, {@code key}, {@code sha256},
     * {@code project}, {@code event_id} (what {@code rdw upload --trigger} sends), and the run id comes from the write's
     * event id, so a retry for the same write returns the run the first trigger started.
     */
    default DagRun trigger(String dagId, io.redback.rdw.ObjectInfo written) {
        java.util.UUID eventId = written.eventId().orElseThrow(() -> new io.redback.rdw.InvalidInputException(
                written.ref() + " carries no event id (it was not written by rdw): trigger it with a conf of your own"));
        return trigger(dagId, DagBridge.conf(written), DagBridge.runId(eventId));
    }

    /**
     * Waits for the run to finish, polling with a backoff (1 s doubling up to 15 s, never past the time left).
     *
     * @return the finished, successful run
     * @throws DagRunFailedException  when it failed, naming each failed task, its try and its log
     * @throws DagRunTimeoutException when it has not finished within {@code timeout}
     * @throws DagPausedException     when it stays queued because its DAG is paused
     */
    DagRun await(DagRun run, Duration timeout);

    /** A run as it is now. */
    DagRun run(String dagId, String runId);

    /** The DAG's latest runs, newest first, at most {@code limit}. */
    List<DagRun> runs(String dagId, int limit);

    /** The run's task instances, with their states, tries and log addresses. */
    List<TaskRun> tasks(DagRun run);

    /**
     * An XCom value of a task of the run, as plain Java: {@code Map}, {@code List}, {@code String}, {@code Number},
     * {@code Boolean}. Airflow 3 sends the value as JSON ({@code deserialize=true}), so it comes as that structure.
     * Airflow 2's API sends every value as text (Python's rendering of it, not JSON): it is returned as that
     * {@code String}, unparsed. Empty when the task has no such entry, or its value is null.
     */
    Optional<Object> xcom(DagRun run, String taskId, String key);

    @Override
    void close();
}
