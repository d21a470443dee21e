package io.redback.rdw.stream.airflow;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.redback.rdw.ForbiddenException;
import io.redback.rdw.InvalidInputException;
import io.redback.rdw.NotFoundException;
import io.redback.rdw.stream.Airflow;
import io.redback.rdw.stream.Airflow.ApiVersion;
import io.redback.rdw.stream.DagPausedException;
import io.redback.rdw.stream.DagRun;
import io.redback.rdw.stream.DagRunFailedException;
import io.redback.rdw.stream.DagRunState;
import io.redback.rdw.stream.DagRunTimeoutException;
import io.redback.rdw.stream.TaskRun;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.redback.rdw.stream.airflow.AirflowStub.DAG;
import static io.redback.rdw.stream.airflow.AirflowStub.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What the client does against either REST API generation; each subclass runs it on a stub of one generation.
 * Airflow's answers are the documented shapes; the client detects the generation itself.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AirflowClientContract {
    static final String RUN_ID_PATTERN = "rdw__\\d{8}T\\d{9}Z__[0-9a-f]{12}";

    AirflowStub stub;
    AirflowClient airflow;

    abstract ApiVersion api();

    @BeforeAll
    void start() {
        stub = new AirflowStub(api());
    }

    @AfterAll
    void stop() {
        stub.close();
    }

    @BeforeEach
    void open() {
        stub.reset();
        airflow = stub.client();
    }

    @AfterEach
    void closeClient() {
        airflow.close();
    }

    String runsPath() {
        return stub.prefix() + "/dags/" + DAG + "/dagRuns";
    }

    /** The trigger answers the run it was asked for, in state queued. */
    void triggerAnswersQueuedRun() {
        stub.stub(post(urlPathEqualTo(runsPath())).willReturn(json(200, stub.run("{{jsonPath request.body '$.dag_run_id'}}",
                "queued")).withTransformers("response-template")));
    }

    @Test
    void detectsTheApiGeneration() {
        assertThat(airflow.apiVersion()).isEqualTo(api());
    }

    @Test
    void triggerSendsTheConfAndReturnsTheRunUnderAClientMadeId() {
        triggerAnswersQueuedRun();

        DagRun run = airflow.trigger(DAG, Map.of("day", "2025-01-31", "tables", List.of("sales")));

        assertThat(run.dagId()).isEqualTo(DAG);
        assertThat(run.runId()).matches(RUN_ID_PATTERN);
        assertThat(run.state()).isEqualTo(DagRunState.QUEUED);
        assertThat(run.conf()).containsEntry("day", "2025-01-31").containsEntry("tables", List.of("sales"));
        stub.server.verify(1, postRequestedFor(urlPathEqualTo(runsPath()))
                .withRequestBody(matchingJsonPath("$.dag_run_id", equalTo(run.runId())))
                .withRequestBody(matchingJsonPath("$.conf.day", equalTo("2025-01-31")))
                .withRequestBody(matchingJsonPath("$.conf.tables[0]", equalTo("sales"))));
    }

    @Test
    void twoTriggersStartTwoRunsUnderDifferentIds() {
        triggerAnswersQueuedRun();

        DagRun first = airflow.trigger(DAG, Map.of());
        DagRun second = airflow.trigger(DAG, Map.of());

        assertThat(first.runId()).isNotEqualTo(second.runId());
        List<LoggedRequest> posts = stub.server.findAll(postRequestedFor(urlPathEqualTo(runsPath())));
        assertThat(posts).extracting(r -> AirflowHttp.MAPPER.readTree(r.getBodyAsString()).path("dag_run_id").asText())
                .containsExactly(first.runId(), second.runId());
    }

    @Test
    void aTriggerWithTheIdOfAnExistingRunReturnsThatRun() {
        stub.stub(post(urlPathEqualTo(runsPath())).willReturn(json(409, conflict("nightly-2025-01-31"))));
        stub.runStates("nightly-2025-01-31", "running");

        DagRun run = airflow.trigger(DAG, Map.of("day", "2025-01-31"), "nightly-2025-01-31");

        assertThat(run.runId()).isEqualTo("nightly-2025-01-31");
        assertThat(run.state()).isEqualTo(DagRunState.RUNNING);
        assertThat(run.startDate()).isEqualTo(Instant.parse("2025-01-31T12:00:05.123456Z"));
        stub.server.verify(1, postRequestedFor(urlPathEqualTo(runsPath())));
    }

    abstract String conflict(String runId);

    @Test
    void aRunIdAirflowWouldRefuseIsRefusedBeforeAnyCall() {
        assertThatThrownBy(() -> airflow.trigger(DAG, Map.of(), "two words"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("two words");
        stub.server.verify(0, postRequestedFor(urlPathEqualTo(runsPath())));
    }

    @Test
    void awaitFollowsTheRunFromQueuedThroughRunningToSuccess() {
        stub.runStates("r1", "queued", "running", "running", "success");
        stub.dag(false);

        DagRun done = airflow.await(run("r1", DagRunState.QUEUED), Duration.ofMinutes(1));

        assertThat(done.state()).isEqualTo(DagRunState.SUCCESS);
        assertThat(done.endDate()).isEqualTo(Instant.parse("2025-01-31T12:03:00Z"));
        stub.server.verify(4, getRequestedFor(urlPathEqualTo(runsPath() + "/r1")));
    }

    @Test
    void awaitOnAFailedRunNamesEachFailedTaskItsTryAndItsLog() {
        stub.runStates("r2", "running", "failed");
        stub.stub(get(urlPathEqualTo(runsPath() + "/r2/taskInstances")).willReturn(json(200, "{\"task_instances\":["
                + stub.task("extract", "success", 1) + "," + stub.task("transform", "failed", 2) + ","
                + stub.task("load", "upstream_failed", 0) + "],\"total_entries\":3}")));

        String log = stub.url() + runsPath() + "/r2/taskInstances/transform/logs/2";
        assertThatThrownBy(() -> airflow.await(run("r2", DagRunState.RUNNING), Duration.ofMinutes(1)))
                .isInstanceOfSatisfying(DagRunFailedException.class, e -> {
                    assertThat(e.run().state()).isEqualTo(DagRunState.FAILED);
                    assertThat(e.failedTasks()).extracting(TaskRun::taskId).containsExactly("transform", "load");
                    assertThat(e.failedTasks().get(0).logUrl()).isEqualTo(log);
                })
                .hasMessageContaining(DAG).hasMessageContaining("r2")
                .hasMessageContaining("task transform failed on try 2, log " + log)
                .hasMessageContaining("task load upstream_failed")
                .hasMessageNotContaining("extract");
    }

    @Test
    void awaitGivesUpAtItsTimeoutSayingWhatItWaitedFor() {
        stub.runStates("r3", "running");

        assertThatThrownBy(() -> airflow.await(run("r3", DagRunState.RUNNING), Duration.ofMillis(100)))
                .isInstanceOfSatisfying(DagRunTimeoutException.class,
                        e -> assertThat(e.run().state()).isEqualTo(DagRunState.RUNNING))
                .hasMessageContaining(DAG).hasMessageContaining("r3").hasMessageContaining("still running")
                .hasMessageContaining("after waiting");
    }

    @Test
    void awaitReportsARunQueuedBehindAPausedDag() {
        stub.runStates("r4", "queued");
        stub.dag(true);

        assertThatThrownBy(() -> airflow.await(run("r4", DagRunState.QUEUED), Duration.ofHours(1)))
                .isInstanceOf(DagPausedException.class)
                .hasMessageContaining("the DAG " + DAG + " is paused").hasMessageContaining("r4");
    }

    @Test
    void readsAnXComValueAndNothingForAMissingOne() {
        String path = runsPath() + "/r5/taskInstances/load/xcomEntries/";
        stub.stub(get(urlPathEqualTo(path + "return_value")).willReturn(json(200, xcomEntry())));
        stub.stub(get(urlPathEqualTo(path + "missing")).willReturn(json(404, notFound("XCom entry not found"))));

        Optional<Object> value = airflow.xcom(run("r5", DagRunState.SUCCESS), "load", "return_value");

        assertThat(value).contains(expectedXcom());
        assertThat(airflow.xcom(run("r5", DagRunState.SUCCESS), "load", "missing")).isEmpty();
    }

    /** The XCom entry {@code return_value} of task {@code load}, as this generation sends it. */
    abstract String xcomEntry();

    abstract Object expectedXcom();

    abstract String notFound(String detail);

    @Test
    void listsTheLatestRunsNewestFirst() {
        stub.stub(get(urlPathEqualTo(runsPath())).willReturn(json(200, "{\"dag_runs\":[" + stub.run("r9", "running")
                + "," + stub.run("r8", "success") + "],\"total_entries\":9}")));

        List<DagRun> runs = airflow.runs(DAG, 2);

        assertThat(runs).extracting(DagRun::runId).containsExactly("r9", "r8");
        assertThat(runs).extracting(DagRun::state).containsExactly(DagRunState.RUNNING, DagRunState.SUCCESS);
        stub.server.verify(getRequestedFor(urlPathEqualTo(runsPath())).withQueryParam("limit", equalTo("2"))
                .withQueryParam("order_by", equalTo(newestFirst())));
    }

    abstract String newestFirst();

    @Test
    void aBodyAirflowRefusesIsInvalidInputWithAirflowsDetail() {
        stub.stub(post(urlPathEqualTo(runsPath())).willReturn(refusedBody()));

        assertThatThrownBy(() -> airflow.trigger(DAG, Map.of()))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining(refusedDetail());
    }

    abstract com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder refusedBody();

    abstract String refusedDetail();

    @Test
    void anUnknownDagIsNotFoundByName() {
        stub.stub(post(urlPathEqualTo(stub.prefix() + "/dags/nope/dagRuns"))
                .willReturn(json(404, notFound("DAG with dag_id: 'nope' not found"))));

        assertThatThrownBy(() -> airflow.trigger("nope", Map.of()))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("the DAG nope does not exist");
    }

    @Test
    void anUnknownRunIsNotFoundByItsId() {
        stub.stub(get(urlPathEqualTo(runsPath() + "/gone")).willReturn(json(404, notFound("DAGRun not found"))));

        assertThatThrownBy(() -> airflow.run(DAG, "gone"))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("the run gone of DAG " + DAG + " does not exist");
    }

    @Test
    void listsTheTasksOfARunWithTheirTriesAndLogs() {
        stub.stub(get(urlPathEqualTo(runsPath() + "/r6/taskInstances")).willReturn(json(200, "{\"task_instances\":["
                + stub.task("extract", "success", 1) + "," + stub.task("load", null, 0) + "],\"total_entries\":2}")));

        List<TaskRun> tasks = airflow.tasks(run("r6", DagRunState.RUNNING));

        assertThat(tasks).extracting(TaskRun::taskId, TaskRun::state, TaskRun::tryNumber)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("extract", "success", 1),
                        org.assertj.core.groups.Tuple.tuple("load", "none", 0));
        assertThat(tasks.get(0).logUrl()).isEqualTo(stub.url() + runsPath() + "/r6/taskInstances/extract/logs/1");
        assertThat(tasks.get(0).endDate()).isEqualTo(Instant.parse("2025-01-31T12:01:00Z"));
        assertThat(tasks.get(1).logUrl()).isNull();
    }

    @Test
    void aWrongPasswordNamesTheSettingsAndShowsNoSecret() {
        triggerAnswersQueuedRun();
        try (Airflow wrong = new AirflowClient(stub.settings("wrong-Secret-999"), Duration.ofMillis(5), Duration.ofMillis(5))) {
            assertThatThrownBy(() -> wrong.trigger(DAG, Map.of()))
                    .isInstanceOf(ForbiddenException.class)
                    .hasMessageContaining("AIRFLOW_USERNAME").hasMessageContaining("AIRFLOW_PASSWORD")
                    .hasMessageNotContaining("wrong-Secret-999").hasMessageNotContaining(AirflowStub.PASSWORD)
                    .satisfies(e -> assertThat(String.valueOf(e)).doesNotContain("wrong-Secret-999"));
            assertThat(wrong.toString()).doesNotContain("wrong-Secret-999");
        }
        assertThat(airflow.toString()).doesNotContain(AirflowStub.PASSWORD);
        assertThat(stub.settings().toString()).doesNotContain(AirflowStub.PASSWORD);
    }

    static DagRun run(String runId, DagRunState state) {
        return new DagRun(DAG, runId, state, null, null, null, Map.of());
    }
}
