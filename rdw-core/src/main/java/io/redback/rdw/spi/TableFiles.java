package io.redback.rdw.spi;

import io.redback.rdw.RdwConfig;

import java.util.List;
import java.util.Optional;

/**
 * Versioned tables, for a query engine that reads objects itself (the embedded one): which data files make a table
 * at a version. Found with {@link java.util.ServiceLoader}; rdw-tables provides one for its Iceberg tables. An engine
 * asks it about every dataset path it reads, so a table's folder is read as the table's current (or named) version,
 * never as every file it ever held.
 */
public interface TableFiles {

    /**
     * The data files of the table whose folder is {@code key} in {@code bucket}, at {@code version}, as keys of the
     * bucket; empty when no table is there.
     *
     * @param version a time-travel clause as written in the query ({@code AT BRANCH dev}, {@code AT TAG v1},
     *                {@code AT SNAPSHOT '42'}, {@code AT TIMESTAMP '2026-12-03 10:00:00'}), or null for the current
     *                version
     * @throws io.redback.rdw.NotFoundException     if the table has no such branch, tag, snapshot or version then
     * @throws io.redback.rdw.InvalidInputException if the clause is one it cannot answer
     */
    Optional<List<String>> files(RdwConfig config, ObjectStore store, String bucket, String key, String version);
}
