package io.redback.rdw.stream;

import io.redback.rdw.RdwException;

import java.time.Duration;

/** A DAG run that had not finished when the wait for it ended; it goes on in Airflow. */
public class DagRunTimeoutException extends RdwException {
    private static final long serialVersionUID = 1L;

    private final transient DagRun run;
    private final Duration waited;

    public DagRunTimeoutException(DagRun run, Duration waited) {
        super("the run " + run.runId() + " of DAG " + run.dagId() + " is still " + run.state().airflowName()
                + " after waiting " + format(waited) + "; it goes on in Airflow: wait again, or look at it there");
        this.run = run;
        this.waited = waited;
    }

    /** The run as it was last read. */
    public DagRun run() {
        return run;
    }

    /** How long the wait lasted. */
    public Duration waited() {
        return waited;
    }

    static String format(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + " ms";
        }
        long s = d.toSeconds();
        return s < 120 ? s + " s" : (s / 60) + " min " + (s % 60) + " s";
    }
}
