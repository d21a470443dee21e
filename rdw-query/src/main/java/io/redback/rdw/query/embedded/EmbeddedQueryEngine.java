package io.redback.rdw.query.embedded;

import io.redback.rdw.BackendUnavailableException;
import io.redback.rdw.ForbiddenException;
import io.redback.rdw.Layer;
import io.redback.rdw.NotFoundException;
import io.redback.rdw.RdwConfig;
import io.redback.rdw.helpers.Names;
import io.redback.rdw.helpers.TemporaryFiles;
import io.redback.rdw.query.embedded.DuckDbErrors.Author;
import io.redback.rdw.spi.CheckedQuery;
import io.redback.rdw.spi.ObjectStore;
import io.redback.rdw.spi.QueryEngine;
import io.redback.rdw.spi.RowCursor;
import io.redback.rdw.spi.StoredObject;
import org.duckdb.DuckDBConnection;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The embedded query engine: DuckDB in-process, reading the warehouse's objects in place. A Dremio-style path in the
 * query ({@code "dw-bucket-silver"."project1"."2025"."rides.parquet"}) is replaced by a reader of that file (or of
 * every file in that folder, see {@link DatasetReaders}). DuckDB is locked to the warehouse folder, so a query can
 * read nothing else on the machine, and it never downloads extensions.
 */
public final class EmbeddedQueryEngine implements QueryEngine {
    private final RdwConfig config;
    private final ObjectStore store;
    private final Connection root;
    private final Path spill;
    private final DatasetReaders readers;
    private final String version;

    public EmbeddedQueryEngine(RdwConfig config, ObjectStore store) {
        this.config = config;
        this.store = store;
        this.readers = new DatasetReaders(config, store);
        Path warehouse = config.warehouse();
        Path tmp = warehouse.resolve(".rdw").resolve("tmp");
        try {
            Files.createDirectories(tmp);
            warehouse = warehouse.toRealPath();
            // a spill folder of this process's own: DuckDB's spill files have fixed names, and a killed process's
            // folder is removed when the warehouse next opens
            tmp = TemporaryFiles.createDirectory(tmp.toRealPath(), "sql");
        } catch (IOException e) {
            throw new BackendUnavailableException("cannot prepare " + tmp + " for the embedded SQL engine: " + e.getMessage(), e);
        }
        this.spill = tmp;
        try {
            this.root = DuckDb.open(config, null, tmp, List.of(warehouse));
        } catch (RuntimeException e) {
            TemporaryFiles.deleteTree(tmp);
            throw e;
        }
        String v;
        try (Statement st = root.createStatement(); ResultSet r = st.executeQuery("SELECT version()")) {
            v = r.next() ? r.getString(1) : "?";
        } catch (SQLException e) {
            v = "?";
        }
        this.version = v;
    }

    @Override
    public io.redback.rdw.spi.SqlDialect dialect() {
        return DuckDbDialect.INSTANCE;
    }

    @Override
    public String describe() {
        return "embedded DuckDB " + version + " over " + store.describe().replaceFirst("^embedded:", "");
    }

    /** Answers a query on a connection of its own: the engine is loaded and the warehouse folder is readable. */
    @Override
    public io.redback.rdw.Health health() {
        long start = System.nanoTime();
        try (Connection c = ((DuckDBConnection) root).duplicate(); Statement st = c.createStatement();
             ResultSet r = st.executeQuery("SELECT 42")) {
            boolean ok = r.next() && r.getInt(1) == 42;
            java.time.Duration took = java.time.Duration.ofNanos(System.nanoTime() - start);
            return ok ? io.redback.rdw.Health.up("query", describe(), took, "answered a query")
                    : io.redback.rdw.Health.down("query", describe(), took, "answered a query wrongly");
        } catch (SQLException e) {
            return io.redback.rdw.Health.down("query", describe(), java.time.Duration.ofNanos(System.nanoTime() - start),
                    "the embedded SQL engine failed: " + DuckDbErrors.firstLine(e));
        }
    }

    @Override
    public RowCursor execute(CheckedQuery query) {
        JdbcResult r = executeJdbc(query);
        try {
            return new DuckDbCursor(r.connection(), r.statement(), r.resultSet());
        } catch (SQLException e) {
            r.close();
            throw DuckDbErrors.translate(e, "query failed", Author.USER);
        }
    }

    /** The buckets as sources, then folders and files under a path, as Dremio shows an S3 source. */
    @Override
    public List<io.redback.rdw.CatalogEntry> catalog(List<String> path) {
        List<io.redback.rdw.CatalogEntry> out = new ArrayList<>();
        if (path.isEmpty()) {
            for (Layer layer : Layer.values()) {
                out.add(new io.redback.rdw.CatalogEntry(List.of(config.bucket(layer)), "SOURCE"));
            }
            return out;
        }
        Layer layer = config.layerOf(path.get(0)).orElseThrow(() -> new NotFoundException("no source "
                + Names.printable(path.get(0)) + " in the embedded warehouse"));
        String bucket = config.bucket(layer);
        String prefix = path.size() == 1 ? "" : Names.key(String.join("/", path.subList(1, path.size()))) + "/";
        java.util.Set<String> folders = new java.util.TreeSet<>();
        for (StoredObject o : store.list(bucket, prefix)) {
            String rest = o.key().substring(prefix.length());
            int slash = rest.indexOf('/');
            if (slash < 0) {
                out.add(new io.redback.rdw.CatalogEntry(append(path, rest), "FILE"));
            } else {
                folders.add(rest.substring(0, slash));
            }
        }
        if (out.isEmpty() && folders.isEmpty() && path.size() > 1) {
            throw new NotFoundException(String.join(".", path) + " does not exist in the embedded warehouse");
        }
        List<io.redback.rdw.CatalogEntry> result = new ArrayList<>();
        folders.forEach(f -> result.add(new io.redback.rdw.CatalogEntry(append(path, f), "FOLDER")));
        result.addAll(out);
        return result;
    }

    private static List<String> append(List<String> path, String name) {
        List<String> p = new ArrayList<>(path);
        p.add(name);
        return p;
    }

    /**
     * A query's JDBC result, for a server that streams rows in its own format (a Flight SQL front end sends DuckDB's
     * Arrow batches as they are). Close it to release the engine's connection.
     */
    public JdbcResult executeJdbc(CheckedQuery query) {
        if (!query.check().allowed()) {
            throw new ForbiddenException("query refused: " + query.check().reason());
        }
        String sql = readers.rewrite(query);
        Connection c = null;
        Statement st = null;
        try {
            c = ((DuckDBConnection) root).duplicate();
            st = c.createStatement();
            try (InterruptWatch.Handle watched = InterruptWatch.watch(st)) {
                return new JdbcResult(c, st, st.executeQuery(sql));
            }
        } catch (SQLException e) {
            DuckDbCursor.closeQuietly(st, c);
            String m = String.valueOf(e.getMessage());
            java.util.regex.Matcher missing = MISSING_TABLE.matcher(m);
            if (missing.find()) {
                // a bare name: DuckDB would suggest one of its own system tables; say how the warehouse is addressed
                throw new NotFoundException("query failed: there is no table " + Names.printable(missing.group(1))
                        + ". Objects are addressed by bucket and key segments, a folder reading as one table: "
                        + readers.example() + " ('rdw ls' lists the keys, 'rdw catalog' the folders)", e);
            }
            throw DuckDbErrors.translate(e, "query failed", Author.USER);
        }
    }

    private static final java.util.regex.Pattern MISSING_TABLE =
            java.util.regex.Pattern.compile("Catalog Error: Table with name (\\S+) does not exist");

    /** A JDBC result set with the statement and connection it needs. */
    public record JdbcResult(Connection connection, Statement statement, ResultSet resultSet) implements AutoCloseable {
        @Override
        public void close() {
            DuckDbCursor.closeQuietly(resultSet, statement, connection);
        }
    }

    @Override
    public void close() {
        DuckDbCursor.closeQuietly(root);
        TemporaryFiles.deleteTree(spill);
    }

    @Override
    public String toString() {
        return describe();
    }
}
