package io.redback.rdw.query.embedded;

import io.redback.rdw.BackendUnavailableException;
import io.redback.rdw.Column;
import io.redback.rdw.Health;
import io.redback.rdw.RdwConfig;
import io.redback.rdw.Row;
import io.redback.rdw.helpers.TemporaryFiles;
import io.redback.rdw.spi.SqlRuntime;
import io.redback.rdw.spi.SqlWorkspace;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;

/**
 * The local SQL runtime on DuckDB: one in-memory database per runtime, opened by the first job, with the memory limit
 * and threads of the configuration, spilling to a folder of its own; each workspace is a connection to it with a
 * schema of its own, dropped when the workspace closes. A process that cleans many files pays for starting the engine
 * once (a new database costs about a tenth of a second before its first query), and jobs running at the same time share
 * the memory limit instead of each having it.
 */
final class DuckDbRuntime implements SqlRuntime {
    private static final Logger LOG = LoggerFactory.getLogger(DuckDbRuntime.class);
    private final RdwConfig config;
    private final AtomicLong workspaces = new AtomicLong();
    private volatile String version;
    private Connection database;
    private Path spill;

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

    @Override
    public SqlWorkspace workspace(String name, Path workDir) {
        try {
            Files.createDirectories(workDir);
        } catch (IOException e) {
            throw new BackendUnavailableException(name + ": cannot create the work folder " + workDir + ": " + e.getMessage(), e);
        }
        String schema = "rdw_workspace_" + workspaces.incrementAndGet();
        Connection db = null;
        try {
            db = ((DuckDBConnection) database()).duplicate();
            try (Statement st = db.createStatement()) {
                st.execute("CREATE SCHEMA " + schema + "; USE memory." + schema);
            }
            return new DuckDbWorkspace(name, db, workDir, schema);
        } catch (SQLException e) {
            DuckDbCursor.closeQuietly(null, db);
            throw new BackendUnavailableException(name + ": cannot start a workspace of the embedded SQL engine: "
                    + e.getMessage(), e);
        }
    }

    /** The runtime's database, opened on first use. */
    private synchronized Connection database() throws SQLException {
        if (database == null) {
            try {
                spill = TemporaryFiles.createSystemDirectory("duckdb");
            } catch (IOException e) {
                throw new BackendUnavailableException("cannot create a folder for the embedded SQL engine to spill to: "
                        + e.getMessage(), e);
            }
            database = DuckDb.open(config, null, spill, List.of());
            try (Statement st = database.createStatement(); ResultSet r = st.executeQuery("SELECT version()")) {
                version = r.next() ? r.getString(1) : null;
            }
        }
        return database;
    }

    @Override
    public long writeParquet(List<Column> columns, Iterator<Row> rows, Path target) {
        return ParquetExport.write(config, columns, rows, target);
    }

    @Override
    public Health health() {
        long started = System.nanoTime();
        try (Connection c = ((DuckDBConnection) database()).duplicate(); Statement st = c.createStatement();
             ResultSet r = st.executeQuery("SELECT version()")) {
            r.next();
            // the database jobs use, started if it was not: what a job's workspace needs to work
            return Health.up("sql-runtime", "DuckDB " + r.getString(1), Duration.ofNanos(System.nanoTime() - started),
                    "an in-memory database started and answered; memory limit " + config.require(EmbeddedQueryEngineProvider.MEMORY_LIMIT));
        } catch (RuntimeException | SQLException e) {
            return Health.down("sql-runtime", "DuckDB", Duration.ofNanos(System.nanoTime() - started),
                    "the embedded SQL engine did not start (" + e.getMessage() + "); check "
                            + EmbeddedQueryEngineProvider.MEMORY_LIMIT.describe() + " and " + EmbeddedQueryEngineProvider.THREADS.describe());
        }
    }

    /** Closes the database; workspaces still open fail from then on. */
    @Override
    public synchronized void close() {
        if (database != null) {
            try {
                database.close();
            } catch (SQLException e) {
                LOG.debug("closing the embedded SQL runtime: {}", e.toString());
            }
            database = null;
            TemporaryFiles.deleteTree(spill);
        }
    }

    @Override
    public String toString() {
        return "embedded SQL runtime (" + describe() + ")";
    }
}
