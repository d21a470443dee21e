package io.redback.rdw.query.embedded;

import io.redback.rdw.Column;
import io.redback.rdw.query.embedded.DuckDbErrors.Author;
import io.redback.rdw.spi.RowCursor;

import java.math.BigDecimal;
import java.math.BigInteger;
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
import java.util.List;
import java.util.Locale;

/** Rows of a DuckDB result, converted to the plain Java values rdw promises, typed in Dremio's vocabulary. */
final class DuckDbCursor implements RowCursor {
    private final Connection connection;
    private final Statement statement;
    private final ResultSet rs;
    private final List<Column> columns;
    private final String[] duckTypes;

    DuckDbCursor(Connection connection, Statement statement, ResultSet rs) throws SQLException {
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
            throw DuckDbErrors.translate(e, "query failed", Author.USER);
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
            throw DuckDbErrors.translate(e, "query failed", Author.USER);
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

    static void closeQuietly(AutoCloseable... resources) {
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
