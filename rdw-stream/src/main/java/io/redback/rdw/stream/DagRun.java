package io.redback.rdw.stream;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A run of an Airflow DAG.
 *
 * @param dagId       the DAG
 * @param runId       the run's id ({@code dag_run_id})
 * @param state       its state when it was read
 * @param logicalDate its logical date, or {@code null} (Airflow 3 runs may have none)
 * @param startDate   when it started, or {@code null} while queued
 * @param endDate     when it finished, or {@code null}
 * @param conf        the configuration it was triggered with (values may be null)
 */
public record DagRun(String dagId, String runId, DagRunState state, Instant logicalDate, Instant startDate,
                     Instant endDate, Map<String, Object> conf) {
    public DagRun {
        Objects.requireNonNull(dagId, "dagId");
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(state, "state");
        conf = conf == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(conf));
    }

    @Override
    public String toString() {
        return "DagRun[" + dagId + "/" + runId + " " + state.airflowName() + "]";
    }
}
