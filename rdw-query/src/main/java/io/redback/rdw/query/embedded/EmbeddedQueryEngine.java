package io.redback.rdw.query.embedded;

import io.redback.rdw.BackendUnavailableException;
import io.redback.rdw.Column;
import io.redback.rdw.ForbiddenException;
import io.redback.rdw.InvalidInputException;
import io.redback.rdw.Layer;
import io.redback.rdw.NotFoundException;
import io.redback.rdw.RdwConfig;
import io.redback.rdw.helpers.Names;
import io.redback.rdw.spi.CheckedQuery;
import io.redback.rdw.spi.ObjectStore;
import io.redback.rdw.spi.QueryEngine;
import io.redback.rdw.spi.RowCursor;
import io.redback.rdw.spi.StoredObject;
import io.redback.rdw.spi.TableReference;
import org.duckdb.DuckDBConnection;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The embedded query engine: DuckDB in-process, reading the warehouse's objects in place. A Dremio-style path in the
 * query ({@code "dw-bucket-silver"."project1"."2025"."rides.parquet"}) is replaced by a reader of that file (or of
 * every file in that folder), chosen by extension: Parquet keeps its types; CSV columns are text, as Dremio reads a
 * CSV with extracted headers; JSON types are inferred. DuckDB is locked to the warehouse folder, so a query can read
 * nothing else on the machine, and it never downloads extensions.
 */
public final class EmbeddedQueryEngine implements QueryEngine {
    private final RdwConfig config;
    private final ObjectStore store;
    private final Connection root;
    private final String version;

    public EmbeddedQueryEngine(RdwConfig config, ObjectStore store) {
        this.config = config;
        this.store = store;
        Path warehouse = config.warehouse();
        Path tmp = warehouse.resolve(".rdw").resolve("tmp").resolve("sql");
        try {
            Files.createDirectories(tmp);
            warehouse = warehouse.toRealPath();
            tmp = tmp.toRealPath();
        } catch (IOException e) {
            throw new BackendUnavailableException("cannot prepare " + tmp + " for the embedded SQL engine: " + e.getMessage(), e);
        }
        this.root = DuckDb.open(config, null, tmp, List.of(warehouse));
        String v;
        try (Statement st = root.createStatement(); ResultSet r = st.executeQuery("SELECT version()")) {
            v = r.next() ? r.getString(1) : "?";
        } catch (SQLException e) {
            v = "?";
        }
        this.version = v;
    }

    @Override
    public String describe() {
        return "embedded DuckDB " + version + " over " + store.describe().replaceFirst("^embedded:", "");
    }

    @Override
    public RowCursor execute(CheckedQuery query) {
        JdbcResult r = executeJdbc(query);
        try {
            return new Cursor(r.connection(), r.statement(), r.resultSet());
        } catch (SQLException e) {
            r.close();
            throw translate(e);
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
        String sql = rewrite(query);
        Connection c = null;
        Statement st = null;
        try {
            c = ((DuckDBConnection) root).duplicate();
            st = c.createStatement();
            return new JdbcResult(c, st, st.executeQuery(sql));
        } catch (SQLException e) {
            closeQuietly(st, c);
            throw translate(e);
        }
    }

    /** A JDBC result set with the statement and connection it needs. */
    public record JdbcResult(Connection connection, Statement statement, ResultSet resultSet) implements AutoCloseable {
        @Override
        public void close() {
            closeQuietly(resultSet, statement, connection);
        }
    }

    /** Replaces each dataset path by a reader of its file(s), from the end so earlier offsets stay valid. */
    String rewrite(CheckedQuery query) {
        List<TableReference> refs = new ArrayList<>(query.tables());
        refs.sort(Comparator.comparingInt(TableReference::start).reversed());
        StringBuilder sql = new StringBuilder(query.sql());
        for (TableReference ref : refs) {
            Optional<String> reader = reader(ref.path());
            if (reader.isPresent()) {
                String alias = ref.hasAlias() ? "" : " AS " + DuckDb.identifier(ref.path().get(ref.path().size() - 1));
                sql.replace(ref.start(), ref.end(), reader.get() + alias);
            }
        }
        return sql.toString();
    }

    /** The reader of a dataset path; empty for a one-part name (a CTE, or an engine table). */
    private Optional<String> reader(List<String> path) {
        List<String> p = path;
        String source = config.get(io.redback.rdw.query.dremio.DremioQueryEngineProvider.SOURCE).orElse(null);
        if (p.size() > 2 && p.get(0).equals(source)) {
            p = p.subList(1, p.size());
        }
        if (p.size() < 2) {
            return Optional.empty();
        }
        String bucketName = p.get(0);
        Layer layer = config.layerOf(bucketName).orElseThrow(() -> new NotFoundException("no source "
                + Names.printable(bucketName) + " in the embedded warehouse; its buckets are "
                + Arrays.stream(Layer.values()).map(config::bucket).toList()));
        String bucket = config.bucket(layer);
        String key = Names.key(String.join("/", p.subList(1, p.size())));
        List<Path> files = new ArrayList<>();
        Optional<Path> file = store.localPath(bucket, key);
        if (file.isPresent()) {
            files.add(file.get());
        } else {
            for (StoredObject o : store.list(bucket, key + "/")) {
                store.localPath(bucket, o.key()).ifPresent(files::add);
            }
        }
        if (files.isEmpty()) {
            if (!store.describe().startsWith("embedded:")) {
                throw new ForbiddenException("the embedded SQL engine reads objects of the embedded warehouse only; "
                        + "configure Dremio (DREMIO_URL) to query " + store.describe());
            }
            throw new NotFoundException(layer.id() + ":" + key + " does not exist (no object or folder with that key in "
                    + bucket + ")");
        }
        return Optional.of(readerOf(layer.id() + ":" + key, files));
    }

    private static String readerOf(String what, List<Path> files) {
        Set<String> formats = new TreeSet<>();
        StringBuilder list = new StringBuilder("[");
        for (Path f : files) {
            formats.add(format(f));
            list.append(list.length() > 1 ? ", " : "").append(DuckDb.quote(f.toString()));
        }
        list.append(']');
        if (formats.size() > 1) {
            throw new InvalidInputException(what + " holds files of several formats " + formats
                    + "; query one file, or keep one format per folder");
        }
        return switch (formats.iterator().next()) {
            case "parquet" -> "read_parquet(" + list + ", union_by_name = true)";
            case "csv" -> "read_csv(" + list + ", header = true, all_varchar = true, delim = ',', quote = '\"', "
                    + "escape = '\"', union_by_name = true)";
            case "txt" -> "read_csv(" + list + ", header = true, all_varchar = true, union_by_name = true)";
            case "json" -> "read_json_auto(" + list + ", union_by_name = true)";
            default -> throw new InvalidInputException(what + ": the embedded SQL engine reads Parquet, CSV, TXT and "
                    + "JSON objects; clean this one into silver first");
        };
    }

    private static String format(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = name.lastIndexOf('.');
        String ext = dot < 0 ? "" : name.substring(dot + 1);
        return switch (ext) {
            case "jsonl", "ndjson" -> "json";
            default -> ext;
        };
    }

    private static RuntimeException translate(SQLException e) {
        String m = e.getMessage() == null ? e.toString() : e.getMessage();
        // DuckDB quotes the rewritten statement after a blank line; the user did not write that text
        int cut = m.indexOf("\n\nLINE ");
        String message = "query failed: " + (cut > 0 ? m.substring(0, cut) : m).strip();
        if (m.startsWith("Permission Error")) {
            return new ForbiddenException(message, e);
        }
        if (m.startsWith("IO Error") || m.startsWith("Out of Memory") || m.startsWith("FATAL")) {
            return new BackendUnavailableException(message, e);
        }
        return new InvalidInputException(message, e);
    }

    private static void closeQuietly(AutoCloseable... resources) {
        for (AutoCloseable r : resources) {
            if (r != null) {
                try {
                    r.close();
                } catch (Exception ignored) {
                    // already failing; the first error is the one to report
                }
            }
        }
    }

    @Override
    public void close() {
        closeQuietly(root);
    }

    @Override
    public String toString() {
        return describe();
    }

    /** Rows of a DuckDB result, converted to the plain Java values rdw promises. */
    private static final class Cursor implements RowCursor {
        private final Connection connection;
        private final Statement statement;
        private final ResultSet rs;
        private final List<Column> columns;
        private final String[] duckTypes;

        Cursor(Connection connection, Statement statement, ResultSet rs) throws SQLException {
            this.connection = connection;
            this.statement = statement;
            this.rs = rs;
            ResultSetMetaData md = rs.getMetaData();
            List<Column> cols = new ArrayList<>();
            duckTypes = new String[md.getColumnCount()];
            for (int i = 1; i <= md.getColumnCount(); i++) {
                duckTypes[i - 1] = md.getColumnTypeName(i).toUpperCase(Locale.ROOT);
                cols.add(new Column(md.getColumnLabel(i), dremioType(duckTypes[i - 1])));
            }
            this.columns = List.copyOf(cols);
        }

        @Override
        public List<Column> columns() {
            return columns;
        }

        @Override
        public boolean next() {
            try {
                return rs.next();
            } catch (SQLException e) {
                close();
                throw translate(e);
            }
        }

        @Override
        public Object value(int index) {
            int i = index + 1;
            try {
                Object v = switch (columns.get(index).type()) {
                    case "BIGINT" -> rs.getLong(i);
                    case "INTEGER" -> rs.getInt(i);
                    case "DOUBLE" -> rs.getDouble(i);
                    case "FLOAT" -> rs.getFloat(i);
                    case "BOOLEAN" -> rs.getBoolean(i);
                    case "DECIMAL" -> decimal(rs.getObject(i));
                    case "DATE" -> rs.getObject(i, LocalDate.class);
                    case "TIME" -> rs.getObject(i, LocalTime.class);
                    case "TIMESTAMP" -> timestamp(rs, i, duckTypes[index]);
                    case "LIST" -> list(rs.getArray(i));
                    default -> rs.getObject(i);
                };
                return rs.wasNull() ? null : v;
            } catch (SQLException e) {
                close();
                throw translate(e);
            }
        }

        private static Object decimal(Object v) {
            if (v instanceof BigInteger b) {
                return new BigDecimal(b);
            }
            return v;
        }

        /** Dremio has no zoned timestamp: an instant is shown as its UTC wall time, as Dremio shows it. */
        private static Object timestamp(ResultSet rs, int i, String duckType) throws SQLException {
            if (duckType.contains("TIME ZONE")) {
                OffsetDateTime t = rs.getObject(i, OffsetDateTime.class);
                return t == null ? null : t.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
            }
            return rs.getObject(i, LocalDateTime.class);
        }

        private static Object list(Array array) throws SQLException {
            return array == null ? null : Arrays.asList((Object[]) array.getArray());
        }

        @Override
        public void close() {
            closeQuietly(rs, statement, connection);
        }
    }

    /** DuckDB's type names in Dremio's vocabulary. */
    static String dremioType(String duckType) {
        String t = duckType.toUpperCase(Locale.ROOT);
        if (t.endsWith("[]")) {
            return "LIST";
        }
        if (t.startsWith("DECIMAL") || t.equals("HUGEINT") || t.equals("UBIGINT") || t.equals("UHUGEINT")) {
            return "DECIMAL";
        }
        if (t.startsWith("TIMESTAMP")) {
            return "TIMESTAMP";
        }
        if (t.startsWith("STRUCT")) {
            return "STRUCT";
        }
        if (t.startsWith("MAP")) {
            return "MAP";
        }
        return switch (t) {
            case "INTEGER", "SMALLINT", "TINYINT", "UINTEGER", "USMALLINT", "UTINYINT" -> t.equals("UINTEGER") ? "BIGINT" : "INTEGER";
            case "FLOAT", "REAL" -> "FLOAT";
            case "BLOB" -> "VARBINARY";
            case "TIME", "TIME WITH TIME ZONE" -> "TIME";
            default -> t;
        };
    }
}
