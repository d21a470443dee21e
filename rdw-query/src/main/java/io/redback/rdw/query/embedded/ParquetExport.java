package io.redback.rdw.query.embedded;

import io.redback.rdw.BackendUnavailableException;
import io.redback.rdw.Column;
import io.redback.rdw.RdwConfig;
import io.redback.rdw.helpers.AtomicFiles;
import io.redback.rdw.Row;
import io.redback.rdw.helpers.Json;
import io.redback.rdw.helpers.TemporaryFiles;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Rows of any engine to a Parquet file, types kept: they are appended to a table of a work database of their own
 * (which spills past the memory limit, so any number fits) and copied out with zstd compression.
 */
final class ParquetExport {
    private ParquetExport() {
    }

    /** @param columns the rows' columns, typed in Dremio's vocabulary as {@link io.redback.rdw.QueryResult} gives them */
    static long write(RdwConfig config, List<Column> columns, Iterator<Row> rows, Path target) {
        Path work = null;
        try {
            work = TemporaryFiles.createSystemDirectory("export");
            try (Connection db = DuckDb.open(config, null, work, List.of()); Statement st = db.createStatement()) {
                StringBuilder ddl = new StringBuilder("CREATE TABLE export (");
                for (int i = 0; i < columns.size(); i++) {
                    ddl.append(i == 0 ? "" : ", ").append(DuckDb.identifier(columns.get(i).name())).append(' ')
                            .append(sqlType(columns.get(i).type()));
                }
                st.execute(ddl.append(')').toString());
                long n = 0;
                try (DuckDBAppender appender = ((DuckDBConnection) db).createAppender("export")) {
                    while (rows.hasNext()) {
                        Row row = rows.next();
                        appender.beginRow();
                        for (int i = 0; i < columns.size(); i++) {
                            append(appender, row.get(i));
                        }
                        appender.endRow();
                        n++;
                    }
                }
                long written = n;
                return AtomicFiles.write(target, AtomicFiles.Existing.REPLACE, partial -> {
                    try {
                        st.execute("COPY export TO " + DuckDb.quote(partial.toString()) + " (FORMAT parquet, COMPRESSION zstd)");
                    } catch (SQLException e) {
                        throw new BackendUnavailableException("cannot write " + target + " as Parquet: " + e.getMessage(), e);
                    }
                    return written;
                });
            }
        } catch (SQLException e) {
            throw new BackendUnavailableException("cannot write " + target + " as Parquet: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        } finally {
            TemporaryFiles.deleteTree(work);
        }
    }

    private static String sqlType(String type) {
        return switch (type) {
            case "BIGINT", "INTEGER", "DOUBLE", "FLOAT", "BOOLEAN", "DATE", "TIME", "TIMESTAMP", "VARCHAR" -> type;
            case "DECIMAL" -> "DECIMAL(38, 10)";
            case "VARBINARY" -> "BLOB";
            default -> "VARCHAR";
        };
    }

    private static void append(DuckDBAppender a, Object v) throws SQLException {
        if (v == null) {
            a.appendNull();
        } else if (v instanceof Long l) {
            a.append(l.longValue());
        } else if (v instanceof Integer i) {
            a.append(i.intValue());
        } else if (v instanceof Double d) {
            a.append(d.doubleValue());
        } else if (v instanceof Float f) {
            a.append(f.floatValue());
        } else if (v instanceof Boolean b) {
            a.append(b.booleanValue());
        } else if (v instanceof BigDecimal b) {
            a.append(b.setScale(10, java.math.RoundingMode.HALF_EVEN));
        } else if (v instanceof LocalDate d) {
            a.append(d);
        } else if (v instanceof LocalDateTime t) {
            a.append(t);
        } else if (v instanceof LocalTime t) {
            a.append(t);
        } else if (v instanceof byte[] bytes) {
            a.append(bytes);
        } else if (v instanceof List<?> || v instanceof Map<?, ?>) {
            try {
                a.append(Json.MAPPER.writeValueAsString(v));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                a.append(v.toString());
            }
        } else {
            a.append(v.toString());
        }
    }
}
