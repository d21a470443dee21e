package io.redback.rdw.query.embedded;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The types of a delimited file's columns: candidates from DuckDB's sniffer on a sample before the read, and, after
 * it, exact checks of the text columns the sample could not type. Types are the few a CSV value can have: integers,
 * numbers, booleans, dates, timestamps (local or zoned), text.
 */
final class TextTypes {
    private static final List<String> CSV_TYPES = List.of("BIGINT", "DOUBLE", "BOOLEAN", "DATE", "TIMESTAMP", "TIMESTAMPTZ");
    private static final int SAMPLE = 20480;
    private static final String DATE = "[0-9]{4}-[0-9]{2}-[0-9]{2}";
    private static final String LOCAL_TS = DATE + "[T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]{1,9})?)?";

    private TextTypes() {
    }

    /** Types from DuckDB's sniffer on a sample; the full read verifies them. All text when it cannot tell. */
    static List<String> candidates(Connection db, Path input, char delimiter, int n) {
        List<String> types = new ArrayList<>();
        // a statement of its own: DuckDB closes a statement whose query failed
        try (Statement st = db.createStatement(); ResultSet r = st.executeQuery("SELECT c.type FROM (SELECT unnest(Columns) AS c FROM sniff_csv("
                + DuckDb.quote(input.toString()) + ", delim = " + DuckDb.quote(String.valueOf(delimiter))
                + ", header = true, nullstr = " + DuckDbLoader.nullMarkers() + ", sample_size = " + SAMPLE
                + ", max_line_size = " + DuckDbLoader.MAX_LINE + "))")) {
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
     * Text columns the sample could not type (empty in the first rows, say), and the columns in {@code verify}
     * whatever the sample saw, get the exact checks over every value: integers, numbers, booleans, dates and timestamps
     * become {@code VARCHAR->type} when every value fits.
     */
    static void refine(Statement st, String table, List<String> types, java.util.Set<Integer> verify) throws SQLException {
        List<Integer> text = new ArrayList<>();
        for (int i = 0; i < types.size(); i++) {
            if (types.get(i).equals("VARCHAR") && !verify.contains(i)) {
                text.add(i);
            }
        }
        if (text.isEmpty() && verify.isEmpty()) {
            return;
        }
        String from = " FROM " + DuckDb.identifier(table);
        // a column with text in the sampled rows stays text; only those the sample saw empty need a closer look
        StringBuilder sample = new StringBuilder("SELECT ");
        for (int i = 0; i < text.size(); i++) {
            sample.append(i == 0 ? "" : ", ").append("count(c").append(text.get(i)).append(")");
        }
        List<Integer> unseen = new ArrayList<>();
        if (text.isEmpty()) {
            sample.append("1");
        }
        try (ResultSet r = st.executeQuery(sample + " FROM (SELECT *" + from + " LIMIT " + SAMPLE + ")")) {
            r.next();
            for (int i = 0; i < text.size(); i++) {
                if (r.getLong(i + 1) == 0) {
                    unseen.add(text.get(i));
                }
            }
        }
        text = unseen;
        text.addAll(verify);
        if (text.isEmpty()) {
            return;
        }
        StringBuilder q = new StringBuilder("SELECT ");
        for (int i : text) {
            String c = "c" + i;
            q.append(q.length() > 7 ? ", " : "").append("count(").append(c).append("), ")
                    .append(exact(c, "\\s*[+-]?[0-9]+\\s*", "BIGINT")).append(", count(TRY_CAST(").append(c).append(" AS DOUBLE)), ")
                    .append("count(*) FILTER (lower(").append(c).append(") IN ('true', 'false')), ")
                    .append(exact(c, DATE, "DATE")).append(", ").append(exact(c, LOCAL_TS, "TIMESTAMP")).append(", ")
                    .append(exact(c, LOCAL_TS + "(Z|[+-][0-9]{2}(:?[0-9]{2})?)", "TIMESTAMPTZ"));
        }
        try (ResultSet r = st.executeQuery(q + from)) {
            r.next();
            int at = 1;
            for (int i : text) {
                long nonNull = r.getLong(at);
                String[] candidates = {"BIGINT", "DOUBLE", "BOOLEAN", "DATE", "TIMESTAMP", "TIMESTAMPTZ"};
                for (int k = 0; k < candidates.length && nonNull > 0; k++) {
                    if (r.getLong(at + 1 + k) == nonNull) {
                        types.set(i, DuckDbLoader.REFINED + candidates[k]);
                        break;
                    }
                }
                at += 7;
            }
        }
    }

    private static String exact(String column, String pattern, String type) {
        return "count(*) FILTER (regexp_full_match(" + column + ", '" + pattern + "') AND TRY_CAST(" + column + " AS "
                + type + ") IS NOT NULL)";
    }
}
