package io.redback.rdw.etl;

import io.redback.rdw.InvalidInputException;
import io.redback.rdw.query.embedded.DuckDb;

import java.nio.file.Path;
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
 * Loads an input file into the table {@code src} of the work database, in file order (its {@code rowid}), with a type
 * for every column: CSV and TXT (delimiter detected), JSON (an array of records or one record per line) and XLSX
 * (converted to CSV first, streaming). A malformed file is refused with the line of its first problem.
 */
final class Source {
    /** pandas' default missing-value markers: they read as null, as in the upload service. */
    static final List<String> NA_VALUES = List.of("", "#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "-NaN",
            "-nan", "1.#IND", "1.#QNAN", "<NA>", "N/A", "NA", "NULL", "NaN", "None", "n/a", "nan", "null");
    static final int MAX_LINE = 8 << 20;
    private static final List<String> CSV_TYPES = List.of("BIGINT", "DOUBLE", "BOOLEAN", "DATE", "TIMESTAMP", "TIMESTAMPTZ");

    /** What was loaded: column names as the file gives them (made unique, as pandas does) and types. */
    record Loaded(List<String> names, List<String> types, long rows) {
    }

    private Source() {
    }

    enum Format { CSV, TXT, JSON, XLSX }

    static Format formatOf(Path input, String label) {
        String name = input.getFileName().toString().toLowerCase(Locale.ROOT);
        if (label.toLowerCase(Locale.ROOT).endsWith(".xlsx") || name.endsWith(".xlsx")) {
            return Format.XLSX;
        }
        String ext = label.toLowerCase(Locale.ROOT);
        if (ext.endsWith(".json") || ext.endsWith(".jsonl") || ext.endsWith(".ndjson")) {
            return Format.JSON;
        }
        if (ext.endsWith(".txt") || ext.endsWith(".tsv")) {
            return Format.TXT;
        }
        return Format.CSV;
    }

    /** Loads {@code input} (a CSV or JSON file; XLSX is converted by the caller) into {@code src}. */
    static Loaded load(Statement st, Path input, String label, Format format) throws SQLException {
        return format == Format.JSON ? json(st, input, label) : delimited(st, input, label, format == Format.TXT);
    }

    // ---- delimited text -------------------------------------------------------------------------------------

    private static Loaded delimited(Statement st, Path input, String label, boolean detect) throws SQLException {
        char delimiter = detect ? sniffDelimiter(st, input) : ',';
        CsvHeader header = CsvHeader.read(input, label, delimiter);
        List<String> names = unique(header.names());
        int n = names.size();
        List<String> types = candidates(st, input, delimiter, n);
        for (int attempt = 0; ; attempt++) {
            st.execute("DROP TABLE IF EXISTS src; DROP TABLE IF EXISTS rejects; DROP TABLE IF EXISTS reject_scans");
            StringBuilder columns = new StringBuilder("{");
            for (int i = 0; i < n; i++) {
                columns.append(i == 0 ? "" : ", ").append(DuckDb.quote("c" + i)).append(": ")
                        .append(DuckDb.quote(types.get(i).equals("TIMESTAMPTZ") ? "TIMESTAMP WITH TIME ZONE" : types.get(i)));
            }
            st.execute("CREATE TABLE src AS SELECT * FROM read_csv(" + DuckDb.quote(input.toString())
                    + ", columns = " + columns.append('}') + ", header = true, auto_detect = false, delim = "
                    + DuckDb.quote(String.valueOf(delimiter)) + ", quote = '\"', escape = '\"', nullstr = " + naList()
                    + ", strict_mode = true, null_padding = false, ignore_errors = true, store_rejects = true, "
                    + "rejects_table = 'rejects', rejects_scan = 'reject_scans', max_line_size = " + MAX_LINE
                    + ", encoding = 'utf-8')");
            Set<Integer> widen = structuralErrorsOrCastColumns(st, label, n);
            if (widen.isEmpty()) {
                break;
            }
            if (attempt == 3) {
                throw new InvalidInputException(label + ": the column types could not be settled", label, -1, null);
            }
            for (int c : widen) {
                // a value that does not fit the sampled type: the next wider type, text at the end
                types.set(c, types.get(c).equals("BIGINT") ? "DOUBLE" : "VARCHAR");
            }
        }
        long rows = count(st, "SELECT count(*) FROM src");
        if (rows == 0) {
            throw new InvalidInputException(label + ": the file has a header but no data rows", label, 2, null);
        }
        refineText(st, types);
        return new Loaded(names, types, rows);
    }

    private static char sniffDelimiter(Statement main, Path input) throws SQLException {
        // a statement of its own: DuckDB closes a statement whose query failed
        try (Statement st = main.getConnection().createStatement(); ResultSet r = st.executeQuery("SELECT Delimiter FROM sniff_csv(" + DuckDb.quote(input.toString())
                + ", sample_size = 20480)")) {
            if (r.next() && r.getString(1) != null && r.getString(1).length() == 1) {
                return r.getString(1).charAt(0);
            }
        } catch (SQLException e) {
            // a file the sniffer cannot read: the load reports its problem with a line number
        }
        return ',';
    }

    /** Types from DuckDB's sniffer on a sample; the full load verifies them. */
    private static List<String> candidates(Statement main, Path input, char delimiter, int n) {
        List<String> types = new ArrayList<>();
        try (Statement st = main.getConnection().createStatement(); ResultSet r = st.executeQuery("SELECT c.type FROM (SELECT unnest(Columns) AS c FROM sniff_csv("
                + DuckDb.quote(input.toString()) + ", delim = " + DuckDb.quote(String.valueOf(delimiter))
                + ", header = true, nullstr = " + naList() + ", sample_size = 20480, max_line_size = " + MAX_LINE + "))")) {
            while (r.next()) {
                types.add(simpleType(r.getString(1)));
            }
        } catch (SQLException e) {
            types.clear();
        }
        if (types.size() != n) {
            types.clear();
            for (int i = 0; i < n; i++) {
                types.add("VARCHAR");
            }
        }
        return types;
    }

    private static String simpleType(String duck) {
        String t = duck.toUpperCase(Locale.ROOT);
        if (t.equals("TIMESTAMP WITH TIME ZONE")) {
            return "TIMESTAMPTZ";
        }
        if (t.equals("INTEGER") || t.equals("SMALLINT") || t.equals("TINYINT")) {
            return "BIGINT";
        }
        if (t.equals("FLOAT") || t.startsWith("DECIMAL")) {
            return "DOUBLE";
        }
        return CSV_TYPES.contains(t) ? t : "VARCHAR";
    }

    /**
     * Throws for a structurally malformed line; returns the columns that had a value of the wrong type (to widen).
     */
    private static Set<Integer> structuralErrorsOrCastColumns(Statement st, String label, int n) throws SQLException {
        Set<Integer> cast = new HashSet<>();
        try (ResultSet r = st.executeQuery("SELECT line, error_type, column_name, (SELECT count(*) FROM rejects "
                + "WHERE error_type <> 'CAST') FROM rejects ORDER BY error_type = 'CAST', line")) {
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

    /**
     * Text columns the sample could not type (empty in the first rows, say) get the exact checks over every value:
     * integers, numbers, booleans, dates and timestamps become typed when every value fits.
     */
    private static void refineText(Statement st, List<String> types) throws SQLException {
        List<Integer> text = new ArrayList<>();
        for (int i = 0; i < types.size(); i++) {
            if (types.get(i).equals("VARCHAR")) {
                text.add(i);
            }
        }
        if (text.isEmpty()) {
            return;
        }
        // a column with text in the sampled rows stays text; only those the sample saw empty need a closer look
        StringBuilder sample = new StringBuilder("SELECT ");
        for (int i = 0; i < text.size(); i++) {
            sample.append(i == 0 ? "" : ", ").append("count(c").append(text.get(i)).append(")");
        }
        List<Integer> unseen = new ArrayList<>();
        try (ResultSet r = st.executeQuery(sample + " FROM (SELECT * FROM src LIMIT 20480)")) {
            r.next();
            for (int i = 0; i < text.size(); i++) {
                if (r.getLong(i + 1) == 0) {
                    unseen.add(text.get(i));
                }
            }
        }
        text = unseen;
        if (text.isEmpty()) {
            return;
        }
        StringBuilder q = new StringBuilder("SELECT ");
        for (int i : text) {
            String c = "c" + i;
            q.append(q.length() > 7 ? ", " : "").append("count(").append(c).append("), ")
                    .append(exact(c, "[+-]?[0-9]+", "BIGINT")).append(", count(TRY_CAST(").append(c).append(" AS DOUBLE)), ")
                    .append("count(*) FILTER (lower(").append(c).append(") IN ('true', 'false')), ")
                    .append(exact(c, DATE, "DATE")).append(", ").append(exact(c, LOCAL_TS, "TIMESTAMP")).append(", ")
                    .append(exact(c, LOCAL_TS + "(Z|[+-][0-9]{2}(:?[0-9]{2})?)", "TIMESTAMPTZ"));
        }
        try (ResultSet r = st.executeQuery(q + " FROM src")) {
            r.next();
            int at = 1;
            for (int i : text) {
                long nonNull = r.getLong(at);
                String[] candidates = {"BIGINT", "DOUBLE", "BOOLEAN", "DATE", "TIMESTAMP", "TIMESTAMPTZ"};
                for (int k = 0; k < candidates.length && nonNull > 0; k++) {
                    if (r.getLong(at + 1 + k) == nonNull) {
                        types.set(i, "VARCHAR->" + candidates[k]);
                        break;
                    }
                }
                at += 7;
            }
        }
    }

    private static final String DATE = "[0-9]{4}-[0-9]{2}-[0-9]{2}";
    private static final String LOCAL_TS = DATE + "[T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]{1,9})?)?";

    private static String exact(String column, String pattern, String type) {
        return "count(*) FILTER (regexp_full_match(" + column + ", '" + pattern + "') AND TRY_CAST(" + column + " AS "
                + type + ") IS NOT NULL)";
    }

    // ---- JSON -----------------------------------------------------------------------------------------------

    private static Loaded json(Statement st, Path input, String label) throws SQLException {
        String reader = "read_json(" + DuckDb.quote(input.toString()) + ", format = 'auto', records = 'true', "
                + "sample_size = -1, maximum_object_size = 16777216)";
        List<String> names = new ArrayList<>();
        List<String> types = new ArrayList<>();
        try (Statement describe = st.getConnection().createStatement();
             ResultSet r = describe.executeQuery("DESCRIBE SELECT * FROM " + reader)) {
            while (r.next()) {
                names.add(r.getString(1));
                types.add(r.getString(2));
            }
        } catch (SQLException e) {
            throw new InvalidInputException(label + ": not a JSON file of records (objects with fields): "
                    + firstLine(e), label, -1, e);
        }
        StringBuilder select = new StringBuilder("CREATE TABLE src AS SELECT ");
        for (int i = 0; i < names.size(); i++) {
            select.append(i == 0 ? "" : ", ").append(DuckDb.identifier(names.get(i))).append(" AS c").append(i);
        }
        try {
            st.execute(select + " FROM " + reader);
        } catch (SQLException e) {
            throw new InvalidInputException(label + ": " + firstLine(e), label, -1, e);
        }
        long rows = count(st, "SELECT count(*) FROM src");
        if (rows == 0) {
            throw new InvalidInputException(label + ": the file has no records", label, -1, null);
        }
        List<String> simple = new ArrayList<>();
        for (String t : types) {
            simple.add(t.equals("TIMESTAMP WITH TIME ZONE") ? "TIMESTAMPTZ" : t);
        }
        return new Loaded(unique(names), simple, rows);
    }

    private static String firstLine(SQLException e) {
        String m = e.getMessage() == null ? e.toString() : e.getMessage();
        return m.lines().findFirst().orElse(m).replaceFirst("^[A-Za-z ]+ Error: ", "");
    }

    // ---- shared ---------------------------------------------------------------------------------------------

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

    static String naList() {
        StringBuilder na = new StringBuilder("[");
        for (String v : NA_VALUES) {
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
