package io.redback.rdw.spi;

import io.redback.rdw.Column;
import io.redback.rdw.Health;
import io.redback.rdw.Row;

import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;

/**
 * A SQL engine inside this process for work on local files: load a file with typed columns, run a pipeline's
 * statement over it, write the result to a file. Pipelines use it without knowing which engine it is (the embedded
 * one is DuckDB); they never open a database connection themselves. Thread-safe and long-lived: one per client, and
 * its native parts load once per process.
 *
 * <p>Every implementation runs {@code io.redback.rdw.tck.SqlRuntimeContract} from rdw-tck.
 */
public interface SqlRuntime extends AutoCloseable {

    /** What it is: {@code DuckDB v1.4.1, memory limit 512MB}. */
    String describe();

    /**
     * A private work database, empty, for one job: its data spills to disk past the memory limit, into {@code workDir}
     * or a folder of the runtime's own (the embedded runtime's one database spills to its own). Close it when the job
     * is done.
     *
     * @param name what the job works on, for its messages: every error of the workspace starts with it (the input
     *             file's name, usually)
     */
    SqlWorkspace workspace(String name, Path workDir);

    /**
     * Writes rows to a Parquet file with their types kept (lists, structs and maps as JSON text). The rows stream
     * through the engine, which spills past its memory limit, so any number fits; the file appears only when complete.
     *
     * @return the number of rows written
     */
    long writeParquet(List<Column> columns, Iterator<Row> rows, Path target);

    default Health health() {
        return Health.unknown("sql-runtime", describe());
    }

    @Override
    void close();
}
