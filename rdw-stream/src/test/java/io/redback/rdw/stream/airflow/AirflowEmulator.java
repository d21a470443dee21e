package io.redback.rdw.stream.airflow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.QueryParameter;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.RequestMethod;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.redback.rdw.stream.Airflow.ApiVersion;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * A stateful stand-in Airflow on loopback, for tests: it answers one REST API generation in the shapes of its
 * documentation, Airflow 2's {@code /api/v1} (basic authentication, problem JSON errors) or Airflow 3's {@code /api/v2}
 * (a JWT from {@code POST /auth/token}, {@code {"detail": ...}} and FastAPI errors), and remembers what it is asked.
 *
 * <pre>{@code
 * try (AirflowEmulator airflow = new AirflowEmulator(ApiVersion.V2)) {
 *     airflow.dag("load_sales").failingTask("transform");      // the run fails at transform, on try 2
 *     ... rdw.airflow.url = airflow.url(), username(), password() ...
 *     assertThat(airflow.runIds("load_sales")).hasSize(1);
 * }
 * }</pre>
 *
 * <p>DAGs are declared ({@link #dag}); any other is unknown (404). A trigger creates the run queued; each
 * {@code GET} of the run then answers its next state, {@code queued}, {@code running}, then the DAG's outcome
 * ({@code success} unless set to {@code failed}), and stays there; {@link #state} is the state last answered. A run of a paused DAG stays queued until the DAG is
 * unpaused. Every run has the tasks {@link #TASKS}; the last one returns {@link #returnValue(String, Object)} as its
 * {@code return_value} XCom. All methods are thread-safe.
 */
public final class AirflowEmulator implements AutoCloseable {
    /** The user the emulator accepts. */
    public static final String USERNAME = "rdw-emulator";
    /** Its password. */
    public static final String PASSWORD = "emulator-Secret-4711";
    /** The tasks of every run, in order. */
    public static final List<String> TASKS = List.of("extract", "transform", "load");
    /** The {@code return_value} of the last task unless set otherwise. */
    public static final Map<String, Object> DEFAULT_RETURN_VALUE = Map.of("rows", 3);

    private static final String TRANSFORMER = "airflow-emulator";
    private static final ObjectMapper MAPPER = JsonMapper.builder().build();
    private static final DateTimeFormatter V1_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSxxx")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter V2_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSX")
            .withZone(ZoneOffset.UTC);

    private final ApiVersion api;
    private final WireMockServer server;
    private final Map<String, Dag> dags = new ConcurrentHashMap<>();
    private final Set<String> tokens = ConcurrentHashMap.newKeySet();
    private final AtomicInteger tokenCount = new AtomicInteger();

    /** Starts an Airflow of this API generation on 127.0.0.1, on a free port. */
    public AirflowEmulator(ApiVersion api) {
        this.api = Objects.requireNonNull(api, "api");
        this.server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1")
                .extensions(new Transformer()));
        server.start();
        server.stubFor(any(anyUrl()).willReturn(aResponse().withTransformers(TRANSFORMER)));
    }

    /** The API generation it answers. */
    public ApiVersion api() {
        return api;
    }

    /** Its base URL, without {@code /api}: {@code http://127.0.0.1:port}, for {@code rdw.airflow.url}. */
    public String url() {
        return "http://127.0.0.1:" + server.port();
    }

    /** {@code /api/v1} or {@code /api/v2}. */
    public String prefix() {
        return api == ApiVersion.V1 ? "/api/v1" : "/api/v2";
    }

    /** The user it accepts, {@value #USERNAME}. */
    public String username() {
        return USERNAME;
    }

    /** That user's password, {@value #PASSWORD}. */
    public String password() {
        return PASSWORD;
    }

    /** Declares the DAG (unpaused, succeeding) unless it is declared, and returns it to set up further. */
    public Dag dag(String dagId) {
        Objects.requireNonNull(dagId, "dagId");
        return dags.computeIfAbsent(dagId, Dag::new);
    }

    /** Declares the DAG as needed; its runs end {@code success} or {@code failed}. */
    public AirflowEmulator outcome(String dagId, String outcome) {
        dag(dagId).outcome(outcome);
        return this;
    }

    /** Declares the DAG as needed and pauses or unpauses it. */
    public AirflowEmulator paused(String dagId, boolean paused) {
        dag(dagId).paused(paused);
        return this;
    }

    /** Declares the DAG as needed; its runs fail at this task (one of {@link #TASKS}), on try 2. */
    public AirflowEmulator failingTask(String dagId, String taskId) {
        dag(dagId).failingTask(taskId);
        return this;
    }

    /** Declares the DAG as needed; the last task of its successful runs returns this (JSON-able) value. */
    public AirflowEmulator returnValue(String dagId, Object value) {
        dag(dagId).returnValue(value);
        return this;
    }

    /** The ids of the DAG's runs, in the order they were created; empty for an unknown DAG. */
    public List<String> runIds(String dagId) {
        Dag dag = dags.get(dagId);
        return dag == null ? List.of() : dag.runIds();
    }

    /** The conf the run was triggered with, as parsed JSON; {@code null} when there is no such run. */
    public Map<String, Object> conf(String dagId, String runId) {
        Dag dag = dags.get(dagId);
        Run run = dag == null ? null : dag.run(runId);
        return run == null ? null : run.conf;
    }

    /** The run's state as Airflow last answered it ({@code queued}, ...), without advancing it; null when unknown. */
    public String state(String dagId, String runId) {
        Dag dag = dags.get(dagId);
        Run run = dag == null ? null : dag.run(runId);
        synchronized (this) {
            return run == null ? null : run.state;
        }
    }

    /** How many triggers ({@code POST .../dagRuns}) of the DAG it received, refused ones (409, 422) included. */
    public int triggers(String dagId) {
        Dag dag = dags.get(dagId);
        return dag == null ? 0 : dag.triggers.get();
    }

    /** Airflow 3: every token handed out so far is refused from now on, as after their expiry. */
    public void expireTokens() {
        tokens.clear();
    }

    @Override
    public void close() {
        server.stop();
    }

    @Override
    public String toString() {
        return "AirflowEmulator[" + api + " at " + url() + "]";
    }

    /** A declared DAG; its setters apply to runs from their next poll on. */
    public final class Dag {
        private final String dagId;
        private final List<Run> runs = new ArrayList<>(); // guarded by AirflowEmulator.this
        private final AtomicInteger triggers = new AtomicInteger();
        private volatile boolean paused;
        private volatile String outcome = "success";
        private volatile String failingTask = "transform";
        private volatile Object returnValue = DEFAULT_RETURN_VALUE;

        private Dag(String dagId) {
            this.dagId = dagId;
        }

        public String id() {
            return dagId;
        }

        /** {@code success} or {@code failed}. */
        public Dag outcome(String outcome) {
            if (!"success".equals(outcome) && !"failed".equals(outcome)) {
                throw new IllegalArgumentException("a run's outcome is success or failed, not " + outcome);
            }
            this.outcome = outcome;
            return this;
        }

        public Dag paused(boolean paused) {
            this.paused = paused;
            return this;
        }

        /** Runs fail at this task, one of {@link #TASKS}: it is failed on try 2, the tasks after it upstream_failed. */
        public Dag failingTask(String taskId) {
            if (!TASKS.contains(taskId)) {
                throw new IllegalArgumentException("the tasks are " + TASKS + ", not " + taskId);
            }
            this.failingTask = taskId;
            this.outcome = "failed";
            return this;
        }

        /** The {@code return_value} XCom of the last task of a successful run: JSON-able, e.g. a Map. */
        public Dag returnValue(Object value) {
            this.returnValue = value;
            return this;
        }

        public boolean isPaused() {
            return paused;
        }

        List<String> runIds() {
            synchronized (AirflowEmulator.this) {
                return runs.stream().map(r -> r.runId).toList();
            }
        }

        Run run(String runId) {
            synchronized (AirflowEmulator.this) {
                return runs.stream().filter(r -> r.runId.equals(runId)).findFirst().orElse(null);
            }
        }
    }

    /** A run; its mutable fields are guarded by the emulator. */
    private static final class Run {
        final String runId;
        final Map<String, Object> conf;
        final JsonNode confJson;
        final Instant queuedAt;
        final Instant logicalDate;
        String state = "queued";
        Instant startDate;
        Instant endDate;
        String failingTask; // the task it failed at, once failed
        int polls; // the GETs of it while its DAG was unpaused

        Run(String runId, JsonNode conf, Instant queuedAt, Instant logicalDate) {
            this.runId = runId;
            this.confJson = conf;
            this.conf = Collections.unmodifiableMap(MAPPER.convertValue(conf, LinkedHashMap.class));
            this.queuedAt = queuedAt;
            this.logicalDate = logicalDate;
        }
    }

    /** An HTTP answer. */
    private record Answer(int status, String contentType, String body) {
    }

    /** Routes every request: the one stub of the server hands each to it. */
    private final class Transformer implements ResponseDefinitionTransformerV2 {
        @Override
        public String getName() {
            return TRANSFORMER;
        }

        @Override
        public boolean applyGlobally() {
            return false;
        }

        @Override
        public ResponseDefinition transform(ServeEvent event) {
            Answer a;
            try {
                a = answer(event.getRequest());
            } catch (RuntimeException e) {
                a = error(500, "Internal Server Error", "the emulator failed: " + e);
            }
            return aResponse().withStatus(a.status()).withHeader("Content-Type", a.contentType())
                    .withBody(a.body()).build();
        }
    }

    // ---------------------------------------------------------------------------------------------------- routing

    private Answer answer(Request request) {
        String url = request.getUrl();
        int q = url.indexOf('?');
        String rawPath = q < 0 ? url : url.substring(0, q);
        List<String> path = new ArrayList<>();
        for (String s : rawPath.split("/")) {
            if (!s.isEmpty()) {
                path.add(URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8));
            }
        }
        RequestMethod method = request.getMethod();
        String mine = api == ApiVersion.V1 ? "v1" : "v2";
        if (path.equals(List.of("auth", "token")) && api == ApiVersion.V2) {
            return method.equals(RequestMethod.POST) ? token(request) : error(405, "Method Not Allowed", "Method Not Allowed");
        }
        if (path.size() < 2 || !path.get(0).equals("api") || !path.get(1).equals(mine)) {
            return new Answer(404, "text/html", "<!doctype html><html><body><h1>Not Found</h1></body></html>");
        }
        List<String> p = path.subList(2, path.size());
        if (p.equals(List.of("version")) && method.equals(RequestMethod.GET)) {
            return json(200, api == ApiVersion.V1 ? "{\"version\":\"2.10.5\",\"git_version\":null}"
                    : "{\"version\":\"3.0.2\",\"git_version\":null}");
        }
        if (!authenticated(request)) {
            return api == ApiVersion.V1 ? error(401, "Unauthorized", "No credentials found, or the credentials are invalid")
                    : json(401, "{\"detail\":\"Not authenticated\"}");
        }
        if (p.size() < 2 || !p.get(0).equals("dags")) {
            return error(404, "Not Found", "Not Found");
        }
        String dagId = p.get(1);
        Dag dag = dags.get(dagId);
        boolean isGet = method.equals(RequestMethod.GET);
        if (p.size() == 3 && p.get(2).equals("dagRuns") && method.equals(RequestMethod.POST) && dag != null) {
            dag.triggers.incrementAndGet();
        }
        if (p.size() == 3 && p.get(2).equals("dagRuns") && method.equals(RequestMethod.POST)) {
            return trigger(dag, dagId, request.getBodyAsString());
        }
        if (dag == null) {
            return error(404, "DAG not found", "DAG with dag_id: '" + dagId + "' not found");
        }
        if (p.size() == 2 && isGet) {
            return json(200, dagJson(dag));
        }
        if (p.size() == 2 && method.equals(RequestMethod.PATCH)) {
            return patchDag(dag, request.getBodyAsString());
        }
        if (p.size() == 3 && p.get(2).equals("dagRuns") && isGet) {
            return listRuns(dag, request);
        }
        if (p.size() < 4 || !p.get(2).equals("dagRuns")) {
            return error(404, "Not Found", "Not Found");
        }
        String runId = p.get(3);
        Run run = dag.run(runId);
        if (run == null) {
            return error(404, "DAGRun not found", "DAGRun with DAG ID: '" + dagId + "' and DagRun ID: '" + runId
                    + "' not found");
        }
        if (p.size() == 4 && isGet) {
            synchronized (this) {
                advance(dag, run);
                return json(200, runJson(dagId, run));
            }
        }
        if (p.size() == 5 && p.get(4).equals("taskInstances") && isGet) {
            return listTasks(dag, run, request);
        }
        if (p.size() == 8 && p.get(4).equals("taskInstances") && p.get(6).equals("xcomEntries") && isGet) {
            return xcom(dag, run, p.get(5), p.get(7), request);
        }
        return error(404, "Not Found", "Not Found");
    }

    private boolean authenticated(Request request) {
        String auth = request.getHeader("Authorization");
        if (auth == null) {
            return false;
        }
        if (api == ApiVersion.V1) {
            String expected = "Basic " + Base64.getEncoder().encodeToString((USERNAME + ":" + PASSWORD)
                    .getBytes(StandardCharsets.UTF_8));
            return auth.equals(expected);
        }
        return auth.startsWith("Bearer ") && tokens.contains(auth.substring("Bearer ".length()));
    }

    /** Airflow 3's {@code POST /auth/token} of the simple auth manager. */
    private Answer token(Request request) {
        JsonNode body = parse(request.getBodyAsString());
        if (body == null || !body.path("username").isTextual() || !body.path("password").isTextual()) {
            return json(422, fastApiMissing(body, "username"));
        }
        if (!body.path("username").asText().equals(USERNAME) || !body.path("password").asText().equals(PASSWORD)) {
            return json(401, "{\"detail\":\"Invalid credentials\"}");
        }
        String token = "eyJhbGciOiJIUzUxMiJ9.emulator-" + tokenCount.incrementAndGet() + "."
                + Long.toHexString(System.nanoTime());
        tokens.add(token);
        return json(201, "{\"access_token\":\"" + token + "\"}");
    }

    // ---------------------------------------------------------------------------------------------------- DAG runs

    private Answer trigger(Dag dag, String dagId, String text) {
        JsonNode body = parse(text);
        if (body == null || !body.isObject()) {
            return api == ApiVersion.V1 ? error(400, "Bad Request", "Request body is not valid JSON")
                    : json(422, "{\"detail\":[{\"type\":\"model_attributes_type\",\"loc\":[\"body\"],"
                    + "\"msg\":\"Input should be a valid dictionary or object to extract fields from\",\"input\":"
                    + MAPPER.valueToTree(text) + "}]}");
        }
        if (api == ApiVersion.V2 && !body.has("logical_date")) {
            return json(422, fastApiMissing(body, "logical_date"));
        }
        JsonNode conf = body.path("conf");
        if (!conf.isMissingNode() && !conf.isNull() && !conf.isObject()) {
            return api == ApiVersion.V1 ? error(400, "Bad Request", "'conf' must be an object")
                    : json(422, "{\"detail\":[{\"type\":\"dict_type\",\"loc\":[\"body\",\"conf\"],"
                    + "\"msg\":\"Input should be a valid dictionary\",\"input\":" + conf + "}]}");
        }
        if (dag == null) {
            return error(404, "DAG not found", "DAG with dag_id: '" + dagId + "' not found");
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Instant logical = null;
        JsonNode ld = body.path("logical_date");
        if (ld.isTextual()) {
            try {
                logical = java.time.OffsetDateTime.parse(ld.asText()).toInstant();
            } catch (java.time.format.DateTimeParseException e) {
                return api == ApiVersion.V1 ? error(400, "Bad Request", "'" + ld.asText() + "' is not a 'date-time'")
                        : json(422, "{\"detail\":[{\"type\":\"datetime_from_date_parsing\",\"loc\":[\"body\","
                        + "\"logical_date\"],\"msg\":\"Input should be a valid datetime\",\"input\":" + ld + "}]}");
            }
        } else if (api == ApiVersion.V1) {
            logical = now; // Airflow 2: the logical date defaults to the time of the trigger
        }
        String runId = body.path("dag_run_id").isTextual() ? body.path("dag_run_id").asText()
                : "manual__" + (logical == null ? now : logical).atOffset(ZoneOffset.UTC);
        synchronized (this) {
            if (dag.run(runId) != null) {
                String detail = "DAGRun with DAG ID: '" + dagId + "' and DAGRun ID: '" + runId + "' already exists";
                return error(409, "Conflict", detail);
            }
            Run run = new Run(runId, conf.isObject() ? conf : MAPPER.createObjectNode(), now, logical);
            dag.runs.add(run);
            return json(200, runJson(dagId, run));
        }
    }

    /**
     * A poll of an unpaused run: the first answers it queued, the second running, the later ones the DAG's outcome.
     * Guarded by this.
     */
    private void advance(Dag dag, Run run) {
        if (dag.paused) {
            return;
        }
        run.polls++;
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        if (run.polls == 2 && run.state.equals("queued")) {
            run.state = "running";
            run.startDate = now;
        } else if (run.polls >= 3 && run.state.equals("running")) {
            run.state = dag.outcome;
            run.endDate = now;
            run.failingTask = dag.outcome.equals("failed") ? dag.failingTask : null;
        }
    }

    private Answer patchDag(Dag dag, String text) {
        JsonNode body = parse(text);
        if (body == null || !body.path("is_paused").isBoolean()) {
            return api == ApiVersion.V1 ? error(400, "Bad Request", "is_paused is required")
                    : json(422, fastApiMissing(body, "is_paused"));
        }
        dag.paused(body.path("is_paused").asBoolean());
        return json(200, dagJson(dag));
    }

    private Answer listRuns(Dag dag, Request request) {
        int limit = intParam(request, "limit", 100);
        int offset = intParam(request, "offset", 0);
        String order = stringParam(request, "order_by");
        ArrayNode list = MAPPER.createArrayNode();
        int total;
        synchronized (this) {
            List<Run> runs = new ArrayList<>(dag.runs);
            if (order != null && order.startsWith("-")) {
                Collections.reverse(runs);
            }
            total = runs.size();
            for (Run r : runs.subList(Math.min(offset, total), Math.min(total, offset + Math.max(0, limit)))) {
                list.add(parse(runJson(dag.dagId, r)));
            }
        }
        ObjectNode page = MAPPER.createObjectNode();
        page.set("dag_runs", list);
        page.put("total_entries", total);
        return json(200, page.toString());
    }

    private Answer listTasks(Dag dag, Run run, Request request) {
        int limit = intParam(request, "limit", 100);
        int offset = intParam(request, "offset", 0);
        ArrayNode list = MAPPER.createArrayNode();
        synchronized (this) {
            for (int i = Math.min(offset, TASKS.size()); i < Math.min(TASKS.size(), offset + Math.max(0, limit)); i++) {
                list.add(taskJson(dag.dagId, run, i));
            }
        }
        ObjectNode page = MAPPER.createObjectNode();
        page.set("task_instances", list);
        page.put("total_entries", TASKS.size());
        return json(200, page.toString());
    }

    private Answer xcom(Dag dag, Run run, String taskId, String key, Request request) {
        Object value;
        String state;
        synchronized (this) {
            state = run.state;
        }
        value = dag.returnValue;
        boolean has = state.equals("success") && taskId.equals(TASKS.get(TASKS.size() - 1)) && key.equals("return_value")
                && value != null;
        if (!has) {
            return api == ApiVersion.V1 ? error(404, "XCom entry not found", "XCom entry not found")
                    : json(404, detail("XCom entry with key: `" + key + "` not found"));
        }
        ObjectNode n = MAPPER.createObjectNode();
        n.put("key", key);
        n.put("timestamp", time(run.endDate));
        n.put(api == ApiVersion.V1 ? "execution_date" : "logical_date", time(run.logicalDate));
        n.put("map_index", -1);
        n.put("task_id", taskId);
        n.put("dag_id", dag.dagId);
        if (api == ApiVersion.V2) {
            n.put("run_id", run.runId);
        }
        boolean asJson = api == ApiVersion.V2 && "true".equals(stringParam(request, "deserialize"))
                && !"true".equals(stringParam(request, "stringify"));
        if (asJson) {
            n.set("value", MAPPER.valueToTree(value));
        } else {
            n.put("value", python(value));
        }
        return json(200, n.toString());
    }

    // ---------------------------------------------------------------------------------------------------- shapes

    private String dagJson(Dag dag) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("dag_id", dag.dagId);
        n.put("dag_display_name", dag.dagId);
        n.put("is_paused", dag.paused);
        if (api == ApiVersion.V1) {
            n.put("is_active", true);
            n.put("is_subdag", false);
        } else {
            n.put("is_stale", false);
        }
        n.put("fileloc", "/opt/airflow/dags/" + dag.dagId + ".py");
        n.putArray("owners").add("rdw");
        n.putArray("tags");
        n.putNull("description");
        return n.toString();
    }

    /** A DAG run object of this generation. Guarded by this. */
    private String runJson(String dagId, Run r) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("dag_run_id", r.runId);
        n.put("dag_id", dagId);
        n.put("logical_date", time(r.logicalDate));
        if (api == ApiVersion.V1) {
            n.put("execution_date", time(r.logicalDate));
        } else {
            n.put("queued_at", time(r.queuedAt));
        }
        n.put("start_date", time(r.startDate));
        n.put("end_date", time(r.endDate));
        if (api == ApiVersion.V2) {
            if (r.startDate != null && r.endDate != null) {
                n.put("duration", (r.endDate.toEpochMilli() - r.startDate.toEpochMilli()) / 1000.0);
            } else {
                n.putNull("duration");
            }
        }
        n.put("data_interval_start", time(r.logicalDate));
        n.put("data_interval_end", time(r.logicalDate));
        if (api == ApiVersion.V2) {
            n.put("run_after", time(r.queuedAt));
        }
        n.putNull("last_scheduling_decision");
        n.put("run_type", "manual");
        n.put("state", r.state);
        if (api == ApiVersion.V1) {
            n.put("external_trigger", true);
        } else {
            n.put("triggered_by", "rest_api");
        }
        n.set("conf", r.confJson);
        n.putNull("note");
        if (api == ApiVersion.V2) {
            n.putArray("dag_versions");
            n.putNull("bundle_version");
            n.put("dag_display_name", dagId);
        }
        return n.toString();
    }

    /** The i-th task instance of the run, in its state. Guarded by this. */
    private ObjectNode taskJson(String dagId, Run r, int i) {
        String taskId = TASKS.get(i);
        String state;
        int tryNumber;
        switch (r.state) {
            case "queued" -> {
                state = null;
                tryNumber = 0;
            }
            case "running" -> {
                state = i == 0 ? "running" : null;
                tryNumber = i == 0 ? 1 : 0;
            }
            case "failed" -> {
                int failing = TASKS.indexOf(r.failingTask);
                state = i < failing ? "success" : i == failing ? "failed" : "upstream_failed";
                tryNumber = i < failing ? 1 : i == failing ? 2 : 0;
            }
            default -> {
                state = "success";
                tryNumber = 1;
            }
        }
        boolean ran = tryNumber > 0;
        boolean ended = ran && !"running".equals(state);
        ObjectNode n = MAPPER.createObjectNode();
        n.put("task_id", taskId);
        n.put("dag_id", dagId);
        n.put("dag_run_id", r.runId);
        n.put("map_index", -1);
        n.put("logical_date", time(r.logicalDate));
        if (api == ApiVersion.V1) {
            n.put("execution_date", time(r.logicalDate));
        }
        n.put("state", state);
        n.put("try_number", tryNumber);
        n.put("max_tries", 2);
        n.put("start_date", ran ? time(r.startDate) : null);
        n.put("end_date", ended ? time(r.endDate == null ? r.startDate : r.endDate) : null);
        if (ended && r.endDate != null) {
            n.put("duration", (r.endDate.toEpochMilli() - r.startDate.toEpochMilli()) / 1000.0);
        } else {
            n.putNull("duration");
        }
        n.put("operator", "PythonOperator");
        n.put("pool", "default_pool");
        n.put("queue", "default");
        n.put("hostname", ran ? "emulator" : "");
        return n;
    }

    private String time(Instant t) {
        return t == null ? null : (api == ApiVersion.V1 ? V1_TIME : V2_TIME).format(t);
    }

    /** An error of this generation: Airflow 2's problem JSON, Airflow 3's {@code {"detail": "..."}}. */
    private Answer error(int status, String title, String detail) {
        if (api == ApiVersion.V2) {
            return json(status, detail(detail));
        }
        ObjectNode n = MAPPER.createObjectNode();
        n.put("detail", detail);
        n.put("status", status);
        n.put("title", title);
        n.put("type", "https://airflow.apache.org/docs/apache-airflow/2.10.5/stable-rest-api-ref.html#section/Errors/"
                + title.replace(" ", ""));
        return new Answer(status, "application/problem+json", n.toString());
    }

    private static String detail(String detail) {
        return MAPPER.createObjectNode().put("detail", detail).toString();
    }

    /** FastAPI's 422 for a missing body field. */
    private static String fastApiMissing(JsonNode body, String field) {
        ObjectNode e = MAPPER.createObjectNode();
        e.put("type", "missing");
        e.putArray("loc").add("body").add(field);
        e.put("msg", "Field required");
        e.set("input", body == null ? MAPPER.nullNode() : body);
        ObjectNode n = MAPPER.createObjectNode();
        n.putArray("detail").add(e);
        return n.toString();
    }

    private static Answer json(int status, String body) {
        return new Answer(status, "application/json", body);
    }

    private static JsonNode parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static String stringParam(Request request, String name) {
        QueryParameter p = request.queryParameter(name);
        return p != null && p.isPresent() ? p.firstValue() : null;
    }

    private static int intParam(Request request, String name, int otherwise) {
        String v = stringParam(request, name);
        try {
            return v == null ? otherwise : Integer.parseInt(v);
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }

    /** A value as Python renders it ({@code str()}), as Airflow 2's API sends XCom values. */
    static String python(Object v) {
        if (v == null) {
            return "None";
        }
        if (v instanceof Boolean b) {
            return b ? "True" : "False";
        }
        if (v instanceof String s) {
            return s;
        }
        return pythonRepr(MAPPER.valueToTree(v));
    }

    private static String pythonRepr(JsonNode n) {
        if (n.isNull()) {
            return "None";
        }
        if (n.isBoolean()) {
            return n.asBoolean() ? "True" : "False";
        }
        if (n.isTextual()) {
            return "'" + n.asText().replace("\\", "\\\\").replace("'", "\\'") + "'";
        }
        if (n.isArray()) {
            List<String> parts = new ArrayList<>();
            n.forEach(e -> parts.add(pythonRepr(e)));
            return "[" + String.join(", ", parts) + "]";
        }
        if (n.isObject()) {
            List<String> parts = new ArrayList<>();
            n.fields().forEachRemaining(e -> parts.add("'" + e.getKey() + "': " + pythonRepr(e.getValue())));
            return "{" + String.join(", ", parts) + "}";
        }
        return n.asText();
    }
}
