package io.redback.rdw.stream.airflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.redback.rdw.ForbiddenException;
import io.redback.rdw.stream.Airflow.ApiVersion;
import io.redback.rdw.stream.DagRun;
import io.redback.rdw.stream.DagRunState;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.redback.rdw.stream.airflow.AirflowStub.DAG;
import static io.redback.rdw.stream.airflow.AirflowStub.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The client on Airflow 3's REST API, {@code /api/v2}, with a JWT from {@code POST /auth/token}. */
class AirflowV2ClientTest extends AirflowClientContract {
    @Override
    ApiVersion api() {
        return ApiVersion.V2;
    }

    @Test
    void theTriggerSendsTheLogicalDateAirflow3Requires() {
        triggerAnswersQueuedRun();

        airflow.trigger(DAG, Map.of());

        List<LoggedRequest> posts = stub.server.findAll(postRequestedFor(urlPathEqualTo(runsPath())));
        assertThat(posts).singleElement().satisfies(r -> {
            JsonNode body = AirflowHttp.MAPPER.readTree(r.getBodyAsString());
            assertThat(body.has("logical_date")).as("the body has logical_date").isTrue();
            assertThat(body.get("logical_date").isNull()).as("logical_date is null: run now").isTrue();
        });
    }

    @Test
    void theTokenIsFetchedOnceAndReused() {
        triggerAnswersQueuedRun();
        stub.runStates("r1", "running");

        airflow.trigger(DAG, Map.of());
        airflow.run(DAG, "r1");
        airflow.run(DAG, "r1");

        stub.server.verify(1, postRequestedFor(urlPathEqualTo("/auth/token"))
                .withRequestBody(matchingJsonPath("$.username", equalTo(AirflowStub.USER))));
        stub.server.verify(2, getRequestedFor(urlPathEqualTo(runsPath() + "/r1"))
                .withHeader("Authorization", equalTo("Bearer tok-1")));
    }

    @Test
    void anExpiredTokenIsRenewedOnceAndTheCallRetried() {
        stub.runStates("r1", "running");
        airflow.run(DAG, "r1");
        stub.expire("tok-1");

        DagRun again = airflow.run(DAG, "r1");

        assertThat(again.state()).isEqualTo(DagRunState.RUNNING);
        stub.server.verify(2, postRequestedFor(urlPathEqualTo("/auth/token")));
        stub.server.verify(1, getRequestedFor(urlPathEqualTo(runsPath() + "/r1"))
                .withHeader("Authorization", equalTo("Bearer tok-2")));
    }

    @Test
    void aTokenRefusedAgainAfterItsRenewalIsForbiddenWithoutShowingAnyToken() {
        stub.runStates("r1", "running");
        airflow.run(DAG, "r1");
        stub.expire("tok-1");
        stub.expire("tok-2");

        assertThatThrownBy(() -> airflow.run(DAG, "r1"))
                .isInstanceOf(ForbiddenException.class).hasMessageContaining("AIRFLOW_PASSWORD")
                .hasMessageNotContaining("tok-").hasMessageNotContaining(AirflowStub.PASSWORD);
        stub.server.verify(2, postRequestedFor(urlPathEqualTo("/auth/token")));
        assertThat(airflow.toString()).doesNotContain("tok-");
    }

    @Test
    void theXComValueIsAskedForAsJson() {
        stub.stub(com.github.tomakehurst.wiremock.client.WireMock.get(urlPathMatching(".*/xcomEntries/.*"))
                .willReturn(json(200, xcomEntry())));

        airflow.xcom(run("r5", DagRunState.SUCCESS), "load", "return_value");

        stub.server.verify(getRequestedFor(urlPathMatching(".*/xcomEntries/return_value"))
                .withQueryParam("deserialize", equalTo("true")));
    }

    @Override
    String conflict(String runId) {
        return "{\"detail\":\"A DAG Run already exists for DAG etl with run id " + runId + "\"}";
    }

    /** Airflow 3 sends the value as JSON when asked to deserialize it. */
    @Override
    String xcomEntry() {
        return "{\"key\":\"return_value\",\"timestamp\":\"2025-01-31T12:02:00Z\",\"logical_date\":null,\"map_index\":-1,"
                + "\"task_id\":\"load\",\"dag_id\":\"etl\",\"run_id\":\"r5\",\"dag_display_name\":\"etl\","
                + "\"value\":{\"rows\":42,\"tables\":[\"sales\",\"stock\"],\"late\":null}}";
    }

    @Override
    Object expectedXcom() {
        Map<String, Object> value = new java.util.LinkedHashMap<>();
        value.put("rows", 42);
        value.put("tables", List.of("sales", "stock"));
        value.put("late", null);
        return value;
    }

    @Override
    String notFound(String detail) {
        return "{\"detail\":\"" + detail + "\"}";
    }

    @Override
    String newestFirst() {
        return "-run_after";
    }

    @Override
    ResponseDefinitionBuilder refusedBody() {
        return json(422, "{\"detail\":[{\"type\":\"missing\",\"loc\":[\"body\",\"logical_date\"],\"msg\":\"Field required\","
                + "\"input\":{\"dag_run_id\":\"x\"}}]}");
    }

    @Override
    String refusedDetail() {
        return "body.logical_date: Field required";
    }
}
