package io.redback.rdw.query.embedded;

import io.redback.rdw.BackendUnavailableException;
import io.redback.rdw.Column;
import io.redback.rdw.Health;
import io.redback.rdw.RdwConfig;
import io.redback.rdw.Row;
import io.redback.rdw.spi.SqlRuntime;
import io.redback.rdw.spi.SqlWorkspace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;

/**
 * The local SQL runtime on DuckDB: each workspace is an in-memory database of its own, with the memory limit and
 * threads of the configuration, spilling to the job's work folder. Holds nothing open between jobs.
 */
final class DuckDbRuntime implements SqlRuntime {
    private final RdwConfig config;
    private volatile String version;

    DuckDbRuntime(RdwConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /** Never starts an engine just to describe one: the version is known once a job has started it. */
    @Override
    public String describe() {
        String v = version;
        return "DuckDB" + (v == null ? "" : " " + v) + ", memory limit "
                + config.require(EmbeddedQueryEngineProvider.MEMORY_LIMIT);
    }

    /** Starts an engine and asks its version: what a job's workspace needs to work. */
    private String probe() throws SQLException {
        try (Connection db = DuckDb.open(config, null, Path.of(System.getProperty("java.io.tmpdir")), List.of());
             Statement st = db.createStatement(); ResultSet r = st.executeQuery("SELECT version()")) {
            r.next();
            return r.getString(1);
        }
    }

    @Override
    public SqlWorkspace workspace(String name, Path workDir) {
        try {
            Files.createDirectories(workDir);
        } catch (IOException e) {
            throw new BackendUnavailableException(name + ": cannot create the work folder " + workDir + ": " + e.getMessage(), e);
        }
        Connection db = DuckDb.open(config, null, workDir, List.of());
        if (version == null) {
            try (Statement st = db.createStatement(); ResultSet r = st.executeQuery("SELECT version()")) {
                version = r.next() ? r.getString(1) : null;
            } catch (SQLException e) {
                // only for display
            }
        }
        return new DuckDbWorkspace(name, db, workDir);
    }

    @Override
    public long writeParquet(List<Column> columns, Iterator<Row> rows, Path target) {
        return ParquetExport.write(config, columns, rows, target);
    }

    @Override
    public Health health() {
        long started = System.nanoTime();
        try {
            String v = probe();
            version = v;
            return Health.up("sql-runtime", "DuckDB " + v, Duration.ofNanos(System.nanoTime() - started),
                    "an in-memory database started and answered; memory limit " + config.require(EmbeddedQueryEngineProvider.MEMORY_LIMIT));
        } catch (RuntimeException | SQLException e) {
            return Health.down("sql-runtime", "DuckDB", Duration.ofNanos(System.nanoTime() - started),
                    "the embedded SQL engine did not start (" + e.getMessage() + "); check "
                            + EmbeddedQueryEngineProvider.MEMORY_LIMIT.describe() + " and " + EmbeddedQueryEngineProvider.THREADS.describe());
        }
    }

    /** Nothing to release: each workspace holds its own database and is closed by its job. */
    @Override
    public void close() {
    }

    @Override
    public String toString() {
        return "embedded SQL runtime (" + describe() + ")";
    }
}
