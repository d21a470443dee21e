package io.redback.rdw.jupyter;

import io.redback.rdw.Column;
import io.redback.rdw.InvalidInputException;
import io.redback.rdw.QueryResult;
import io.redback.rdw.Row;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The rows a chart is drawn from, read once from a result (a result can be read once, a chart drawn many times): at
 * most {@code maxPoints} rows are kept, and {@link #truncated()} says whether there were more.
 */
final class ChartData {
    private static final Set<String> NUMERIC = Set.of("BIGINT", "INTEGER", "INT", "SMALLINT", "TINYINT", "DOUBLE",
            "FLOAT", "REAL", "DECIMAL", "NUMERIC", "HUGEINT", "UBIGINT", "UINTEGER", "USMALLINT", "UTINYINT");
    private static final Set<String> TEMPORAL = Set.of("DATE", "TIMESTAMP", "TIMESTAMP WITH TIME ZONE", "TIMESTAMPTZ");

    private final List<Column> columns;
    private final List<Object[]> rows;
    private final boolean truncated;

    private ChartData(List<Column> columns, List<Object[]> rows, boolean truncated) {
        this.columns = columns;
        this.rows = rows;
        this.truncated = truncated;
    }

    /** Reads at most {@code maxPoints + 1} rows (the extra one only tells there are more) and closes the result. */
    static ChartData read(QueryResult result, int maxPoints) {
        List<Object[]> rows = new ArrayList<>();
        boolean more = false;
        try {
            Iterator<Row> it = result.iterator();
            while (it.hasNext()) {
                Row row = it.next();
                if (rows.size() == maxPoints) {
                    more = true;
                    break;
                }
                rows.add(row.values().toArray());
            }
        } catch (IllegalStateException alreadyRead) {
            throw new InvalidInputException("this result was already read (a result can be read once): run the query "
                    + "again and chart the new result", alreadyRead);
        } finally {
            result.close();
        }
        return new ChartData(result.columns(), rows, more);
    }

    List<Object[]> rows() {
        return rows;
    }

    boolean truncated() {
        return truncated;
    }

    List<Column> columns() {
        return columns;
    }

    /** The column of this name (exactly, else ignoring case), or an error that lists the columns there are. */
    static Column column(List<Column> columns, String name) {
        if (name == null || name.isBlank()) {
            throw new InvalidInputException("give a column name; the columns are " + describe(columns));
        }
        for (Column c : columns) {
            if (c.name().equals(name)) {
                return c;
            }
        }
        for (Column c : columns) {
            if (c.name().equalsIgnoreCase(name)) {
                return c;
            }
        }
        throw new InvalidInputException("no column '" + name + "' in this result; the columns are " + describe(columns));
    }

    static int indexOf(List<Column> columns, String name) {
        return columns.indexOf(column(columns, name));
    }

    /** Whether a column holds numbers, by its SQL type ({@code DECIMAL(10,2)} is a DECIMAL). */
    static boolean numeric(Column c) {
        return NUMERIC.contains(baseType(c));
    }

    static boolean temporal(Column c) {
        return TEMPORAL.contains(baseType(c));
    }

    private static String baseType(Column c) {
        String type = c.type() == null ? "" : c.type().toUpperCase(Locale.ROOT).strip();
        int paren = type.indexOf('(');
        return paren < 0 ? type : type.substring(0, paren).strip();
    }

    /** {@code [device (VARCHAR), n (BIGINT)]}: names with types, for errors. */
    static String describe(List<Column> columns) {
        return columns.stream().map(c -> c.name() + " (" + c.type() + ")").toList().toString();
    }
}
