package io.redback.rdw.stream.airflow;

import com.fasterxml.jackson.databind.JsonNode;
import io.redback.rdw.BackendUnavailableException;
import io.redback.rdw.stream.DagRun;
import io.redback.rdw.stream.DagRunState;
import io.redback.rdw.stream.TaskRun;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntFunction;

/** Airflow's JSON objects read into this module's records; both API generations share these field names. */
final class AirflowJson {
    private AirflowJson() {
    }

    /** A DAG run object: {@code dag_run_id}, {@code dag_id}, {@code state}, {@code logical_date}, ..., {@code conf}. */
    static DagRun dagRun(JsonNode n, String dagId) {
        String runId = text(n, "dag_run_id");
        if (runId == null) {
            runId = text(n, "run_id");
        }
        if (runId == null) {
            throw new BackendUnavailableException("Airflow answered a DAG run of " + dagId + " without its dag_run_id");
        }
        String dag = text(n, "dag_id");
        Instant logical = instant(n, "logical_date");
        return new DagRun(dag == null ? dagId : dag, runId, DagRunState.parse(text(n, "state")),
                logical == null ? instant(n, "execution_date") : logical, instant(n, "start_date"), instant(n, "end_date"),
                conf(n.path("conf")));
    }

    /** A task instance object; {@code logUrl} makes the log address of a try. */
    static TaskRun taskRun(JsonNode n, IntFunction<String> logUrl) {
        int tryNumber = n.path("try_number").asInt(0);
        return new TaskRun(text(n, "task_id"), text(n, "state"), tryNumber, instant(n, "start_date"),
                instant(n, "end_date"), tryNumber > 0 ? logUrl.apply(tryNumber) : null);
    }

    /** JSON as plain Java: Map, List, String, Number (Integer, Long, BigInteger or Double), Boolean, or null. */
    static Object plain(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return null;
        }
        return AirflowHttp.MAPPER.convertValue(n, Object.class);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> conf(JsonNode n) {
        if (!n.isObject()) {
            return Map.of();
        }
        return (Map<String, Object>) AirflowHttp.MAPPER.convertValue(n, LinkedHashMap.class);
    }

    static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    /** An ISO-8601 date-time with an offset ({@code 2025-01-31T12:00:00+00:00}, {@code ...Z}), or null. */
    static Instant instant(JsonNode n, String field) {
        String v = text(n, field);
        if (v == null || v.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(v);
            } catch (DateTimeParseException e2) {
                return null; // a date this client cannot read is left out rather than failing the whole answer
            }
        }
    }
}
