package io.redback.rdw.stream.airflow;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import io.redback.rdw.stream.Airflow.ApiVersion;

import static io.redback.rdw.stream.airflow.AirflowStub.json;
import static io.redback.rdw.stream.airflow.AirflowStub.problem;

/** The client on Airflow 2's stable REST API, {@code /api/v1}, with basic authentication. */
class AirflowV1ClientTest extends AirflowClientContract {
    @Override
    ApiVersion api() {
        return ApiVersion.V1;
    }

    @Override
    String conflict(String runId) {
        return problem(409, "Conflict", "DAGRun with DAG ID: 'etl' and DAGRun ID: '" + runId + "' already exists");
    }

    /** Airflow 2 sends every XCom value as text: Python's rendering of it. */
    @Override
    String xcomEntry() {
        return "{\"key\":\"return_value\",\"timestamp\":\"2025-01-31T12:02:00+00:00\",\"execution_date\":"
                + "\"2025-01-31T12:00:00+00:00\",\"map_index\":-1,\"task_id\":\"load\",\"dag_id\":\"etl\","
                + "\"value\":\"{'rows': 42}\"}";
    }

    @Override
    Object expectedXcom() {
        return "{'rows': 42}";
    }

    @Override
    String notFound(String detail) {
        return problem(404, "Not Found", detail);
    }

    @Override
    String newestFirst() {
        return "-execution_date";
    }

    @Override
    ResponseDefinitionBuilder refusedBody() {
        return json(400, problem(400, "Bad Request", "{'conf': ['Not a valid mapping type.']}"));
    }

    @Override
    String refusedDetail() {
        return "Not a valid mapping type.";
    }
}
