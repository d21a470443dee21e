package io.redback.rdw.spi;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The rows of a small query in a {@link SqlWorkspace}, read into memory: statistics, counts, a few examples. Values
 * are plain Java values ({@code Long}, {@code Integer}, {@code Double}, {@code BigDecimal}, {@code BigInteger},
 * {@code Boolean}, {@code String}, {@code LocalDate}, {@code LocalDateTime}, {@code OffsetDateTime}), anything else
 * the engine's text of it, and {@code null}.
 *
 * @param names the columns' names
 * @param types the columns' types as the engine names them ({@code DOUBLE}, {@code DECIMAL(18,3)},
 *              {@code TIMESTAMP WITH TIME ZONE}), so a value can be written back with {@link SqlDialect#constant}
 * @param rows  the rows, each a list of values in column order
 */
public record SqlResult(List<String> names, List<String> types, List<List<Object>> rows) {
    public SqlResult {
        names = List.copyOf(names);
        types = List.copyOf(types);
        List<List<Object>> copy = new ArrayList<>(rows.size());
        for (List<Object> row : rows) {
            copy.add(Collections.unmodifiableList(new ArrayList<>(row))); // values may be null
        }
        rows = Collections.unmodifiableList(copy);
    }

    /** The number of rows. */
    public int size() {
        return rows.size();
    }

    /** A value; {@code row} and {@code column} count from 0. */
    public Object get(int row, int column) {
        return rows.get(row).get(column);
    }

    /** A number as a {@code long}, e.g. a count. */
    public long getLong(int row, int column) {
        Object v = get(row, column);
        if (v instanceof Number n) {
            return n.longValue();
        }
        throw new IllegalStateException("column " + names.get(column) + " of row " + row + " is "
                + (v == null ? "null" : "not a number: " + v));
    }

    /** A value as text, or {@code null}. */
    public String getString(int row, int column) {
        Object v = get(row, column);
        return v == null ? null : v.toString();
    }
}
