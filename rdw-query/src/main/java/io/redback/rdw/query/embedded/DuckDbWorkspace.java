package io.redback.rdw.query.embedded;

import io.redback.rdw.BackendUnavailableException;
import io.redback.rdw.ProgressListener;
import io.redback.rdw.query.embedded.DuckDbErrors.Author;
import io.redback.rdw.helpers.AtomicFiles;
import io.redback.rdw.spi.FileFormat;
import io.redback.rdw.spi.LoadedTable;
import io.redback.rdw.spi.SqlDialect;
import io.redback.rdw.spi.SqlResult;
import io.redback.rdw.spi.SqlWorkspace;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A job's work database: a schema of its own in the runtime's in-memory DuckDB, on a connection of its own. Every
 * operation runs on a statement of its own, because DuckDB closes a statement whose query failed and a job may go on after a failure
 * (statistics that did not fit in memory together are computed one at a time).
 */
final class DuckDbWorkspace implements SqlWorkspace {
    private final String name;
    private final Connection db;
    private final Path workDir;
    private final String schema;
    private final WorkspaceProgress progress = new WorkspaceProgress();
    private final Map<String, Long> timings = new LinkedHashMap<>();

    /** @param schema the schema this workspace's tables go to, dropped with them on close */
    DuckDbWorkspace(String name, Connection db, Path workDir, String schema) {
        this.name = Objects.requireNonNull(name, "name");
        this.db = db;
        this.workDir = workDir;
        this.schema = schema;
    }

    @Override
    public LoadedTable load(String table, Path file, FileFormat format, String label) {
        progress.begin();
        try {
            LoadedTable loaded = new DuckDbLoader(db, progress, label, this::timed).load(table, file, format);
            progress.completed();
            return loaded;
        } catch (SQLException e) {
            throw DuckDbErrors.translate(e, label, Author.RDW);
        } finally {
            progress.track(null);
        }
    }

    @Override
    public void execute(String sql) {
        progress.begin();
        try (Statement st = db.createStatement()) {
            progress.track(st);
            st.execute(sql);
            progress.completed();
        } catch (SQLException e) {
            throw DuckDbErrors.translate(e, name, Author.RDW);
        } finally {
            progress.track(null);
        }
    }

    @Override
    public SqlResult query(String sql) {
        progress.begin();
        try (Statement st = db.createStatement()) {
            progress.track(st);
            try (ResultSet r = st.executeQuery(sql)) {
                SqlResult result = read(r);
                progress.completed();
                return result;
            }
        } catch (SQLException e) {
            throw DuckDbErrors.translate(e, name, Author.RDW);
        } finally {
            progress.track(null);
        }
    }

    /** The rows as plain Java values; what has none (lists, structs) as DuckDB's text, which it reads back. */
    private static SqlResult read(ResultSet r) throws SQLException {
        ResultSetMetaData md = r.getMetaData();
        int n = md.getColumnCount();
        List<String> names = new ArrayList<>(n);
        List<String> types = new ArrayList<>(n);
        for (int i = 1; i <= n; i++) {
            names.add(md.getColumnLabel(i));
            types.add(md.getColumnTypeName(i));
        }
        List<List<Object>> rows = new ArrayList<>();
        while (r.next()) {
            List<Object> row = new ArrayList<>(n);
            for (int i = 1; i <= n; i++) {
                row.add(value(r, i, types.get(i - 1)));
            }
            rows.add(row);
        }
        return new SqlResult(names, types, rows);
    }

    private static Object value(ResultSet r, int i, String type) throws SQLException {
        if (type.equals("TIMESTAMP")) {
            return r.getObject(i, LocalDateTime.class); // the driver's own is java.sql.Timestamp
        }
        Object v = r.getObject(i);
        if (v == null || v instanceof Number || v instanceof Boolean || v instanceof String || v instanceof LocalDate
                || v instanceof OffsetDateTime || v instanceof BigDecimal || v instanceof BigInteger) {
            return v;
        }
        return r.getString(i);
    }

    @Override
    public long copy(String query, Path target, FileFormat format) {
        String options = switch (format) {
            case PARQUET -> "(FORMAT parquet, COMPRESSION snappy)"; // for speed: about 20% less time to write than zstd
            case CSV -> "(FORMAT csv, HEADER true)";
            case JSON -> "(FORMAT json, ARRAY true)";
            case NDJSON -> "(FORMAT json)";
            case TXT -> throw new IllegalArgumentException("copy writes " + FileFormat.PARQUET + ", " + FileFormat.CSV
                    + ", " + FileFormat.JSON + " or " + FileFormat.NDJSON + ", not " + format);
        };
        progress.begin();
        long started = System.nanoTime();
        try (Statement st = db.createStatement()) {
            progress.track(st);
            long rows = AtomicFiles.write(target, AtomicFiles.Existing.REPLACE, partial -> {
                try {
                    return st.executeLargeUpdate("COPY (" + query + ") TO " + DuckDb.quote(partial.toString()) + " " + options);
                } catch (SQLException e) {
                    throw DuckDbErrors.translate(e, name, Author.RDW);
                }
            });
            progress.completed();
            timed("write", started);
            return rows;
        } catch (SQLException e) {
            throw DuckDbErrors.translate(e, name, Author.RDW);
        } catch (java.io.UncheckedIOException e) {
            throw new BackendUnavailableException(name + ": cannot write " + target + ": " + e.getCause().getMessage(), e);
        } finally {
            progress.track(null);
        }
    }

    /** Adds the time since {@code startedNanos} to {@code phase}. */
    private void timed(String phase, long startedNanos) {
        long took = System.nanoTime() - startedNanos;
        synchronized (timings) {
            timings.merge(phase, took, Long::sum);
        }
    }

    @Override
    public Map<String, Duration> timings() {
        Map<String, Duration> out = new LinkedHashMap<>();
        synchronized (timings) {
            timings.forEach((phase, nanos) -> out.put(phase, Duration.ofNanos(nanos)));
        }
        return out;
    }

    @Override
    public void progress(ProgressListener listener) {
        try {
            progress.listen(Objects.requireNonNull(listener, "listener"), sql -> {
                try (Statement st = db.createStatement()) {
                    st.execute(sql);
                }
            });
        } catch (SQLException e) {
            throw DuckDbErrors.translate(e, name, Author.RDW);
        }
    }

    @Override
    public SqlDialect dialect() {
        return DuckDbDialect.INSTANCE;
    }

    @Override
    public Path workDir() {
        return workDir;
    }

    @Override
    public void close() {
        progress.close();
        try (Statement st = db.createStatement()) {
            st.execute("USE memory.main; DROP SCHEMA IF EXISTS " + DuckDb.identifier(schema) + " CASCADE");
        } catch (SQLException e) {
            // the runtime closed first, which freed everything
        }
        try {
            db.close();
        } catch (SQLException ignored) {
            // an in-memory database: closing frees it, and there is nothing to save
        }
    }

    @Override
    public String toString() {
        return "DuckDB workspace for " + name + " in " + workDir;
    }
}
