package io.redback.rdw.stream.airflow;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.redback.rdw.Secret;
import io.redback.rdw.stream.Airflow.ApiVersion;

import java.time.Duration;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * A stand-in Airflow on loopback, answering one REST API generation in the shapes of its documentation: Airflow 2's
 * {@code /api/v1} (basic authentication, problem JSON errors) or Airflow 3's {@code /api/v2} (a JWT from
 * {@code POST /auth/token}, FastAPI errors). Requests without valid credentials get a 401.
 */
final class AirflowStub implements AutoCloseable {
    static final String USER = "rdw-bot";
    static final String PASSWORD = "pw-Secret-4711";
    static final String DAG = "etl";

    final WireMockServer server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    final ApiVersion api;

    AirflowStub(ApiVersion api) {
        this.api = api;
        server.start();
        reset();
    }

    /** Only the version endpoint, the authentication and the catch-all refusals. */
    void reset() {
        server.resetAll();
        String other = api == ApiVersion.V1 ? "/api/v2/version" : "/api/v1/version";
        server.stubFor(get(urlPathEqualTo(other)).willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "text/html").withBody("<html><body>Not Found</body></html>")));
        server.stubFor(get(urlPathEqualTo(prefix() + "/version")).willReturn(json(200, api == ApiVersion.V1
                ? "{\"version\":\"2.10.5\",\"git_version\":null}" : "{\"version\":\"3.0.2\",\"git_version\":null}")));
        server.stubFor(any(urlPathMatching("/api/.*")).atPriority(10).willReturn(api == ApiVersion.V1
                ? json(401, problem(401, "Unauthorized", "No credentials found, or the credentials are invalid"))
                : json(401, "{\"detail\":\"Not authenticated\"}")));
        if (api == ApiVersion.V2) {
            server.stubFor(post(urlPathEqualTo("/auth/token")).atPriority(10)
                    .willReturn(json(401, "{\"detail\":\"Invalid credentials\"}")));
            tokens("tok-1", "tok-2", "tok-3");
        }
    }

    String url() {
        return "http://127.0.0.1:" + server.port();
    }

    String prefix() {
        return api == ApiVersion.V1 ? "/api/v1" : "/api/v2";
    }

    AirflowSettings settings() {
        return settings(PASSWORD);
    }

    AirflowSettings settings(String password) {
        return new AirflowSettings(url(), USER, Secret.of(password), null, Duration.ofSeconds(5));
    }

    /** A client that polls every few milliseconds, so that waits in tests are short. */
    AirflowClient client() {
        return new AirflowClient(settings(), Duration.ofMillis(5), Duration.ofMillis(20));
    }

    /** {@code POST /auth/token} with the right credentials answers these tokens in turn (the last repeats). */
    void tokens(String... tokens) {
        for (int i = 0; i < tokens.length; i++) {
            server.stubFor(post(urlPathEqualTo("/auth/token"))
                    .withRequestBody(matchingJsonPath("$.username", equalTo(USER)))
                    .withRequestBody(matchingJsonPath("$.password", equalTo(PASSWORD)))
                    .inScenario("tokens").whenScenarioStateIs(step("token", i))
                    .willSetStateTo(step("token", Math.min(i + 1, tokens.length - 1)))
                    .willReturn(json(201, "{\"access_token\":\"" + tokens[i] + "\"}")));
        }
    }

    /** From now on, requests with this token get a 401, as Airflow 3 answers an expired JWT. */
    void expire(String token) {
        server.stubFor(any(urlPathMatching("/api/.*")).atPriority(1)
                .withHeader("Authorization", equalTo("Bearer " + token))
                .willReturn(json(401, "{\"detail\":\"Invalid JWT token\"}")));
    }

    /** A stub that answers only requests with valid credentials of this generation. */
    MappingBuilder authed(MappingBuilder m) {
        return api == ApiVersion.V1 ? m.withBasicAuth(USER, PASSWORD)
                : m.withHeader("Authorization", matching("Bearer tok-[0-9]+"));
    }

    void stub(MappingBuilder m) {
        server.stubFor(authed(m).atPriority(5));
    }

    /** {@code GET /dags/{dag}/dagRuns/{run}} answers these states in turn (the last repeats). */
    void runStates(String runId, String... states) {
        for (int i = 0; i < states.length; i++) {
            server.stubFor(authed(get(urlPathEqualTo(prefix() + "/dags/" + DAG + "/dagRuns/" + runId))).atPriority(5)
                    .inScenario("run " + runId).whenScenarioStateIs(step("poll", i))
                    .willSetStateTo(step("poll", Math.min(i + 1, states.length - 1)))
                    .willReturn(json(200, run(runId, states[i]))));
        }
    }

    /** {@code GET /dags/{dag}}: the DAG, paused or not. */
    void dag(boolean paused) {
        stub(get(urlPathEqualTo(prefix() + "/dags/" + DAG)).willReturn(json(200, "{\"dag_id\":\"" + DAG
                + "\",\"is_paused\":" + paused + ",\"is_active\":true,\"fileloc\":\"/opt/airflow/dags/etl.py\","
                + "\"owners\":[\"rdw\"],\"tags\":[]}")));
    }

    /** A DAG run object of this generation, started unless queued, ended when finished. */
    String run(String runId, String state) {
        String start = state.equals("queued") ? "null" : "\"2025-01-31T12:00:05.123456+00:00\"";
        String end = state.equals("success") || state.equals("failed") ? "\"2025-01-31T12:03:00+00:00\"" : "null";
        String conf = "{\"day\":\"2025-01-31\",\"tables\":[\"sales\"]}";
        if (api == ApiVersion.V1) {
            return "{\"dag_run_id\":\"" + runId + "\",\"dag_id\":\"" + DAG + "\",\"logical_date\":\"2025-01-31T12:00:00+00:00\","
                    + "\"execution_date\":\"2025-01-31T12:00:00+00:00\",\"start_date\":" + start + ",\"end_date\":" + end
                    + ",\"data_interval_start\":\"2025-01-31T12:00:00+00:00\",\"data_interval_end\":\"2025-01-31T12:00:00+00:00\","
                    + "\"last_scheduling_decision\":null,\"run_type\":\"manual\",\"state\":\"" + state + "\","
                    + "\"external_trigger\":true,\"conf\":" + conf + ",\"note\":null}";
        }
        return "{\"dag_run_id\":\"" + runId + "\",\"dag_id\":\"" + DAG + "\",\"logical_date\":null,"
                + "\"queued_at\":\"2025-01-31T12:00:00.000001Z\",\"start_date\":" + start + ",\"end_date\":" + end
                + ",\"duration\":null,\"data_interval_start\":null,\"data_interval_end\":null,"
                + "\"run_after\":\"2025-01-31T12:00:00Z\",\"last_scheduling_decision\":null,\"run_type\":\"manual\","
                + "\"state\":\"" + state + "\",\"triggered_by\":\"rest_api\",\"conf\":" + conf + ",\"note\":null,"
                + "\"dag_versions\":[],\"bundle_version\":null,\"dag_display_name\":\"" + DAG + "\"}";
    }

    /** A task instance object of this generation. */
    String task(String taskId, String state, int tryNumber) {
        return "{\"task_id\":\"" + taskId + "\",\"dag_id\":\"" + DAG + "\",\"dag_run_id\":\"r\",\"map_index\":-1,"
                + "\"state\":" + (state == null ? "null" : "\"" + state + "\"") + ",\"try_number\":" + tryNumber
                + ",\"max_tries\":2,\"start_date\":\"2025-01-31T12:00:10+00:00\",\"end_date\":\"2025-01-31T12:01:00+00:00\","
                + "\"duration\":50.0,\"operator\":\"PythonOperator\",\"pool\":\"default_pool\",\"queue\":\"default\"}";
    }

    /** Airflow 2's problem JSON. */
    static String problem(int status, String title, String detail) {
        return "{\"detail\":\"" + detail + "\",\"status\":" + status + ",\"title\":\"" + title
                + "\",\"type\":\"https://airflow.apache.org/docs/apache-airflow/2.10.5/stable-rest-api-ref.html#section/Errors/"
                + title.replace(" ", "") + "\"}";
    }

    static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
    }

    private static String step(String name, int i) {
        return i == 0 ? Scenario.STARTED : name + i;
    }

    @Override
    public void close() {
        server.stop();
    }
}
