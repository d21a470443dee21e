package io.redback.rdw.query.embedded;

import io.redback.rdw.InvalidInputException;
import io.redback.rdw.spi.FileFormat;
import io.redback.rdw.spi.LoadedColumn;
import io.redback.rdw.spi.LoadedTable;
import io.redback.rdw.spi.SqlWorkspace;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Loads a file into a table of a workspace, in file order (its {@code rowid}), with a type for every column. Delimited
 * text: the header read by {@link CsvHeader}, the delimiter detected for TXT, types from DuckDB's sniffer on a sample,
 * then one verified read of every row that stores malformed lines and values of the wrong type aside (a structural
 * problem refuses the file with its line; a value of the wrong type widens its column and the read is repeated).
 * JSON: records, types inferred from every record. Parquet: as it is. The table's columns are named {@code c0},
 * {@code c1}, ... so that any header works; {@link LoadedColumn#value()} gives each its file's type.
 */
final class DuckDbLoader {
    static final int MAX_LINE = 8 << 20;
    /** A text column whose every value turned out to fit this type: stored as text, read through a cast. */
    static final String REFINED = "VARCHAR->";

    /** Told when a step of the load is over, for the workspace's timings. */
    @FunctionalInterface
    interface Clock {
        void done(String phase, long startedNanos);
    }

    private final Connection db;
    private final WorkspaceProgress progress;
    private final String label;
    private final Clock clock;

    DuckDbLoader(Connection db, WorkspaceProgress progress, String label, Clock clock) {
        this.db = db;
        this.progress = progress;
        this.label = label;
        this.clock = clock;
    }

    /** Loads {@code file} into {@code table}; a refused file leaves no table behind. */
    LoadedTable load(String table, Path file, FileFormat format) throws SQLException {
        long t = System.nanoTime();
        try (Statement st = db.createStatement()) {
            LoadedTable loaded = switch (format) {
                case CSV, TXT -> delimited(st, table, file, format == FileFormat.TXT);
                case JSON, NDJSON -> json(st, table, file);
                case PARQUET -> parquet(st, table, file);
            };
            if (format != FileFormat.CSV && format != FileFormat.TXT) {
                clock.done("read: " + format.name().toLowerCase(Locale.ROOT), t);
            }
            return loaded;
        } catch (SQLException | RuntimeException e) {
            try (Statement st = db.createStatement()) {
                st.execute(dropAll(table));
            } catch (SQLException ignored) {
                // the first error is the one to report
            }
            throw e;
        }
    }

    private static String dropAll(String table) {
        return "DROP TABLE IF EXISTS " + DuckDb.identifier(table) + "; DROP TABLE IF EXISTS " + DuckDb.identifier(table + "_rejects")
                + "; DROP TABLE IF EXISTS " + DuckDb.identifier(table + "_reject_scans");
    }

    // ---- delimited text -------------------------------------------------------------------------------------

    private LoadedTable delimited(Statement st, String table, Path input, boolean detect) throws SQLException {
        long t = System.nanoTime();
        char delimiter = detect ? sniffDelimiter(input) : ',';
        CsvHeader header = CsvHeader.read(input, label, delimiter);
        List<String> names = unique(header.names());
        int n = names.size();
        clock.done("read: header", t);
        t = System.nanoTime();
        List<String> types = TextTypes.candidates(db, input, delimiter, n);
        clock.done("read: sample types", t);
        // DuckDB rounds "1.5" into a BIGINT column without a word, so a column the sample saw as whole numbers is
        // read as DOUBLE (as fast, and exact for every whole number below 2^53) and becomes BIGINT only when every
        // value is whole; one beyond 2^53 is read again as text and checked digit by digit
        Set<Integer> wholeNumbers = new HashSet<>();
        Set<Integer> verify = new HashSet<>();
        for (int i = 0; i < n; i++) {
            if (types.get(i).equals("BIGINT")) {
                types.set(i, "DOUBLE");
                wholeNumbers.add(i);
            }
        }
        String rejects = table + "_rejects";
        for (int attempt = 0; ; attempt++) {
            st.execute(dropAll(table));
            StringBuilder columns = new StringBuilder("{");
            for (int i = 0; i < n; i++) {
                columns.append(i == 0 ? "" : ", ").append(DuckDb.quote("c" + i)).append(": ")
                        .append(DuckDb.quote(types.get(i).equals("TIMESTAMPTZ") ? "TIMESTAMP WITH TIME ZONE" : types.get(i)));
            }
            progress.track(st);
            t = System.nanoTime();
            st.execute("CREATE TABLE " + DuckDb.identifier(table) + " AS SELECT * FROM read_csv(" + DuckDb.quote(input.toString())
                    + ", columns = " + columns.append('}') + ", header = true, auto_detect = false, delim = "
                    + DuckDb.quote(String.valueOf(delimiter)) + ", quote = '\"', escape = '\"', nullstr = " + nullMarkers()
                    + ", strict_mode = true, null_padding = false, ignore_errors = true, store_rejects = true, "
                    + "rejects_table = " + DuckDb.quote(rejects) + ", rejects_scan = " + DuckDb.quote(table + "_reject_scans")
                    + ", max_line_size = " + MAX_LINE + ", encoding = 'utf-8')");
            progress.track(null);
            clock.done("read: typed read", t);
            Set<Integer> widen = structuralErrorsOrCastColumns(st, rejects, n);
            if (widen.isEmpty()) {
                t = System.nanoTime();
                Set<Integer> large = wholeOrLarge(st, table, types, wholeNumbers);
                clock.done("read: whole numbers", t);
                if (large.isEmpty()) {
                    break;
                }
                for (int c : large) {
                    types.set(c, "VARCHAR");
                    verify.add(c);
                }
                continue;
            }
            if (attempt == 3) {
                throw new InvalidInputException(label + ": the column types could not be settled", label, -1, null);
            }
            for (int c : widen) {
                // a value that does not fit the sampled type: the next wider type, text at the end
                types.set(c, types.get(c).equals("BIGINT") ? "DOUBLE" : "VARCHAR");
            }
        }
        st.execute("DROP TABLE IF EXISTS " + DuckDb.identifier(rejects) + "; DROP TABLE IF EXISTS "
                + DuckDb.identifier(table + "_reject_scans"));
        long rows = count(st, "SELECT count(*) FROM " + DuckDb.identifier(table));
        if (rows == 0) {
            throw new InvalidInputException(label + ": the file has a header but no data rows", label, 2, null);
        }
        t = System.nanoTime();
        TextTypes.refine(st, table, types, verify);
        clock.done("read: refine types", t);
        List<LoadedColumn> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(column(names.get(i), types.get(i), "c" + i));
        }
        return new LoadedTable(table, out, rows);
    }

    /**
     * Of the columns the sample saw as whole numbers and that were read as DOUBLE: those whose every value is whole
     * become {@code BIGINT} (read through a cast); those with a fraction stay DOUBLE. Returns the columns holding a
     * whole number too large for a DOUBLE to keep exactly, which must be read again as text.
     */
    private static Set<Integer> wholeOrLarge(Statement st, String table, List<String> types, Set<Integer> candidates)
            throws SQLException {
        List<Integer> cols = new ArrayList<>();
        for (int c : candidates) {
            if (types.get(c).equals("DOUBLE")) {
                cols.add(c);
            }
        }
        Set<Integer> large = new HashSet<>();
        if (cols.isEmpty()) {
            return large;
        }
        StringBuilder q = new StringBuilder("SELECT ");
        for (int i = 0; i < cols.size(); i++) {
            String c = "c" + cols.get(i);
            q.append(i == 0 ? "" : ", ").append("count(*) FILTER (").append(c).append(" <> trunc(").append(c)
                    .append(")), count(*) FILTER (abs(").append(c).append(") >= 9007199254740992)");
        }
        List<Integer> whole = new ArrayList<>();
        try (ResultSet r = st.executeQuery(q + " FROM " + DuckDb.identifier(table))) {
            r.next();
            for (int i = 0; i < cols.size(); i++) {
                long fractions = r.getLong(2 * i + 1);
                long beyond = r.getLong(2 * i + 2);
                if (fractions == 0) {
                    (beyond > 0 ? large : whole).add(cols.get(i));
                }
            }
        }
        if (large.isEmpty() && !whole.isEmpty()) {
            // stored as BIGINT once the read is final (a read again would take the types as DuckDB types): one
            // columnar pass here instead of a cast in every statement that reads the column
            StringBuilder alter = new StringBuilder();
            for (int c : whole) {
                alter.append("ALTER TABLE ").append(DuckDb.identifier(table)).append(" ALTER COLUMN c").append(c)
                        .append(" TYPE BIGINT; ");
                types.set(c, "BIGINT");
            }
            st.execute(alter.toString());
        }
        return large;
    }

    /** A column as the caller reads it: a refined text column through the cast to its type. */
    private static LoadedColumn column(String name, String type, String stored) {
        if (!type.startsWith(REFINED)) {
            return new LoadedColumn(name, type, stored);
        }
        String t = type.substring(REFINED.length());
        String value = switch (t) {
            case "BOOLEAN" -> "lower(" + stored + ") = 'true'";
            case "TIMESTAMPTZ" -> "CAST(" + stored + " AS TIMESTAMP WITH TIME ZONE)";
            default -> "CAST(" + stored + " AS " + t + ")";
        };
        return new LoadedColumn(name, t, value);
    }

    private char sniffDelimiter(Path input) {
        // a statement of its own: DuckDB closes a statement whose query failed
        try (Statement st = db.createStatement(); ResultSet r = st.executeQuery("SELECT Delimiter FROM sniff_csv("
                + DuckDb.quote(input.toString()) + ", sample_size = 20480)")) {
            if (r.next() && r.getString(1) != null && r.getString(1).length() == 1) {
                return r.getString(1).charAt(0);
            }
        } catch (SQLException e) {
            // a file the sniffer cannot read: the load reports its problem with a line number
        }
        return ',';
    }

    /**
     * Throws for a structurally malformed line; returns the columns that had a value of the wrong type (to widen).
     */
    private Set<Integer> structuralErrorsOrCastColumns(Statement st, String rejects, int n) throws SQLException {
        Set<Integer> cast = new HashSet<>();
        String table = DuckDb.identifier(rejects);
        try (ResultSet r = st.executeQuery("SELECT line, error_type, column_name, (SELECT count(*) FROM " + table
                + " WHERE error_type <> 'CAST') FROM " + table + " ORDER BY error_type = 'CAST', line")) {
            while (r.next()) {
                String type = r.getString(2);
                if (!type.equals("CAST")) {
                    long line = r.getLong(1);
                    long more = r.getLong(4) - 1;
                    throw new InvalidInputException(label + ": line " + line + ": " + explain(type, n)
                            + (more > 0 ? " (and " + more + " more malformed line" + (more == 1 ? ")" : "s)") : "")
                            + "; nothing was written", label, line, null);
                }
                cast.add(Integer.parseInt(r.getString(3).substring(1))); // columns are named c0, c1, ...
            }
        }
        return cast;
    }

    private static String explain(String errorType, int columns) {
        return switch (errorType) {
            case "MISSING COLUMNS" -> "fewer fields than the header's " + columns;
            case "TOO MANY COLUMNS" -> "more fields than the header's " + columns;
            case "UNQUOTED VALUE" -> "a quoted field is never closed, or text follows its closing quote";
            case "INVALID ENCODING", "INVALID UNICODE" -> "the text is not valid UTF-8; save the file as UTF-8";
            case "LINE SIZE OVER MAXIMUM" -> "the line is longer than " + (MAX_LINE >> 20) + " MiB";
            default -> errorType.toLowerCase(Locale.ROOT);
        };
    }

    // ---- JSON and Parquet -----------------------------------------------------------------------------------

    private LoadedTable json(Statement st, String table, Path input) throws SQLException {
        String reader = "read_json(" + DuckDb.quote(input.toString()) + ", format = 'auto', records = 'true', "
                + "sample_size = -1, maximum_object_size = 16777216)";
        List<String> names = new ArrayList<>();
        List<String> types = new ArrayList<>();
        try (Statement describe = db.createStatement();
             ResultSet r = describe.executeQuery("DESCRIBE SELECT * FROM " + reader)) {
            while (r.next()) {
                names.add(r.getString(1));
                types.add(simple(r.getString(2)));
            }
        } catch (SQLException e) {
            throw new InvalidInputException(label + ": not a JSON file of records (objects with fields): "
                    + DuckDbErrors.firstLine(e), label, -1, e);
        }
        StringBuilder select = new StringBuilder("CREATE TABLE " + DuckDb.identifier(table) + " AS SELECT ");
        for (int i = 0; i < names.size(); i++) {
            select.append(i == 0 ? "" : ", ").append(DuckDb.identifier(names.get(i))).append(" AS c").append(i);
        }
        try {
            progress.track(st);
            st.execute(select + " FROM " + reader);
        } catch (SQLException e) {
            throw new InvalidInputException(label + ": " + DuckDbErrors.firstLine(e), label, -1, e);
        } finally {
            progress.track(null);
        }
        long rows = count(st, "SELECT count(*) FROM " + DuckDb.identifier(table));
        if (rows == 0) {
            throw new InvalidInputException(label + ": the file has no records", label, -1, null);
        }
        List<String> unique = unique(names);
        List<LoadedColumn> out = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            out.add(new LoadedColumn(unique.get(i), types.get(i), "c" + i));
        }
        return new LoadedTable(table, out, rows);
    }

    private LoadedTable parquet(Statement st, String table, Path input) throws SQLException {
        try {
            progress.track(st);
            st.execute("CREATE TABLE " + DuckDb.identifier(table) + " AS SELECT * FROM read_parquet("
                    + DuckDb.quote(input.toString()) + ")");
        } catch (SQLException e) {
            throw new InvalidInputException(label + ": not a Parquet file: " + DuckDbErrors.firstLine(e), label, -1, e);
        } finally {
            progress.track(null);
        }
        List<LoadedColumn> out = new ArrayList<>();
        try (ResultSet r = st.executeQuery("DESCRIBE " + DuckDb.identifier(table))) {
            while (r.next()) {
                out.add(new LoadedColumn(r.getString(1), simple(r.getString(2)), DuckDb.identifier(r.getString(1))));
            }
        }
        return new LoadedTable(table, out, count(st, "SELECT count(*) FROM " + DuckDb.identifier(table)));
    }

    // ---- shared ---------------------------------------------------------------------------------------------

    /** The short name of the zoned timestamp, as the other types are named. */
    private static String simple(String duckType) {
        return duckType.equals("TIMESTAMP WITH TIME ZONE") ? "TIMESTAMPTZ" : duckType;
    }

    /** pandas' names: an empty header is {@code Unnamed: i}, a repeated one {@code name.1}, {@code name.2}, ... */
    static List<String> unique(List<String> header) {
        List<String> out = new ArrayList<>();
        Map<String, Integer> seen = new LinkedHashMap<>();
        for (int i = 0; i < header.size(); i++) {
            String raw = header.get(i).isEmpty() ? "Unnamed: " + i : header.get(i);
            String name = raw;
            for (int k = 1; seen.containsKey(name.toLowerCase(Locale.ROOT)); k++) {
                name = raw + "." + k;
            }
            seen.put(name.toLowerCase(Locale.ROOT), i);
            out.add(name);
        }
        return out;
    }

    /** The null markers as a DuckDB list. */
    static String nullMarkers() {
        StringBuilder na = new StringBuilder("[");
        for (String v : SqlWorkspace.NULL_MARKERS) {
            na.append(na.length() > 1 ? ", " : "").append(DuckDb.quote(v));
        }
        return na.append(']').toString();
    }

    static long count(Statement st, String sql) throws SQLException {
        try (ResultSet r = st.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }
}
