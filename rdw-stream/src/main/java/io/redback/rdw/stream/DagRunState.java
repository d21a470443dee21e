package io.redback.rdw.stream;

import java.util.Locale;

/** The state of a DAG run. */
public enum DagRunState {
    QUEUED,
    RUNNING,
    SUCCESS,
    FAILED;

    /**
     * Airflow's state name ({@code queued}, {@code running}, {@code success}, {@code failed}). A state this client does
     * not know, or none, is read as {@link #RUNNING}: not finished, so a wait goes on (and ends at its timeout).
     */
    public static DagRunState parse(String state) {
        if (state == null) {
            return RUNNING;
        }
        return switch (state.strip().toLowerCase(Locale.ROOT)) {
            case "queued" -> QUEUED;
            case "success" -> SUCCESS;
            case "failed" -> FAILED;
            default -> RUNNING;
        };
    }

    /** Whether the run has finished: success or failed. */
    public boolean finished() {
        return this == SUCCESS || this == FAILED;
    }

    /** Airflow's name of the state. */
    public String airflowName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
