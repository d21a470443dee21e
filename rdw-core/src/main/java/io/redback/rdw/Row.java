package io.redback.rdw;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One row of a {@link QueryResult}. Values are plain Java objects: {@code Long}, {@code Integer}, {@code Double},
 * {@code BigDecimal}, {@code String}, {@code Boolean}, {@code LocalDate}, {@code LocalDateTime}, or {@code null}.
 */
public final class Row {
    private final List<Column> columns;
    private final Object[] values;

    Row(List<Column> columns, Object[] values) {
        this.columns = columns;
        this.values = values;
    }

    public Object get(int index) {
        return values[index];
    }

    public Object get(String column) {
        return values[indexOf(column)];
    }

    public String getString(String column) {
        Object v = get(column);
        return v == null ? null : v.toString();
    }

    public Long getLong(String column) {
        Object v = get(column);
        return v == null ? null : v instanceof Number n ? Long.valueOf(n.longValue()) : Long.valueOf(v.toString());
    }

    public Double getDouble(String column) {
        Object v = get(column);
        return v == null ? null : v instanceof Number n ? Double.valueOf(n.doubleValue()) : Double.valueOf(v.toString());
    }

    public Boolean getBoolean(String column) {
        Object v = get(column);
        return v == null ? null : v instanceof Boolean b ? b : Boolean.valueOf(v.toString());
    }

    /** The values in column order (nulls included). */
    public List<Object> values() {
        return Collections.unmodifiableList(Arrays.asList(values));
    }

    /** Column name to value, in column order. */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < values.length; i++) {
            map.put(columns.get(i).name(), values[i]);
        }
        return map;
    }

    private int indexOf(String column) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(column)) {
                return i;
            }
        }
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equalsIgnoreCase(column)) {
                return i;
            }
        }
        throw new NotFoundException("no column '" + column + "' in this result; columns are "
                + columns.stream().map(Column::name).toList());
    }

    @Override
    public String toString() {
        return toMap().toString();
    }
}
