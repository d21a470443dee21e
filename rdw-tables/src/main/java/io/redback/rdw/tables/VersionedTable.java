package io.redback.rdw.tables;

import io.redback.rdw.ObjectRef;
import io.redback.rdw.Column;
import io.redback.rdw.InvalidInputException;
import io.redback.rdw.Layer;
import io.redback.rdw.NotFoundException;
import io.redback.rdw.ProvenanceEvent;
import io.redback.rdw.QueryResult;
import io.redback.rdw.WarehouseClient;
import io.redback.rdw.helpers.Names;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.Table;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.util.SnapshotUtil;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A versioned table on one branch (main, or one made with {@link #createBranch}): append and overwrite commit a new
 * snapshot on that branch; {@link #history()}, {@link #read(TableVersion)} and {@link #rollback(long)} see its
 * versions. Every commit is recorded as a {@code table:committed} provenance event. Not thread-safe; two handles (in
 * one process or two) may commit at once: one wins, and the other's change is made again on the new version when it
 * still applies, or refused.
 */
public final class VersionedTable {
    static final String MAIN = SnapshotRef.MAIN_BRANCH;

    private final WarehouseClient client;
    private final ObjectStoreFileIO io;
    private final Layer layer;
    private final String name;
    private final Table table;
    private final String branch;

    VersionedTable(WarehouseClient client, ObjectStoreFileIO io, Layer layer, String name, Table table, String branch) {
        this.client = client;
        this.io = io;
        this.layer = layer;
        this.name = name;
        this.table = table;
        this.branch = branch;
    }

    /** {@code project.table}. */
    public String name() {
        return name;
    }

    public Layer layer() {
        return layer;
    }

    /** The branch this handle reads and writes: {@code main} unless it is a branch's. */
    public String branch() {
        return branch;
    }

    /** The table's columns and their SQL types. */
    public List<Column> schema() {
        return table.schema().columns().stream().map(f -> new Column(f.name(), sqlType(f.type()))).toList();
    }

    /** Adds a Parquet file's rows as a new snapshot; its columns must be the table's. */
    public TableSnapshot append(Path parquet) {
        return append(parquet, new WarehouseTables(client).load(parquet));
    }

    TableSnapshot append(Path parquet, WarehouseTables.Loaded loaded) {
        DataFile file = upload(parquet, loaded);
        commit("append to", () -> table.newAppend().appendFile(file).toBranch(branch).commit());
        return committed("append");
    }

    /** Adds a stored Parquet object's rows as a new snapshot. */
    public TableSnapshot append(ObjectRef parquet) {
        return new WarehouseTables(client).withLocalCopy(parquet, this::append);
    }

    /** Replaces every row with a stored Parquet object's. */
    public TableSnapshot overwrite(ObjectRef parquet) {
        return new WarehouseTables(client).withLocalCopy(parquet, this::overwrite);
    }

    /** Replaces every row with a Parquet file's, as a new snapshot (the old ones stay readable until expired). */
    public TableSnapshot overwrite(Path parquet) {
        WarehouseTables.Loaded loaded = new WarehouseTables(client).load(parquet);
        DataFile file = upload(parquet, loaded);
        commit("overwrite", () -> table.newOverwrite().overwriteByRowFilter(Expressions.alwaysTrue()).addFile(file)
                .toBranch(branch).commit());
        return committed("overwrite");
    }

    /** This table on another branch, to read and write there. */
    public VersionedTable onBranch(String branchName) {
        refresh();
        SnapshotRef ref = table.refs().get(branchName);
        if (ref == null || !ref.isBranch()) {
            throw new NotFoundException("table " + name + " has no branch " + Names.printable(branchName));
        }
        return new VersionedTable(client, io, layer, name, table, branchName);
    }

    /** Makes a branch at this handle's current version. */
    public VersionedTable createBranch(String branchName) {
        long at = head().snapshotId();
        commit("branch", () -> table.manageSnapshots().createBranch(refName(branchName), at).commit());
        record("branch " + branchName, null);
        return onBranch(branchName);
    }

    /** Names this handle's current version, for good: a tag never moves. */
    public void createTag(String tag) {
        long at = head().snapshotId();
        commit("tag", () -> table.manageSnapshots().createTag(refName(tag), at).commit());
        record("tag " + tag, null);
    }

    public void deleteBranch(String branchName) {
        if (MAIN.equals(branchName)) {
            throw new InvalidInputException("main cannot be deleted");
        }
        commit("delete a branch of", () -> table.manageSnapshots().removeBranch(branchName).commit());
        record("drop branch " + branchName, null);
    }

    public void deleteTag(String tag) {
        commit("delete a tag of", () -> table.manageSnapshots().removeTag(tag).commit());
        record("drop tag " + tag, null);
    }

    /** Branches and tags, each with the snapshot it names. */
    public Map<String, String> refs() {
        refresh();
        Map<String, String> out = new LinkedHashMap<>();
        table.refs().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e ->
                out.put(e.getKey(), (e.getValue().isBranch() ? "branch " : "tag ") + e.getValue().snapshotId()));
        return out;
    }

    /**
     * Brings {@code source}'s commits onto this handle's branch. When nothing was committed here since {@code source}
     * was made, this branch moves to its head (a fast-forward). Otherwise, on main, the source's commits since it left
     * main are made again on main's head, all in one commit, when they still apply (appends do; an overwrite of rows
     * main changed does not, and is refused with {@link TableConflictException}, nothing changed).
     */
    public TableSnapshot merge(String source) {
        refresh();
        SnapshotRef from = table.refs().get(source);
        if (from == null || !from.isBranch()) {
            throw new NotFoundException("table " + name + " has no branch " + Names.printable(source));
        }
        long here = head().snapshotId();
        if (SnapshotUtil.isAncestorOf(table, from.snapshotId(), here)) {
            commit("merge into", () -> table.manageSnapshots().fastForwardBranch(branch, source).commit());
            return committed("merge " + source);
        }
        if (!MAIN.equals(branch)) {
            throw new InvalidInputException("cannot merge " + source + " into " + branch + " of " + name + ": " + branch
                    + " has commits that " + source + " has not; a merge into a branch other than main is a fast-forward");
        }
        // the source's commits since it left main, oldest first
        List<Long> picks = new ArrayList<>();
        for (Snapshot s : SnapshotUtil.ancestorsOf(from.snapshotId(), table::snapshot)) {
            if (SnapshotUtil.isAncestorOf(table, here, s.snapshotId())) {
                break;
            }
            picks.add(0, s.snapshotId());
        }
        commit("merge " + source + " into", () -> {
            org.apache.iceberg.Transaction tx = table.newTransaction();
            picks.forEach(id -> tx.manageSnapshots().cherrypick(id).commit());
            tx.commitTransaction();
        });
        return committed("merge " + source + " (" + picks.size() + (picks.size() == 1 ? " commit" : " commits")
                + " made again on main)");
    }

    /** Makes {@code snapshotId}, a version this branch had, its current version again. */
    public TableSnapshot rollback(long snapshotId) {
        refresh();
        if (table.snapshot(snapshotId) == null || !SnapshotUtil.isAncestorOf(table, head().snapshotId(), snapshotId)) {
            throw new NotFoundException("snapshot " + snapshotId + " is not a version of " + name + " on " + branch);
        }
        commit("roll back", () -> table.manageSnapshots().replaceBranch(branch, snapshotId).commit());
        return committed("rollback to " + snapshotId);
    }

    /** This branch's versions, newest first. */
    public List<TableSnapshot> history() {
        refresh();
        Snapshot head = table.snapshot(branch);
        if (head == null) {
            return List.of();
        }
        List<TableSnapshot> out = new ArrayList<>();
        for (Snapshot s : SnapshotUtil.ancestorsOf(head.snapshotId(), table::snapshot)) {
            out.add(TableSnapshot.of(s));
        }
        return out;
    }

    /** The data files of a version, as {@code s3://bucket/key}. */
    public List<String> files(TableVersion version) {
        refresh();
        long id = snapshotId(version);
        List<String> out = new ArrayList<>();
        try (CloseableIterable<FileScanTask> tasks = table.newScan().useSnapshot(id).planFiles()) {
            tasks.forEach(t -> out.add(t.file().location()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /**
     * A version as the query engine names it: {@code "dw-bucket-silver"."project1"."rides" AT SNAPSHOT '42'}, which
     * the embedded engine reads through rdw-tables and Dremio reads as its own time travel.
     */
    public String sql(TableVersion version) {
        refresh();
        ObjectStoreFileIO.Where w = ObjectStoreFileIO.where(table.location());
        StringBuilder path = new StringBuilder("\"").append(w.bucket().replace("\"", "\"\"")).append('"');
        for (String segment : w.key().split("/")) {
            path.append(".\"").append(segment.replace("\"", "\"\"")).append('"');
        }
        return path + " AT SNAPSHOT '" + snapshotId(version) + "'";
    }

    /** A version's rows, through the warehouse's query engine. */
    public QueryResult read(TableVersion version) {
        return client.query("SELECT * FROM " + sql(version));
    }

    private long snapshotId(TableVersion version) {
        return snapshotId(table, name, branch, version);
    }

    /** The snapshot a version names in {@code table}; {@link TableVersion#current()} is {@code branch}'s head. */
    static long snapshotId(Table table, String name, String branch, TableVersion version) {
        if (version instanceof TableVersion.Snapshot s) {
            if (table.snapshot(s.id()) == null) {
                throw new NotFoundException("table " + name + " has no snapshot " + s.id());
            }
            return s.id();
        }
        if (version instanceof TableVersion.Ref r) {
            SnapshotRef ref = table.refs().get(r.name());
            if (ref == null) {
                throw new NotFoundException("table " + name + " has no branch or tag " + Names.printable(r.name()));
            }
            return ref.snapshotId();
        }
        if (version instanceof TableVersion.At a) {
            try {
                return SnapshotUtil.snapshotIdAsOfTime(table, a.when().toEpochMilli());
            } catch (IllegalArgumentException e) {
                throw new NotFoundException("table " + name + " had no version at " + a.when());
            }
        }
        Snapshot head = table.snapshot(branch);
        if (head == null) {
            throw new NotFoundException("table " + name + " has no version on " + branch + " yet");
        }
        return head.snapshotId();
    }

    private Snapshot head() {
        return table.snapshot(snapshotId(TableVersion.current()));
    }

    /**
     * Runs one Iceberg commit, its errors as rdw's: a branch or tag that exists or does not, and a conflict with
     * another writer that Iceberg could not resolve by making the change again.
     */
    private void commit(String what, Runnable operation) {
        try {
            operation.run();
        } catch (org.apache.iceberg.exceptions.CommitFailedException | org.apache.iceberg.exceptions.ValidationException e) {
            throw new TableConflictException("cannot " + what + " " + name + ": another commit changed it and this "
                    + "change no longer applies (" + e.getMessage() + "); nothing was committed", e);
        } catch (IllegalArgumentException e) {
            String m = String.valueOf(e.getMessage());
            if (m.contains("already exists")) {
                throw new io.redback.rdw.AlreadyExistsException("cannot " + what + " " + name + ": " + m);
            }
            if (m.contains("does not exist") || m.contains("not found")) {
                throw new NotFoundException("cannot " + what + " " + name + ": " + m);
            }
            throw new InvalidInputException("cannot " + what + " " + name + ": " + m);
        }
    }

    private void refresh() {
        table.refresh();
    }

    private static String refName(String ref) {
        return Names.simple("branch or tag", ref, 64);
    }

    /** Stores a Parquet file under the table's data folder, checked against the table's columns. */
    private DataFile upload(Path parquet, WarehouseTables.Loaded loaded) {
        List<String> expected = table.schema().columns().stream().map(Types.NestedField::name).toList();
        List<String> got = loaded.table().names();
        if (!expected.equals(got)) {
            throw new InvalidInputException(parquet.getFileName() + " has the columns " + got + "; table " + name
                    + " has " + expected);
        }
        String location = table.location() + "/data/" + UUID.randomUUID() + ".parquet";
        try (var out = io.newOutputFile(location).create()) {
            Files.copy(parquet, out);
            return DataFiles.builder(PartitionSpec.unpartitioned()).withPath(location).withFormat(FileFormat.PARQUET)
                    .withFileSizeInBytes(Files.size(parquet)).withRecordCount(loaded.table().rows()).build();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store " + parquet.getFileName() + " in " + name, e);
        }
    }

    private TableSnapshot committed(String operation) {
        refresh();
        TableSnapshot s = TableSnapshot.of(head());
        record(operation, s);
        return s;
    }

    /** One provenance event per commit, on the table's folder. */
    void record(String operation, TableSnapshot s) {
        var ctx = client.context();
        ObjectStoreFileIO.Where where = ObjectStoreFileIO.where(table.location());
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("table", name);
        details.put("operation", operation);
        details.put("branch", branch);
        if (s != null) {
            details.put("snapshot_id", s.id());
            if (s.parentId() != null) {
                details.put("parent_id", s.parentId());
            }
            details.put("added_rows", s.addedRows());
            details.put("total_rows", s.totalRows());
        }
        details.put("metadata_location", ((org.apache.iceberg.HasTableOperations) table).operations().current()
                .metadataFileLocation());
        ctx.provenance().record(new ProvenanceEvent(UUID.randomUUID(), ctx.eventSource(), ProvenanceEvent.TABLE_COMMITTED,
                ctx.clock().instant(), ctx.config().user(), null, where.bucket(), where.key() + "/", null, null, null,
                ctx.objectStore().describe(), null, layer, WarehouseClient.version(), null, details));
    }

    static String sqlType(org.apache.iceberg.types.Type t) {
        return switch (t.typeId()) {
            case BOOLEAN -> "BOOLEAN";
            case INTEGER -> "INTEGER";
            case LONG -> "BIGINT";
            case FLOAT -> "FLOAT";
            case DOUBLE -> "DOUBLE";
            case DATE -> "DATE";
            case TIME -> "TIME";
            case TIMESTAMP -> ((Types.TimestampType) t).shouldAdjustToUTC() ? "TIMESTAMPTZ" : "TIMESTAMP";
            case DECIMAL -> "DECIMAL(" + ((Types.DecimalType) t).precision() + "," + ((Types.DecimalType) t).scale() + ")";
            case BINARY -> "BLOB";
            default -> "VARCHAR";
        };
    }

    @Override
    public String toString() {
        return "table " + layer.id() + ":" + name + (MAIN.equals(branch) ? "" : " on " + branch);
    }
}
