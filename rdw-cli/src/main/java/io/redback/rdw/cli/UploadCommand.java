package io.redback.rdw.cli;

import io.redback.rdw.Layer;
import io.redback.rdw.ObjectInfo;
import io.redback.rdw.WarehouseClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "upload", header = "Upload a local file to bronze and print its object key.",
        mixinStandardHelpOptions = true,
        description = {"Upload a local file to the bronze layer and print its object key.",
                "The key follows the warehouse convention PROJECT/YEAR[/TASK[/STUDENT]]/NAME_YYYYMMDDTHHMMSSmmmZ.EXT;",
                "bronze is write-once, so every upload gets a new name and nothing is ever overwritten there."},
        footer = {"", "Example:", "  rdw upload rides.csv --project project1 --task t1_rides --student s223344"})
final class UploadCommand implements Callable<Integer> {
    @ParentCommand
    RdwCommand root;
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "The file to upload.")
    Path file;
    @Option(names = "--project", required = true, description = "Project folder, e.g. project1.")
    String project;
    @Option(names = "--year", description = "Year folder (default: this year, UTC).")
    Integer year;
    @Option(names = "--task", description = "Task folder, tN_name, e.g. t1_rides.")
    String task;
    @Option(names = "--student", description = "Student folder (needs --task).")
    String student;
    @Option(names = "--name", paramLabel = "BASE", description = "Base name of the object (default: from the file name).")
    String name;
    @Option(names = "--layer", description = "Layer to upload to: bronze (default), silver or gold.", defaultValue = "bronze")
    String layer;
    @Option(names = "--exact-name", description = "Name the object BASE.EXT without the timestamp suffix.")
    boolean exactName;
    @Option(names = "--overwrite", description = "Replace an object of the same exact name (never allowed in bronze).")
    boolean overwrite;
    @Option(names = "--allow-duplicate", description = "Store another copy even when the same content is already at "
            + "this dataset location (by default the existing object is kept and its key printed).")
    boolean allowDuplicate;
    @Option(names = "--trigger", paramLabel = "DAG", description = "Then start a run of this Airflow DAG with conf {bucket, "
            + "key, sha256, project, event_id}; its run id comes from the upload's event, so a retry starts no second run.")
    String trigger;
    @Option(names = "--wait", description = "With --trigger: wait for the run and print its outcome (exit 8 if it failed).")
    boolean await;
    @Option(names = "--timeout", defaultValue = "1h", description = "How long --wait waits (default: ${DEFAULT-VALUE}).")
    String timeout;

    @Override
    public Integer call() {
        Layer target = Layer.parse(layer);
        if (overwrite && target.writeOnce()) {
            throw new io.redback.rdw.ForbiddenException("--overwrite is refused: bronze is write-once");
        }
        if (await && trigger == null) {
            throw new io.redback.rdw.InvalidInputException("--wait waits for the run --trigger DAG starts: give --trigger too");
        }
        java.time.Duration wait = await ? io.redback.rdw.helpers.Units.duration(timeout) : null;
        long size = file.toFile().length();
        io.redback.rdw.ProgressListener progress = ProgressBar.forTerminal(spec.commandLine().getErr(), size);
        try (WarehouseClient dw = root.client()) {
            // an interrupted upload (Ctrl-C) closes the client, which abandons the unfinished upload on the server
            Thread abandon = new Thread(dw::close, "rdw-abandon-upload");
            Runtime.getRuntime().addShutdownHook(abandon);
            try {
                java.util.function.Consumer<io.redback.rdw.UploadOptions> naming = o -> {
                    o.progress(progress);
                    if (year != null) {
                        o.year(year);
                    }
                    o.task(task).student(student);
                    if (name != null) {
                        o.name(name);
                    }
                    if (exactName || overwrite) {
                        o.exactName();
                    }
                    if (allowDuplicate) {
                        o.allowDuplicate();
                    }
                };
                java.time.Instant started = java.time.Instant.now().minusMillis(1);
                io.redback.rdw.Bucket bucket = dw.bucket(target);
                // replacing is a write under an exact key; an upload itself never replaces anything
                ObjectInfo info = overwrite
                        ? bucket.put(bucket.uploadKey(file, project, naming), file, o -> o.overwrite().progress(progress))
                        : bucket.upload(file, project, naming);
                spec.commandLine().getOut().println(info.key());
                if (info.created().filter(c -> c.isBefore(started)).isPresent()) {
                    spec.commandLine().getErr().println("already in " + target.id() + ": the same content (SHA-256 "
                            + info.sha256().map(s -> s.substring(0, 12)).orElse("?") + "...) was uploaded at "
                            + info.created().orElseThrow() + "; nothing was stored (--allow-duplicate stores another copy)");
                }
                RdwCommand.reportQueuedProvenance(dw, spec.commandLine().getErr());
                if (trigger != null) {
                    try (io.redback.rdw.stream.Airflow airflow = io.redback.rdw.stream.Airflow.connect(dw.context().config())) {
                        return DagCommand.report(airflow, airflow.trigger(trigger, info), wait, spec.commandLine().getOut());
                    }
                }
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(abandon);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running already
                }
            }
        }
        return 0;
    }
}
