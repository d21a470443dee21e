package io.redback.rdw.stream.airflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.redback.rdw.ForbiddenException;
import io.redback.rdw.NotFoundException;
import io.redback.rdw.RdwConfig;
import io.redback.rdw.stream.Airflow;
import io.redback.rdw.stream.Airflow.ApiVersion;
import io.redback.rdw.stream.DagPausedException;
import io.redback.rdw.stream.DagRun;
import io.redback.rdw.stream.DagRunFailedException;
import io.redback.rdw.stream.DagRunState;
import io.redback.rdw.stream.TaskRun;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The stand-in Airflow, driven by the real client and by plain HTTP, in both API generations. */
class AirflowEmulatorTest {
    private static final String DAG = "load_sales";
    private static final Duration WAIT = Duration.ofMinutes(1);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static Airflow client(AirflowEmulator emulator) {
        return client(emulator, emulator.password());
    }

    private static Airflow client(AirflowEmulator emulator, String password) {
        return Airflow.connect(RdwConfig.builder().noFile().systemProperties(new Properties())
                .environment(Map.of("RDW_AIRFLOW_URL", emulator.url(), "RDW_AIRFLOW_USERNAME", emulator.username(),
                        "RDW_AIRFLOW_PASSWORD", password))
                .build());
    }

    @ParameterizedTest
    @EnumSource(ApiVersion.class)
    void aTriggeredRunSucceedsWithItsConfRecordedAndItsReturnValueReadable(ApiVersion api) {
        try (AirflowEmulator emulator = new AirflowEmulator(api); Airflow airflow = client(emulator)) {
            emulator.dag(DAG);
            Map<String, Object> conf = new LinkedHashMap<>();
            conf.put("day", "2025-01-31");
            conf.put("tables", List.of("sales", "stores"));
            conf.put("note", null);

            DagRun run = airflow.trigger(DAG, conf);
            assertThat(airflow.apiVersion()).isEqualTo(api);
            assertThat(run.state()).isEqualTo(DagRunState.QUEUED);
            DagRun done = airflow.await(run, WAIT);

            assertThat(done.state()).isEqualTo(DagRunState.SUCCESS);
            assertThat(done.runId()).isEqualTo(run.runId());
            assertThat(done.startDate()).isNotNull();
            assertThat(done.endDate()).isNotNull().isAfterOrEqualTo(done.startDate());
            assertThat(done.conf()).isEqualTo(conf);
            assertThat(emulator.runIds(DAG)).containsExactly(run.runId());
            assertThat(emulator.conf(DAG, run.runId())).isEqualTo(conf);
            assertThat(emulator.triggers(DAG)).isEqualTo(1);
            assertThat(emulator.state(DAG, run.runId())).isEqualTo("success");

            assertThat(airflow.tasks(done)).extracting(TaskRun::taskId, TaskRun::state, TaskRun::tryNumber)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("extract", "success", 1),
                            org.assertj.core.groups.Tuple.tuple("transform", "success", 1),
                            org.assertj.core.groups.Tuple.tuple("load", "success", 1));
            Optional<Object> rows = airflow.xcom(done, "load", "return_value");
            if (api == ApiVersion.V2) {
                assertThat(rows).contains(Map.of("rows", 3));
            } else {
                assertThat(rows).contains("{'rows': 3}"); // Airflow 2 sends Python's rendering, as text
            }
            assertThat(airflow.xcom(done, "extract", "return_value")).isEmpty();
            assertThat(airflow.xcom(done, "load", "other_key")).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(ApiVersion.class)
    void eachPollOfARunAdvancesIt(ApiVersion api) {
        try (AirflowEmulator emulator = new AirflowEmulator(api); Airflow airflow = client(emulator)) {
            emulator.returnValue(DAG, List.of(1, "two"));
            DagRun run = airflow.trigger(DAG, Map.of(), "poll-1");

            assertThat(airflow.run(DAG, "poll-1").state()).isEqualTo(DagRunState.QUEUED);
            DagRun running = airflow.run(DAG, "poll-1");
            assertThat(running.state()).isEqualTo(DagRunState.RUNNING);
            assertThat(running.startDate()).isNotNull();
            assertThat(running.endDate()).isNull();
            assertThat(airflow.tasks(running)).extracting(TaskRun::state).containsExactly("running", "none", "none");
            assertThat(airflow.xcom(run, "load", "return_value")).isEmpty();
            assertThat(airflow.run(DAG, "poll-1").state()).isEqualTo(DagRunState.SUCCESS);
            assertThat(airflow.run(DAG, "poll-1").state()).isEqualTo(DagRunState.SUCCESS);
            assertThat(airflow.xcom(run, "load", "return_value"))
                    .contains(api == ApiVersion.V2 ? List.of(1, "two") : "[1, 'two']");
        }
    }

    @ParameterizedTest
    @EnumSource(ApiVersion.class)
    void aFailingDagFailsAtItsTaskOnTryTwo(ApiVersion api) {
        try (AirflowEmulator emulator = new AirflowEmulator(api); Airflow airflow = client(emulator)) {
            emulator.failingTask(DAG, "transform");
            DagRun run = airflow.trigger(DAG, Map.of("day", "2025-01-31"));

            assertThatThrownBy(() -> airflow.await(run, WAIT)).isInstanceOfSatisfying(DagRunFailedException.class, e -> {
                assertThat(e.run().state()).isEqualTo(DagRunState.FAILED);
                assertThat(e.failedTasks()).extracting(TaskRun::taskId, TaskRun::state, TaskRun::tryNumber)
                        .containsExactly(org.assertj.core.groups.Tuple.tuple("transform", "failed", 2),
                                org.assertj.core.groups.Tuple.tuple("load", "upstream_failed", 0));
                assertThat(e.getMessage()).contains("task transform failed on try 2")
                        .contains(emulator.prefix() + "/dags/" + DAG + "/dagRuns/" + run.runId()
                                + "/taskInstances/transform/logs/2");
            });
            assertThat(airflow.xcom(run, "load", "return_value")).isEmpty();
            assertThat(emulator.state(DAG, run.runId())).isEqualTo("failed");
        }
    }

    @ParameterizedTest
    @EnumSource(ApiVersion.class)
    void theSameRunIdTwiceIsOneRun(ApiVersion api) {
        try (AirflowEmulator emulator = new AirflowEmulator(api); Airflow airflow = client(emulator)) {
            emulator.dag(DAG);
            DagRun first = airflow.trigger(DAG, Map.of("try", 1), "retried-1");
            DagRun second = airflow.trigger(DAG, Map.of("try", 2), "retried-1");

            assertThat(second.runId()).isEqualTo(first.runId()).isEqualTo("retried-1");
            assertThat(second.conf()).isEqualTo(Map.of("try", 1));
            assertThat(emulator.runIds(DAG)).containsExactly("retried-1");
            assertThat(emulator.triggers(DAG)).isEqualTo(2);
            assertThat(emulator.conf(DAG, "retried-1")).isEqualTo(Map.of("try", 1));
        }
    }

    @ParameterizedTest
    @EnumSource(ApiVersion.class)
    void aRunOfAPausedDagStaysQueued(ApiVersion api) {
        try (AirflowEmulator emulator = new AirflowEmulator(api); Airflow airflow = client(emulator)) {
            emulator.paused(DAG, true);
            DagRun run = airflow.trigger(DAG, Map.of());

            assertThatThrownBy(() -> airflow.await(run, WAIT)).isInstanceOf(DagPausedException.class)
                    .hasMessageContaining(DAG).hasMessageContaining(run.runId());
            for (int i = 0; i < 4; i++) {
                assertThat(airflow.run(DAG, run.runId()).state()).isEqualTo(DagRunState.QUEUED);
            }
            assertThat(emulator.runIds(DAG)).containsExactly(run.runId());

            emulator.paused(DAG, false);
            assertThat(airflow.run(DAG, run.runId()).state()).isEqualTo(DagRunState.QUEUED);
            assertThat(airflow.run(DAG, run.runId()).state()).isEqualTo(DagRunState.RUNNING);
            assertThat(airflow.run(DAG, run.runId()).state()).isEqualTo(DagRunState.SUCCESS);
        }
    }

    @ParameterizedTest
    @EnumSource(ApiVersion.class)
    void runsAreListedNewestFirst(ApiVersion api) {
        try (AirflowEmulator emulator = new AirflowEmulator(api); Airflow airflow = client(emulator)) {
            emulator.dag(DAG);
            emulator.dag("other");
            for (String id : List.of("a-1", "b-2", "c-3")) {
                airflow.trigger(DAG, Map.of("id", id), id);
            }
            airflow.trigger("other", Map.of(), "x-1");

            assertThat(airflow.runs(DAG, 10)).extracting(DagRun::runId).containsExactly("c-3", "b-2", "a-1");
            assertThat(airflow.runs(DAG, 2)).extracting(DagRun::runId).containsExactly("c-3", "b-2");
            assertThat(airflow.runs(DAG, 10)).allSatisfy(r -> assertThat(r.state()).isEqualTo(DagRunState.QUEUED));
            assertThat(emulator.runIds(DAG)).containsExactly("a-1", "b-2", "c-3");
            assertThat(emulator.runIds("other")).containsExactly("x-1");
            assertThat(emulator.runIds("never")).isEmpty();
            assertThat(emulator.triggers("never")).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(ApiVersion.class)
    void unknownDagsAndRunsAndWrongCredentialsAreRefused(ApiVersion api) {
        try (AirflowEmulator emulator = new AirflowEmulator(api); Airflow airflow = client(emulator)) {
            emulator.dag(DAG);

            assertThatThrownBy(() -> airflow.trigger("no_such_dag", Map.of())).isInstanceOf(NotFoundException.class)
                    .hasMessageContaining("DAG with dag_id: 'no_such_dag' not found");
            assertThatThrownBy(() -> airflow.run(DAG, "no-such-run")).isInstanceOf(NotFoundException.class)
                    .hasMessageContaining("no-such-run");
            assertThat(emulator.runIds("no_such_dag")).isEmpty();
            try (Airflow wrong = client(emulator, "not-the-password")) {
                assertThatThrownBy(() -> wrong.runs(DAG, 5)).isInstanceOf(ForbiddenException.class);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(ApiVersion.class)
    void manyThreadsTriggerAndPollAtOnce(ApiVersion api) throws Exception {
        try (AirflowEmulator emulator = new AirflowEmulator(api); Airflow airflow = client(emulator)) {
            emulator.dag(DAG);
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<DagRunState>> done = new java.util.ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    String id = "t-" + i;
                    done.add(pool.submit(() -> {
                        airflow.trigger(DAG, Map.of("i", id), id);
                        airflow.trigger(DAG, Map.of("i", id), id);
                        DagRunState s = null;
                        for (int poll = 0; poll < 3; poll++) {
                            s = airflow.run(DAG, id).state();
                        }
                        return s;
                    }));
                }
                for (Future<DagRunState> f : done) {
                    assertThat(f.get()).isEqualTo(DagRunState.SUCCESS);
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(emulator.runIds(DAG)).hasSize(8).doesNotHaveDuplicates();
            assertThat(emulator.triggers(DAG)).isEqualTo(16);
        }
    }

    // ------------------------------------------------------------------------------- the wire, as Airflow answers it

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private record Reply(int status, JsonNode json, String text) {
    }

    private static Reply send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json;
        try {
            json = MAPPER.readTree(r.body());
        } catch (IOException e) {
            json = MAPPER.nullNode();
        }
        return new Reply(r.statusCode(), json, r.body());
    }

    private static String authorization(AirflowEmulator emulator) throws IOException, InterruptedException {
        if (emulator.api() == ApiVersion.V1) {
            return "Basic " + Base64.getEncoder().encodeToString((emulator.username() + ":" + emulator.password())
                    .getBytes(StandardCharsets.UTF_8));
        }
        Reply token = send(HttpRequest.newBuilder(URI.create(emulator.url() + "/auth/token"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"" + emulator.username() + "\",\"password\":\""
                        + emulator.password() + "\"}")));
        assertThat(token.status()).isEqualTo(201);
        return "Bearer " + token.json().path("access_token").asText();
    }

    private static Reply get(AirflowEmulator emulator, String path, String auth) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(emulator.url() + path)).GET();
        return send(auth == null ? b : b.header("Authorization", auth));
    }

    private static Reply post(AirflowEmulator emulator, String path, String auth, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(emulator.url() + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        return send(auth == null ? b : b.header("Authorization", auth));
    }

    @ParameterizedTest
    @EnumSource(ApiVersion.class)
    void answersOnlyItsGenerationAndOnlyWithCredentials(ApiVersion api) throws Exception {
        try (AirflowEmulator emulator = new AirflowEmulator(api)) {
            emulator.dag(DAG);
            String other = api == ApiVersion.V1 ? "/api/v2" : "/api/v1";

            assertThat(get(emulator, emulator.prefix() + "/version", null).json().path("version").asText())
                    .startsWith(api == ApiVersion.V1 ? "2." : "3.");
            assertThat(get(emulator, other + "/version", null).status()).isEqualTo(404);

            Reply anonymous = get(emulator, emulator.prefix() + "/dags/" + DAG, null);
            assertThat(anonymous.status()).isEqualTo(401);
            if (api == ApiVersion.V1) {
                assertThat(anonymous.json().path("title").asText()).isEqualTo("Unauthorized");
                assertThat(anonymous.json().path("status").asInt()).isEqualTo(401);
            } else {
                assertThat(anonymous.json().path("detail").asText()).isEqualTo("Not authenticated");
                assertThat(post(emulator, "/auth/token", null, "{\"username\":\"" + emulator.username()
                        + "\",\"password\":\"wrong\"}").status()).isEqualTo(401);
                assertThat(get(emulator, emulator.prefix() + "/dags/" + DAG, "Bearer forged").status()).isEqualTo(401);
            }

            String auth = authorization(emulator);
            Reply dag = get(emulator, emulator.prefix() + "/dags/" + DAG, auth);
            assertThat(dag.status()).isEqualTo(200);
            assertThat(dag.json().path("dag_id").asText()).isEqualTo(DAG);
            assertThat(dag.json().path("is_paused").asBoolean(true)).isFalse();
            emulator.paused(DAG, true);
            assertThat(get(emulator, emulator.prefix() + "/dags/" + DAG, auth).json().path("is_paused").asBoolean())
                    .isTrue();

            Reply unknown = get(emulator, emulator.prefix() + "/dags/nope", auth);
            assertThat(unknown.status()).isEqualTo(404);
            assertThat(unknown.json().path("detail").asText()).isEqualTo("DAG with dag_id: 'nope' not found");
            assertThat(unknown.json().has("title")).isEqualTo(api == ApiVersion.V1);

            if (api == ApiVersion.V2) {
                emulator.expireTokens();
                assertThat(get(emulator, emulator.prefix() + "/dags/" + DAG, auth).status()).isEqualTo(401);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(ApiVersion.class)
    void triggersAreAnsweredInTheDocumentedShapes(ApiVersion api) throws Exception {
        try (AirflowEmulator emulator = new AirflowEmulator(api)) {
            emulator.dag(DAG);
            String auth = authorization(emulator);
            String runs = emulator.prefix() + "/dags/" + DAG + "/dagRuns";
            String logical = api == ApiVersion.V2 ? ",\"logical_date\":null" : "";

            Reply created = post(emulator, runs, auth, "{\"dag_run_id\":\"r-1\",\"conf\":{\"a\":1}" + logical + "}");
            assertThat(created.status()).isEqualTo(200);
            assertThat(created.json().path("dag_run_id").asText()).isEqualTo("r-1");
            assertThat(created.json().path("dag_id").asText()).isEqualTo(DAG);
            assertThat(created.json().path("state").asText()).isEqualTo("queued");
            assertThat(created.json().path("conf").path("a").asInt()).isEqualTo(1);
            assertThat(created.json().path("start_date").isNull()).isTrue();
            assertThat(created.json().path("run_type").asText()).isEqualTo("manual");
            assertThat(created.json().has(api == ApiVersion.V1 ? "execution_date" : "run_after")).isTrue();

            Reply again = post(emulator, runs, auth, "{\"dag_run_id\":\"r-1\",\"conf\":{}" + logical + "}");
            assertThat(again.status()).isEqualTo(409);
            assertThat(again.json().path("detail").asText())
                    .isEqualTo("DAGRun with DAG ID: '" + DAG + "' and DAGRun ID: 'r-1' already exists");
            assertThat(again.json().has("title")).isEqualTo(api == ApiVersion.V1);

            Reply generated = post(emulator, runs, auth, "{\"conf\":{}" + logical + "}");
            assertThat(generated.status()).isEqualTo(200);
            assertThat(generated.json().path("dag_run_id").asText()).startsWith("manual__");

            if (api == ApiVersion.V2) {
                Reply noLogicalDate = post(emulator, runs, auth, "{\"dag_run_id\":\"r-2\",\"conf\":{}}");
                assertThat(noLogicalDate.status()).isEqualTo(422);
                assertThat(noLogicalDate.json().path("detail").get(0).path("loc").toString())
                        .isEqualTo("[\"body\",\"logical_date\"]");
                assertThat(noLogicalDate.json().path("detail").get(0).path("type").asText()).isEqualTo("missing");
            }

            assertThat(emulator.runIds(DAG)).hasSize(2).startsWith("r-1");
            assertThat(emulator.triggers(DAG)).isEqualTo(api == ApiVersion.V2 ? 4 : 3);

            Reply list = get(emulator, runs + "?limit=10&order_by=-start_date", auth);
            assertThat(list.json().path("total_entries").asInt()).isEqualTo(2);
            assertThat(list.json().path("dag_runs").get(1).path("dag_run_id").asText()).isEqualTo("r-1");

            Reply tasks = get(emulator, runs + "/r-1/taskInstances", auth);
            assertThat(tasks.json().path("total_entries").asInt()).isEqualTo(3);
            assertThat(tasks.json().path("task_instances").get(0).path("task_id").asText()).isEqualTo("extract");
            assertThat(get(emulator, runs + "/nope", auth).status()).isEqualTo(404);
        }
    }
}
