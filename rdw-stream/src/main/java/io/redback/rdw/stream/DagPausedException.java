package io.redback.rdw.stream;

import io.redback.rdw.RdwException;

/** A DAG run that stays queued because its DAG is paused: it would never start, so the wait for it ends. */
public class DagPausedException extends RdwException {
    private static final long serialVersionUID = 1L;

    private final transient DagRun run;

    public DagPausedException(DagRun run) {
        super("the DAG " + run.dagId() + " is paused, so its run " + run.runId() + " stays queued: unpause the DAG "
                + "in Airflow (its toggle, or PATCH /dags/" + run.dagId() + " {\"is_paused\": false}) and wait again");
        this.run = run;
    }

    /** The queued run. */
    public DagRun run() {
        return run;
    }
}
