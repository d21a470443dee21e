package io.redback.rdw.admin.restic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.redback.rdw.AlreadyExistsException;
import io.redback.rdw.InvalidInputException;
import io.redback.rdw.NotFoundException;
import io.redback.rdw.Progress;
import io.redback.rdw.ProgressListener;
import io.redback.rdw.RdwConfig;
import io.redback.rdw.RdwException;
import io.redback.rdw.admin.Backups;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** {@link Backups} by running the restic command and reading its {@code --json} output. */
public final class ResticBackups implements Backups {
    private static final Logger LOG = LoggerFactory.getLogger(ResticBackups.class);
    static final ObjectMapper JSON = new ObjectMapper();
    /** Long enough for any backup or restore an administrator starts; a hung repository is stopped by them. */
    private static final Duration LONG = Duration.ofDays(7);
    private static final Duration SHORT = Duration.ofMinutes(10);

    private final ResticProcess restic;

    private ResticBackups(ResticProcess restic) {
        this.restic = restic;
    }

    /** @see Backups#open */
    public static Backups open(RdwConfig config) {
        return new ResticBackups(new ResticProcess(ResticSettings.from(config)));
    }

    @Override
    public String describe() {
        return restic.settings().toString();
    }

    @Override
    public InitState init() {
        try {
            restic.runOk(List.of("cat", "config"), null, SHORT);
            return InitState.ALREADY_THERE;
        } catch (NotFoundException missing) {
            restic.runOk(List.of("init"), null, SHORT);
            LOG.info("created the restic repository {}", restic.settings().where());
            return InitState.CREATED;
        }
    }

    @Override
    public BackupSummary run(Path folder, ProgressListener progress) {
        Path dir = folder.toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            throw new NotFoundException("there is no folder " + dir + " to back up");
        }
        // run in the folder on "." so that the snapshot holds its contents at the top: a restore puts them in the target
        ResticProcess.Result r = restic.run(List.of("backup", "--json", "--tag", "rdw", "--exclude", ".rdw/tmp", "."),
                dir, LONG, line -> status(line, progress));
        JsonNode summary = null;
        List<String> warnings = new ArrayList<>();
        for (String line : r.out()) {
            JsonNode node = parse(line);
            if (node != null && "summary".equals(node.path("message_type").asText())) {
                summary = node;
            } else if (node != null && "error".equals(node.path("message_type").asText())) {
                warnings.add(node.path("item").asText() + ": " + node.path("error").path("message").asText(
                        node.path("error").asText()));
            }
        }
        // exit 3: some files could not be read, the snapshot was made without them
        if (summary == null || (r.exit() != 0 && r.exit() != 3)) {
            throw restic.failure("backup of " + dir, r);
        }
        if (r.exit() == 3 && warnings.isEmpty()) {
            warnings.addAll(r.err());
        }
        BackupSummary s = new BackupSummary(summary.path("snapshot_id").asText(), summary.path("files_new").asLong(),
                summary.path("files_changed").asLong(), summary.path("files_unmodified").asLong(),
                summary.path("data_added").asLong(), summary.path("total_files_processed").asLong(),
                summary.path("total_bytes_processed").asLong(),
                Duration.ofMillis(Math.round(summary.path("total_duration").asDouble() * 1000)), warnings);
        LOG.info("backed up {} to {}: snapshot {}, {} files, {} bytes added", dir, restic.settings().where(),
                s.snapshotId(), s.totalFilesProcessed(), s.dataAdded());
        return s;
    }

    private static void status(String line, ProgressListener progress) {
        if (progress == ProgressListener.NONE || !line.startsWith("{\"message_type\":\"status\"")) {
            return;
        }
        JsonNode node = parse(line);
        if (node != null) {
            long total = node.path("total_bytes").asLong(-1);
            progress.update(new Progress(node.path("bytes_done").asLong(0), total <= 0 ? -1 : total,
                    Progress.Unit.BYTES));
        }
    }

    @Override
    public List<Snapshot> snapshots() {
        ResticProcess.Result r = restic.runOk(List.of("snapshots", "--json"), null, SHORT);
        JsonNode array = parse(String.join("\n", r.out()));
        if (array == null || !array.isArray()) {
            throw new RdwException("restic snapshots --json printed no JSON array: " + r.out());
        }
        List<Snapshot> out = new ArrayList<>();
        for (JsonNode s : array) {
            out.add(new Snapshot(s.path("id").asText(), s.path("short_id").asText(), Instant.parse(s.path("time").asText()),
                    strings(s.path("paths")), s.path("hostname").asText(), s.path("username").asText(),
                    strings(s.path("tags"))));
        }
        return out;
    }

    @Override
    public RestoreReport restore(String snapshotId, Path target) {
        if (snapshotId == null || !snapshotId.matches("latest|[0-9a-fA-F]{4,64}")) {
            throw new InvalidInputException("a snapshot is named by its id (8 or 64 hex digits, see rdw backup "
                    + "snapshots) or latest, not " + snapshotId);
        }
        Path dir = target.toAbsolutePath().normalize();
        if (Files.exists(dir)) {
            try (Stream<Path> entries = Files.list(dir)) {
                if (entries.findAny().isPresent()) {
                    throw new AlreadyExistsException("the restore target " + dir + " is not empty: restore into a new "
                            + "or empty folder, then move what you need");
                }
            } catch (IOException e) {
                throw new InvalidInputException("cannot read the restore target " + dir + ": " + e.getMessage(), e);
            }
        }
        ResticProcess.Result r = restic.run(List.of("restore", snapshotId, "--target", dir.toString()), null, LONG,
                line -> { });
        if (r.exit() != 0) {
            if (r.errText().contains("no matching ID found") || r.errText().contains("no snapshot found")) {
                throw new NotFoundException("there is no snapshot " + snapshotId + " in " + restic.settings().where()
                        + ": see rdw backup snapshots");
            }
            throw restic.failure("restore of " + snapshotId, r);
        }
        LOG.info("restored snapshot {} from {} into {}", snapshotId, restic.settings().where(), dir);
        return RestoreVerifier.verify(snapshotId, dir);
    }

    @Override
    public CheckResult check() {
        ResticProcess.Result r = restic.run(List.of("check"), null, LONG, line -> { });
        List<String> output = new ArrayList<>(r.out());
        output.addAll(r.err());
        return new CheckResult(r.exit() == 0 ? CheckStatus.NO_ERRORS : CheckStatus.ERRORS, output);
    }

    @Override
    public ForgetReport forget(RetentionPolicy policy) {
        List<String> args = new ArrayList<>(List.of("forget", "--json"));
        keep(args, "--keep-last", policy.keepLast());
        keep(args, "--keep-daily", policy.keepDaily());
        keep(args, "--keep-weekly", policy.keepWeekly());
        keep(args, "--keep-monthly", policy.keepMonthly());
        ResticProcess.Result r = restic.runOk(args, null, SHORT);
        List<String> kept = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        for (String line : r.out()) {
            JsonNode groups = parse(line);
            if (groups != null && groups.isArray()) {
                for (JsonNode group : groups) {
                    group.path("keep").forEach(s -> kept.add(s.path("id").asText()));
                    group.path("remove").forEach(s -> removed.add(s.path("id").asText()));
                }
            }
        }
        if (policy.prune() == Prune.PRUNE && !removed.isEmpty()) {
            restic.runOk(List.of("prune"), null, LONG);
        }
        LOG.info("forgot {} snapshots of {}, kept {}{}", removed.size(), restic.settings().where(), kept.size(),
                policy.prune() == Prune.PRUNE ? ", pruned" : "");
        return new ForgetReport(kept, removed, policy.prune());
    }

    private static void keep(List<String> args, String flag, int n) {
        if (n > 0) {
            args.add(flag);
            args.add(Integer.toString(n));
        }
    }

    @Override
    public void unlock() {
        restic.runOk(List.of("unlock"), null, SHORT);
    }

    @Override
    public String toString() {
        return describe();
    }

    /** Runs a quick command for rdw doctor: UP with the snapshot count, else the reason and what to do. */
    static String probe(ResticProcess process) {
        ResticProcess.Result r = process.runOk(List.of("snapshots", "--json", "--latest", "1"), null,
                Duration.ofSeconds(20));
        JsonNode array = parse(String.join("\n", r.out()));
        if (array == null || !array.isArray() || array.isEmpty()) {
            return "the repository opens; it has no snapshot yet: run rdw backup run";
        }
        return "the repository opens; latest snapshot " + array.get(array.size() - 1).path("short_id").asText() + " of "
                + array.get(array.size() - 1).path("time").asText();
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static JsonNode parse(String text) {
        String t = text.strip();
        if (!(t.startsWith("{") || t.startsWith("["))) {
            return null;
        }
        try {
            return JSON.readTree(t);
        } catch (IOException e) {
            return null;
        }
    }
}
