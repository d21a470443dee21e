package io.redback.rdw.cli;

import io.redback.rdw.Progress;
import io.redback.rdw.ProgressListener;
import io.redback.rdw.RdwConfig;
import io.redback.rdw.admin.Backups;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "backup", header = "Back up and restore the warehouse folder with restic (for its administrators).",
        mixinStandardHelpOptions = true,
        description = {"Back up the embedded warehouse folder (or another folder) to a restic repository, list its",
                "snapshots, restore one and verify every object against the SHA-256 recorded when it was written,",
                "check the repository and forget old snapshots. The repository is rdw.restic.repository",
                "(RESTIC_REPOSITORY); its password is read from rdw.restic.password-file (RESTIC_PASSWORD_FILE) and",
                "reaches restic through its environment only. restic must be installed (apt-get install restic)."},
        subcommands = {BackupCommand.Init.class, BackupCommand.Run.class, BackupCommand.Snapshots.class,
                BackupCommand.Restore.class, BackupCommand.Check.class, BackupCommand.Forget.class,
                BackupCommand.Unlock.class},
        footer = {"", "Example:", "  RESTIC_REPOSITORY=/mnt/backup/rdw RESTIC_PASSWORD_FILE=~/.rdw/restic-password rdw backup run",
                "  rdw backup restore 1a2b3c4d --target /srv/restored"})
final class BackupCommand {
    @ParentCommand
    RdwCommand root;

    Backups backups() {
        return Backups.open(root.config());
    }

    @Command(name = "init", mixinStandardHelpOptions = true, header = "Create the repository where it is missing.")
    static final class Init implements Callable<Integer> {
        @ParentCommand
        BackupCommand parent;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            Backups b = parent.backups();
            Backups.InitState state = b.init();
            spec.commandLine().getOut().println(b.describe() + (state == Backups.InitState.CREATED ? ": created"
                    : ": exists and the password opens it; nothing changed"));
            return 0;
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            header = "Back up the warehouse folder (or FOLDER) as a new snapshot.",
            description = {"Back up the embedded warehouse folder (rdw.warehouse, or --warehouse), or the FOLDER given,",
                    "as a new snapshot tagged rdw. Progress of long runs goes to standard error. Back up while nothing",
                    "writes to the warehouse for a snapshot in which every object matches its metadata."})
    static final class Run implements Callable<Integer> {
        @ParentCommand
        BackupCommand parent;
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", arity = "0..1", paramLabel = "FOLDER", description = "The folder to back up.")
        Path folder;

        @Override
        public Integer call() {
            RdwConfig config = parent.root.config();
            Path what = folder != null ? folder : config.warehouse();
            Backups b = Backups.open(config);
            Backups.BackupSummary s = b.run(what, new Deciles(spec.commandLine().getErr()));
            PrintWriter out = spec.commandLine().getOut();
            out.println("snapshot " + s.snapshotId() + " of " + what.toAbsolutePath().normalize());
            out.printf(Locale.ROOT, "%d files (%d new, %d changed, %d unchanged), %s processed, %s added, %.1fs%n",
                    s.totalFilesProcessed(), s.filesNew(), s.filesChanged(), s.filesUnmodified(),
                    ProgressBar.size(s.totalBytesProcessed()), ProgressBar.size(s.dataAdded()),
                    s.duration().toMillis() / 1000.0);
            s.warnings().forEach(w -> spec.commandLine().getErr().println("not backed up: " + w));
            return 0;
        }
    }

    /** Prints the percentage done to standard error at every tenth, for runs that take a while. */
    static final class Deciles implements ProgressListener {
        private final PrintWriter err;
        private int printed;

        Deciles(PrintWriter err) {
            this.err = err;
        }

        @Override
        public void update(Progress p) {
            int decile = (int) (p.percent() / 10);
            if (p.total() >= (64L << 20) && decile > printed && decile < 10) {
                printed = decile;
                err.println("backup: " + p);
                err.flush();
            }
        }
    }

    @Command(name = "snapshots", mixinStandardHelpOptions = true, header = "List the repository's snapshots.")
    static final class Snapshots implements Callable<Integer> {
        @ParentCommand
        BackupCommand parent;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            for (Backups.Snapshot s : parent.backups().snapshots()) {
                out.println(s.shortId() + "  " + s.time() + "  " + s.username() + "@" + s.hostname() + "  "
                        + String.join(",", s.paths()) + (s.tags().isEmpty() ? "" : "  [" + String.join(",", s.tags()) + "]"));
            }
            return 0;
        }
    }

    @Command(name = "restore", mixinStandardHelpOptions = true,
            header = "Restore a snapshot into a new folder and verify it.",
            description = {"Restore SNAPSHOT (an id from 'rdw backup snapshots', or latest) into the new or empty folder",
                    "--target, then hash every object of the restored warehouse and compare it with the SHA-256",
                    "recorded in its metadata. Exits 1 if any object differs."})
    static final class Restore implements Callable<Integer> {
        @ParentCommand
        BackupCommand parent;
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", paramLabel = "SNAPSHOT", description = "The snapshot's id, or latest.")
        String snapshot;
        @Option(names = "--target", required = true, paramLabel = "DIR", description = "New or empty folder to restore into.")
        Path target;

        @Override
        public Integer call() {
            Backups.RestoreReport r = parent.backups().restore(snapshot, target);
            PrintWriter out = spec.commandLine().getOut();
            out.println("restored " + r.snapshotId() + " into " + r.target());
            if (!r.note().isEmpty()) {
                out.println(r.note());
                return 0;
            }
            r.mismatched().forEach(m -> out.println("MISMATCH " + m + ": its content differs from its recorded SHA-256"));
            out.println("verified: " + r.verified() + " OK, " + r.mismatched().size() + " mismatched"
                    + (r.unverified() > 0 ? ", " + r.unverified() + " without a recorded SHA-256" : ""));
            return r.verification() == Backups.Verification.OK ? 0 : 1;
        }
    }

    @Command(name = "check", mixinStandardHelpOptions = true, header = "Check the repository (restic check).",
            description = {"Run restic check on the repository. Exits 1 if it finds errors."})
    static final class Check implements Callable<Integer> {
        @ParentCommand
        BackupCommand parent;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            Backups.CheckResult r = parent.backups().check();
            if (r.status() == Backups.CheckStatus.NO_ERRORS) {
                spec.commandLine().getOut().println("no errors were found");
                return 0;
            }
            r.output().forEach(spec.commandLine().getErr()::println);
            return 1;
        }
    }

    @Command(name = "forget", mixinStandardHelpOptions = true,
            header = "Forget the snapshots a retention policy does not keep, and prune their data.")
    static final class Forget implements Callable<Integer> {
        @ParentCommand
        BackupCommand parent;
        @Spec
        CommandSpec spec;
        @Option(names = "--keep-last", paramLabel = "N", description = "Keep the last N snapshots.")
        int keepLast;
        @Option(names = "--keep-daily", paramLabel = "N", description = "Keep the last snapshot of each of the last N days.")
        int keepDaily;
        @Option(names = "--keep-weekly", paramLabel = "N", description = "Keep the last snapshot of each of the last N weeks.")
        int keepWeekly;
        @Option(names = "--keep-monthly", paramLabel = "N", description = "Keep the last snapshot of each of the last N months.")
        int keepMonthly;
        @Option(names = "--no-prune", description = "Keep the data of forgotten snapshots (prune later).")
        boolean noPrune;

        @Override
        public Integer call() {
            Backups.ForgetReport r = parent.backups().forget(new Backups.RetentionPolicy(keepLast, keepDaily, keepWeekly,
                    keepMonthly, noPrune ? Backups.Prune.KEEP_DATA : Backups.Prune.PRUNE));
            PrintWriter out = spec.commandLine().getOut();
            r.removed().forEach(id -> out.println("forgot " + id.substring(0, Math.min(8, id.length()))));
            out.println(r.kept().size() + " kept, " + r.removed().size() + " forgotten"
                    + (r.prune() == Backups.Prune.PRUNE && !r.removed().isEmpty() ? ", their data pruned" : ""));
            return 0;
        }
    }

    @Command(name = "unlock", mixinStandardHelpOptions = true, header = "Remove stale locks (restic unlock).",
            description = {"Remove the locks a killed restic process left. Run it only when no other backup or restic",
                    "command on this repository is running."})
    static final class Unlock implements Callable<Integer> {
        @ParentCommand
        BackupCommand parent;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            Backups b = parent.backups();
            b.unlock();
            spec.commandLine().getOut().println(b.describe() + ": stale locks removed");
            return 0;
        }
    }
}
