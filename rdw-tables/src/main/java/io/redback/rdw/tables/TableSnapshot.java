package io.redback.rdw.tables;

import java.time.Instant;
import java.util.Map;

/**
 * One version of a table: what a commit made.
 *
 * @param id          the snapshot's id, for {@link TableVersion#snapshot(long)} and rollback
 * @param parentId    the snapshot it was made on, or null for a table's first
 * @param committedAt when it was committed
 * @param operation   {@code append}, {@code overwrite}, {@code replace} or {@code delete}, as Iceberg names it
 * @param addedRows   rows its commit added
 * @param totalRows   rows the table holds at this version
 * @param summary     Iceberg's summary of the commit (files and bytes added and removed, ...)
 */
public record TableSnapshot(long id, Long parentId, Instant committedAt, String operation, long addedRows,
                            long totalRows, Map<String, String> summary) {
    public TableSnapshot {
        summary = Map.copyOf(summary);
    }

    static TableSnapshot of(org.apache.iceberg.Snapshot s) {
        Map<String, String> sum = s.summary() == null ? Map.of() : s.summary();
        return new TableSnapshot(s.snapshotId(), s.parentId(), Instant.ofEpochMilli(s.timestampMillis()), s.operation(),
                Long.parseLong(sum.getOrDefault("added-records", "0")), Long.parseLong(sum.getOrDefault("total-records", "0")),
                sum);
    }
}
