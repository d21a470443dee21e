package io.redback.rdw.stream;

import io.redback.rdw.RdwException;

import java.util.List;

/** A DAG run that ended failed: the message names the run and each failed task with its try and log address. */
public class DagRunFailedException extends RdwException {
    private static final long serialVersionUID = 1L;

    private final transient DagRun run;
    private final transient List<TaskRun> failedTasks;

    public DagRunFailedException(DagRun run, List<TaskRun> failedTasks) {
        super(message(run, failedTasks));
        this.run = run;
        this.failedTasks = List.copyOf(failedTasks);
    }

    /** The run as it ended. */
    public DagRun run() {
        return run;
    }

    /** Its tasks in state {@code failed} or {@code upstream_failed}. */
    public List<TaskRun> failedTasks() {
        return failedTasks;
    }

    private static String message(DagRun run, List<TaskRun> failed) {
        StringBuilder m = new StringBuilder("the run " + run.runId() + " of DAG " + run.dagId() + " failed");
        if (failed.isEmpty()) {
            return m.append(" without a failed task (was it marked failed by hand, or did it time out?)").toString();
        }
        m.append(": ");
        for (int i = 0; i < failed.size(); i++) {
            TaskRun t = failed.get(i);
            m.append(i == 0 ? "" : "; ").append("task ").append(t.taskId()).append(' ').append(t.state());
            if (t.tryNumber() > 0) {
                m.append(" on try ").append(t.tryNumber()).append(", log ").append(t.logUrl());
            } else {
                m.append(" (it never ran)");
            }
        }
        return m.toString();
    }
}
