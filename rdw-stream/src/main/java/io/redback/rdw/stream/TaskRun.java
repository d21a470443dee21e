package io.redback.rdw.stream;

import java.time.Instant;
import java.util.Objects;

/**
 * A task instance of a DAG run.
 *
 * @param taskId    the task
 * @param state     Airflow's state of it ({@code success}, {@code failed}, {@code upstream_failed}, {@code running},
 *                  ...), or {@code none} when it has none yet
 * @param tryNumber its latest try, 0 when it never ran
 * @param startDate when that try started, or {@code null}
 * @param endDate   when it ended, or {@code null}
 * @param logUrl    the REST API's address of that try's log,
 *                  {@code {base}/api/v1|v2/dags/{d}/dagRuns/{r}/taskInstances/{t}/logs/{try}}; {@code null} when it
 *                  never ran
 */
public record TaskRun(String taskId, String state, int tryNumber, Instant startDate, Instant endDate, String logUrl) {
    public TaskRun {
        Objects.requireNonNull(taskId, "taskId");
        state = state == null ? "none" : state;
    }

    /** Whether the task failed, or did not run because a task it depends on failed. */
    public boolean failed() {
        return state.equals("failed") || state.equals("upstream_failed");
    }
}
