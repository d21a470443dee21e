package io.redback.rdw.admin;

import io.redback.rdw.BackendUnavailableException;
import io.redback.rdw.ConfigurationException;
import io.redback.rdw.ForbiddenException;
import io.redback.rdw.NotFoundException;
import io.redback.rdw.ProgressListener;
import io.redback.rdw.RdwConfig;
import io.redback.rdw.admin.restic.ResticBackups;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Backups of the embedded warehouse folder (or any folder an administrator names) with
 * <a href="https://restic.net">restic</a>: the repository is {@code rdw.restic.repository} ({@code RESTIC_REPOSITORY}),
 * its password is read from {@code rdw.restic.password-file} ({@code RESTIC_PASSWORD_FILE}) or given as the secret
 * {@code rdw.restic.password} ({@code RESTIC_PASSWORD}). The password reaches restic through its environment only:
 * never on a command line, in a log or in a message. {@code rdw backup} calls this.
 * <pre>{@code
 * Backups backups = Backups.open(RdwConfig.load());
 * BackupSummary s = backups.run(config.warehouse(), ProgressListener.NONE);
 * RestoreReport r = backups.restore(s.snapshotId(), Path.of("/srv/restore"));
 * }</pre>
 * Every method may throw {@link ConfigurationException} (restic is not installed, the repository or password is not
 * set), {@link ForbiddenException} (the password does not open the repository), {@link NotFoundException} (there is
 * no repository yet: {@link #init()}; no such snapshot or folder) or {@link BackendUnavailableException} (the
 * repository is locked by another restic process, or cannot be reached).
 */
public interface Backups {

    /** A client of the configured restic repository; nothing is run until a method is called. */
    static Backups open(RdwConfig config) {
        return ResticBackups.open(config);
    }

    /** What {@link #init()} found or did. */
    enum InitState {
        /** The repository was missing and was created. */
        CREATED,
        /** A repository was there and the password opens it; nothing was changed. */
        ALREADY_THERE
    }

    /** Creates the repository where it is missing (first use, tests); an existing one is only opened. */
    InitState init();

    /**
     * Backs up a folder: a new snapshot whose paths are the folder's contents (restored at the target's top).
     * A warehouse that is being written may be caught between two writes of a multi-object operation; each object
     * and its metadata are consistent with each other only when nothing writes during the backup.
     *
     * @param folder   the folder, usually {@link RdwConfig#warehouse()}
     * @param progress told the bytes done of the bytes found, on long runs
     * @return restic's summary of the run
     */
    BackupSummary run(Path folder, ProgressListener progress);

    /** The repository's snapshots, oldest first. */
    List<Snapshot> snapshots();

    /**
     * Restores a snapshot into an empty (or missing) folder, then verifies it: every object of the embedded warehouse
     * found there is hashed and compared with the SHA-256 recorded in its metadata when rdw wrote it.
     *
     * @param snapshotId a snapshot id (or its short form) or {@code latest}
     * @throws io.redback.rdw.AlreadyExistsException if the target folder is not empty
     */
    RestoreReport restore(String snapshotId, Path target);

    /** {@code restic check}: the repository's structure. */
    CheckResult check();

    /** Removes snapshots the policy does not keep, and with {@link Prune#PRUNE} the data only they used. */
    ForgetReport forget(RetentionPolicy policy);

    /**
     * Removes stale locks ({@code restic unlock}): only when no other backup or restic command on this repository is
     * running, as a live one's lock is removed too.
     */
    void unlock();

    /** Where the repository is, without credentials. */
    String describe();

    /** One snapshot of the repository. */
    record Snapshot(String id, String shortId, Instant time, List<String> paths, String hostname, String username,
                    List<String> tags) {
        public Snapshot {
            paths = List.copyOf(paths);
            tags = List.copyOf(tags);
        }
    }

    /**
     * restic's summary of a backup run.
     *
     * @param warnings files restic could not read (the snapshot was made without them), empty when none
     */
    record BackupSummary(String snapshotId, long filesNew, long filesChanged, long filesUnmodified, long dataAdded,
                         long totalFilesProcessed, long totalBytesProcessed, Duration duration, List<String> warnings) {
        public BackupSummary {
            warnings = List.copyOf(warnings);
        }
    }

    /** How the restored objects compared with their recorded SHA-256. */
    enum Verification {
        /** Every object with a recorded SHA-256 has it. */
        OK,
        /** At least one object's content differs from its recorded SHA-256. */
        MISMATCH
    }

    /**
     * A restore and its verification.
     *
     * @param verified   objects whose content has the SHA-256 recorded in their metadata
     * @param mismatched objects ({@code layer:key}) whose content does not
     * @param unverified objects without a recorded SHA-256 (written by another tool), not checked
     * @param note       why nothing was verified (the folder is not an embedded warehouse), else empty
     */
    record RestoreReport(String snapshotId, Path target, int verified, List<String> mismatched, int unverified,
                         String note) {
        public RestoreReport {
            mismatched = List.copyOf(mismatched);
            Objects.requireNonNull(note);
        }

        public Verification verification() {
            return mismatched.isEmpty() ? Verification.OK : Verification.MISMATCH;
        }
    }

    /** What {@link #check()} found. */
    enum CheckStatus { NO_ERRORS, ERRORS }

    /** {@code restic check}'s verdict and its own words. */
    record CheckResult(CheckStatus status, List<String> output) {
        public CheckResult {
            output = List.copyOf(output);
        }
    }

    /** Whether {@link #forget} also removes the data that only forgotten snapshots used. */
    enum Prune { PRUNE, KEEP_DATA }

    /**
     * Which snapshots {@link #forget} keeps: the last {@code keepLast}, and the last one of each of the last
     * {@code keepDaily} days, {@code keepWeekly} weeks and {@code keepMonthly} months (0: that rule is not used; at
     * least one must be used).
     */
    record RetentionPolicy(int keepLast, int keepDaily, int keepWeekly, int keepMonthly, Prune prune) {
        public RetentionPolicy {
            if (keepLast < 0 || keepDaily < 0 || keepWeekly < 0 || keepMonthly < 0) {
                throw new io.redback.rdw.InvalidInputException("a retention count cannot be negative");
            }
            if (keepLast + keepDaily + keepWeekly + keepMonthly == 0) {
                throw new io.redback.rdw.InvalidInputException(
                        "a retention policy keeps something: set keep-last, keep-daily, keep-weekly or keep-monthly");
            }
            Objects.requireNonNull(prune);
        }

        /** Keeps the last {@code n} snapshots and prunes. */
        public static RetentionPolicy keepLast(int n) {
            return new RetentionPolicy(n, 0, 0, 0, Prune.PRUNE);
        }
    }

    /** What {@link #forget} kept and removed (snapshot ids). */
    record ForgetReport(List<String> kept, List<String> removed, Prune prune) {
        public ForgetReport {
            kept = List.copyOf(kept);
            removed = List.copyOf(removed);
        }
    }
}
