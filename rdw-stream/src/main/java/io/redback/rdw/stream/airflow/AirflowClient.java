package io.redback.rdw.stream.airflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.redback.rdw.InvalidInputException;
import io.redback.rdw.NotFoundException;
import io.redback.rdw.RdwConfig;
import io.redback.rdw.RdwException;
import io.redback.rdw.stream.Airflow;
import io.redback.rdw.stream.DagPausedException;
import io.redback.rdw.stream.DagRun;
import io.redback.rdw.stream.DagRunFailedException;
import io.redback.rdw.stream.DagRunState;
import io.redback.rdw.stream.DagRunTimeoutException;
import io.redback.rdw.stream.TaskRun;
import okhttp3.HttpUrl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@link Airflow} on Airflow's REST API, either generation: the calls are the same but for the prefix
 * ({@code /api/v1} or {@code /api/v2}), the trigger body (Airflow 3 requires {@code logical_date}, sent as null) and
 * the XCom request (Airflow 3 is asked for the value as JSON). {@link AirflowHttp} does the authentication.
 */
public final class AirflowClient implements Airflow {
    private static final Logger LOG = LoggerFactory.getLogger(AirflowClient.class);
    /** Airflow's default {@code allowed_run_id_pattern}, and its column's length. */
    private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9_.~:+-]{1,250}");
    private static final DateTimeFormatter RUN_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int PAGE = 100;

    private final AirflowHttp http;
    private final Duration firstPoll;
    private final Duration maxPoll;

    AirflowClient(AirflowSettings settings, Duration firstPoll, Duration maxPoll) {
        this.http = new AirflowHttp(settings);
        this.firstPoll = firstPoll;
        this.maxPoll = maxPoll;
    }

    /** The Airflow {@code config} names ({@code rdw.airflow.url}, ...): polls 1 s doubling up to 15 s. */
    public static Airflow open(RdwConfig config) {
        return new AirflowClient(AirflowSettings.from(config), Duration.ofSeconds(1), Duration.ofSeconds(15));
    }

    @Override
    public ApiVersion apiVersion() {
        return http.api();
    }

    @Override
    public DagRun trigger(String dagId, Map<String, ?> conf) {
        return trigger(dagId, conf, newRunId());
    }

    /** {@code rdw__20250131T120000123Z__3f9a1c2e4b5d}: sortable by time, unique by its random tail. */
    static String newRunId() {
        byte[] random = new byte[6];
        RANDOM.nextBytes(random);
        return "rdw__" + RUN_TIME.format(ZonedDateTime.now(ZoneOffset.UTC)) + "__" + HexFormat.of().formatHex(random);
    }

    @Override
    public DagRun trigger(String dagId, Map<String, ?> conf, String runId) {
        requireDag(dagId);
        if (runId == null || !RUN_ID.matcher(runId).matches()) {
            throw new InvalidInputException("a DAG run id is 1 to 250 of the characters A-Z a-z 0-9 _ . ~ : + -, not '"
                    + runId + "'");
        }
        ObjectNode body = http.object().put("dag_run_id", runId);
        if (apiVersion() == ApiVersion.V2) {
            body.putNull("logical_date"); // required by Airflow 3; null runs it now, unbound to a data interval
        }
        try {
            body.set("conf", conf == null ? http.object() : AirflowHttp.MAPPER.valueToTree(conf));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("the conf of a run of DAG " + dagId + " cannot be written as JSON: "
                    + e.getMessage(), e);
        }
        AirflowHttp.Answer a = http.post(http.url("dags", dagId, "dagRuns").build(), body);
        if (a.code() == 409) {
            // a retried trigger: the run of that id exists, and is the one this trigger is about
            LOG.info("Airflow already has the run {} of DAG {}; returning it instead of starting another", runId, dagId);
            return run(dagId, runId);
        }
        if (a.code() == 404) {
            throw noDag(dagId, a);
        }
        DagRun run = AirflowJson.dagRun(http.ok("the trigger of DAG " + dagId, a), dagId);
        LOG.debug("triggered the run {} of DAG {} on Airflow at {}", run.runId(), dagId, http.where());
        return run;
    }

    @Override
    public DagRun await(DagRun run, Duration timeout) {
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(timeout, "timeout");
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        Duration pause = firstPoll;
        while (true) {
            DagRun now = run(run.dagId(), run.runId());
            if (now.state() == DagRunState.SUCCESS) {
                return now;
            }
            if (now.state() == DagRunState.FAILED) {
                throw new DagRunFailedException(now, tasks(now).stream().filter(TaskRun::failed).toList());
            }
            if (now.state() == DagRunState.QUEUED && paused(now.dagId())) {
                throw new DagPausedException(now);
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new DagRunTimeoutException(now, Duration.ofNanos(System.nanoTime() - start));
            }
            sleep(pause.toNanos() < left ? pause : Duration.ofNanos(left), now);
            Duration doubled = pause.multipliedBy(2);
            pause = doubled.compareTo(maxPoll) > 0 ? maxPoll : doubled;
        }
    }

    private static void sleep(Duration pause, DagRun run) {
        try {
            Thread.sleep(Math.max(1, pause.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RdwException("interrupted while waiting for the run " + run.runId() + " of DAG " + run.dagId()
                    + "; it goes on in Airflow", e);
        }
    }

    /** {@code GET /dags/{id}}: whether the DAG is paused (its queued runs then never start). */
    private boolean paused(String dagId) {
        AirflowHttp.Answer a = http.get(http.url("dags", dagId).build());
        if (a.code() == 404) {
            throw noDag(dagId, a);
        }
        return http.ok("the DAG " + dagId, a).path("is_paused").asBoolean(false);
    }

    @Override
    public DagRun run(String dagId, String runId) {
        requireDag(dagId);
        Objects.requireNonNull(runId, "runId");
        AirflowHttp.Answer a = http.get(http.url("dags", dagId, "dagRuns", runId).build());
        if (a.code() == 404) {
            throw new NotFoundException("the run " + runId + " of DAG " + dagId + " does not exist in Airflow at "
                    + http.where() + " (" + AirflowHttp.detail(a) + ")");
        }
        return AirflowJson.dagRun(http.ok("the run " + runId + " of DAG " + dagId, a), dagId);
    }

    /** At most one page: Airflow caps a page at its {@code maximum_page_limit}, 100 by default. */
    @Override
    public List<DagRun> runs(String dagId, int limit) {
        requireDag(dagId);
        if (limit < 1) {
            throw new InvalidInputException("the number of runs to list is at least 1, not " + limit);
        }
        // newest first: Airflow 3 sorts by run_after (logical_date may be null), Airflow 2 by execution_date
        String order = apiVersion() == ApiVersion.V2 ? "-run_after" : "-execution_date";
        HttpUrl url = http.url("dags", dagId, "dagRuns").addQueryParameter("limit", Integer.toString(limit))
                .addQueryParameter("order_by", order).build();
        AirflowHttp.Answer a = http.get(url);
        if (a.code() == 404) {
            throw noDag(dagId, a);
        }
        List<DagRun> runs = new ArrayList<>();
        for (JsonNode n : http.ok("the runs of DAG " + dagId, a).path("dag_runs")) {
            runs.add(AirflowJson.dagRun(n, dagId));
        }
        return runs.size() > limit ? List.copyOf(runs.subList(0, limit)) : List.copyOf(runs);
    }

    @Override
    public List<TaskRun> tasks(DagRun run) {
        Objects.requireNonNull(run, "run");
        List<TaskRun> tasks = new ArrayList<>();
        String what = "the tasks of the run " + run.runId() + " of DAG " + run.dagId();
        while (true) {
            HttpUrl url = http.url("dags", run.dagId(), "dagRuns", run.runId(), "taskInstances")
                    .addQueryParameter("limit", Integer.toString(PAGE))
                    .addQueryParameter("offset", Integer.toString(tasks.size())).build();
            JsonNode page = http.ok(what, http.get(url));
            int before = tasks.size();
            for (JsonNode n : page.path("task_instances")) {
                String taskId = AirflowJson.text(n, "task_id");
                int mapIndex = n.path("map_index").asInt(-1);
                tasks.add(AirflowJson.taskRun(n, t -> logUrl(run, taskId, mapIndex, t)));
            }
            int total = page.path("total_entries").asInt(tasks.size());
            if (tasks.size() == before || tasks.size() >= total) {
                return List.copyOf(tasks);
            }
        }
    }

    private String logUrl(DagRun run, String taskId, int mapIndex, int tryNumber) {
        HttpUrl.Builder url = http.url("dags", run.dagId(), "dagRuns", run.runId(), "taskInstances", taskId, "logs",
                Integer.toString(tryNumber));
        if (mapIndex >= 0) {
            url.addQueryParameter("map_index", Integer.toString(mapIndex));
        }
        return url.build().toString();
    }

    @Override
    public Optional<Object> xcom(DagRun run, String taskId, String key) {
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(key, "key");
        HttpUrl.Builder url = http.url("dags", run.dagId(), "dagRuns", run.runId(), "taskInstances", taskId,
                "xcomEntries", key);
        if (apiVersion() == ApiVersion.V2) {
            // the value itself as JSON, rather than its Python rendering as text
            url.addQueryParameter("deserialize", "true").addQueryParameter("stringify", "false");
        }
        AirflowHttp.Answer a = http.get(url.build());
        if (a.code() == 404) {
            return Optional.empty();
        }
        JsonNode value = http.ok("the XCom " + key + " of task " + taskId + " in the run " + run.runId() + " of DAG "
                + run.dagId(), a).path("value");
        return Optional.ofNullable(value.isTextual() ? value.asText() : AirflowJson.plain(value));
    }

    /** {@code GET /api/v1|v2/version}: the version Airflow reports. */
    String version() {
        return http.version();
    }

    String where() {
        return http.where();
    }

    private NotFoundException noDag(String dagId, AirflowHttp.Answer a) {
        return new NotFoundException("the DAG " + dagId + " does not exist in Airflow at " + http.where() + " ("
                + AirflowHttp.detail(a) + "): check its dag_id, and that Airflow has parsed its file");
    }

    private static void requireDag(String dagId) {
        if (dagId == null || dagId.isBlank()) {
            throw new InvalidInputException("a DAG id is required");
        }
    }

    @Override
    public void close() {
        http.close();
    }

    @Override
    public String toString() {
        return "Airflow[" + http.where() + "]";
    }
}
