package io.redback.rdw.cli;

import io.redback.rdw.InvalidInputException;
import io.redback.rdw.helpers.Json;
import io.redback.rdw.helpers.Units;
import io.redback.rdw.stream.Airflow;
import io.redback.rdw.stream.DagRun;
import io.redback.rdw.stream.DagRunFailedException;
import io.redback.rdw.stream.TaskRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "dag", header = "Trigger Airflow DAGs, wait for them, and show their runs.",
        mixinStandardHelpOptions = true,
        description = {"Airflow's DAGs through its REST API (Airflow 2's /api/v1 or Airflow 3's /api/v2, detected),",
                "configured by AIRFLOW_URL, AIRFLOW_USERNAME and AIRFLOW_PASSWORD."},
        subcommands = {DagCommand.Trigger.class, DagCommand.Runs.class, DagCommand.Status.class},
        footer = {"", "Examples:", "  rdw dag trigger clean_rides --conf '{\"key\": \"project1/2026/rides.csv\"}' --wait",
                "  rdw dag runs clean_rides", "  rdw dag status clean_rides rdw__20261202T101500123Z__3f9a1c2e4b5d"})
final class DagCommand {
    @ParentCommand
    RdwCommand root;

    Airflow airflow() {
        return Airflow.connect(root.config());
    }

    @Command(name = "trigger", header = "Start a run of a DAG; with --wait, wait for its outcome.",
            mixinStandardHelpOptions = true,
            description = {"Starts a run under a run id of its own (or --run-id: a run of that id that exists already is",
                    "shown, not started twice) and prints it. With --wait it waits (polling with backoff) and prints the",
                    "outcome; a failed run names each failed task with its try and its log address, exit code 8; a run",
                    "not finished in time, or queued behind a paused DAG, exit code 9."})
    static final class Trigger implements Callable<Integer> {
        @ParentCommand
        DagCommand dag;
        @Spec
        CommandSpec spec;
        @Parameters(paramLabel = "DAG", description = "The DAG id.")
        String dagId;
        @Option(names = "--conf", paramLabel = "JSON", description = "The run's conf, a JSON object.")
        String conf;
        @Option(names = "--run-id", description = "The run id (default: one made for this trigger).")
        String runId;
        @Option(names = "--wait", description = "Wait for the run to finish and print its outcome.")
        boolean await;
        @Option(names = "--timeout", defaultValue = "1h", description = "How long --wait waits (default: ${DEFAULT-VALUE}).")
        String timeout;

        @Override
        public Integer call() {
            Map<String, Object> c = parseConf(conf);
            try (Airflow airflow = dag.airflow()) {
                DagRun run = runId == null ? airflow.trigger(dagId, c) : airflow.trigger(dagId, c, runId);
                return report(airflow, run, await ? Units.duration(timeout) : null, spec.commandLine().getOut());
            }
        }
    }

    @Command(name = "runs", header = "List a DAG's latest runs, newest first.", mixinStandardHelpOptions = true)
    static final class Runs implements Callable<Integer> {
        @ParentCommand
        DagCommand dag;
        @Spec
        CommandSpec spec;
        @Parameters(paramLabel = "DAG", description = "The DAG id.")
        String dagId;
        @Option(names = "--limit", defaultValue = "20", description = "At most this many (default: ${DEFAULT-VALUE}).")
        int limit;

        @Override
        public Integer call() {
            try (Airflow airflow = dag.airflow()) {
                for (DagRun run : airflow.runs(dagId, limit)) {
                    spec.commandLine().getOut().println(line(run));
                }
            }
            return 0;
        }
    }

    @Command(name = "status", header = "Show a run and its tasks.", mixinStandardHelpOptions = true)
    static final class Status implements Callable<Integer> {
        @ParentCommand
        DagCommand dag;
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", paramLabel = "DAG", description = "The DAG id.")
        String dagId;
        @Parameters(index = "1", paramLabel = "RUN", description = "The run id.")
        String runId;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try (Airflow airflow = dag.airflow()) {
                DagRun run = airflow.run(dagId, runId);
                out.println(line(run));
                for (TaskRun t : airflow.tasks(run)) {
                    out.println("  " + t.taskId() + "  " + t.state() + "  try " + t.tryNumber()
                            + (t.logUrl() == null ? "" : "  " + t.logUrl()));
                }
            }
            return 0;
        }
    }

    /** Prints the run; with a timeout, waits for it and prints its outcome. Returns the exit code. */
    static int report(Airflow airflow, DagRun run, Duration wait, PrintWriter out) {
        out.println(line(run));
        out.flush();
        if (wait == null) {
            return 0;
        }
        try {
            out.println(line(airflow.await(run, wait)));
            return 0;
        } catch (DagRunFailedException failed) {
            out.println(line(failed.run()));
            for (TaskRun t : failed.failedTasks()) {
                out.println("  failed: " + t.taskId() + " (" + t.state() + ", try " + t.tryNumber() + ")"
                        + (t.logUrl() == null ? "" : "  log: " + t.logUrl()));
            }
            throw failed;
        }
    }

    static String line(DagRun run) {
        return "dag " + run.dagId() + "  run " + run.runId() + "  " + run.state().airflowName()
                + (run.startDate() == null ? "" : "  started " + run.startDate())
                + (run.endDate() == null ? "" : "  ended " + run.endDate());
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> parseConf(String json) {
        if (json == null || json.isBlank()) {
            return Map.of();
        }
        try {
            Object parsed = Json.MAPPER.readValue(json, Object.class);
            if (parsed instanceof Map<?, ?> m) {
                return (Map<String, Object>) m;
            }
        } catch (IOException e) {
            throw new InvalidInputException("--conf is not JSON: " + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()));
        }
        throw new InvalidInputException("--conf must be a JSON object, like {\"day\": \"2026-12-02\"}");
    }
}
