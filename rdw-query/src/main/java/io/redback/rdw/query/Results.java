package io.redback.rdw.query;

import io.redback.rdw.BackendUnavailableException;
import io.redback.rdw.Column;
import io.redback.rdw.QueryResult;
import io.redback.rdw.RdwConfig;
import io.redback.rdw.Row;
import io.redback.rdw.helpers.Json;
import io.redback.rdw.query.embedded.DuckDb;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;

/** Exports of query results beyond text: Parquet, whatever engine produced the rows. */
public final class Results {
    private Results() {
    }

    /**
     * Writes every row of {@code result} to a Parquet file, types kept (lists, structs and maps as JSON text). The rows
     * stream through the embedded SQL engine, which spills to disk past its memory limit, so any size fits; the file
     * appears only when complete.
     *
     * @return the number of rows written
     */
    public static long writeParquet(QueryResult result, Path output, RdwConfig config) {
        Path work = null;
        Path partial = output.toAbsolutePath().resolveSibling("." + output.getFileName() + ".part");
        try {
            work = Files.createTempDirectory("rdw-export-");
            List<Column> columns = result.columns();
            try (Connection db = DuckDb.open(config, null, work, List.of()); Statement st = db.createStatement()) {
                StringBuilder ddl = new StringBuilder("CREATE TABLE export (");
                for (int i = 0; i < columns.size(); i++) {
                    ddl.append(i == 0 ? "" : ", ").append(DuckDb.identifier(columns.get(i).name())).append(' ')
                            .append(sqlType(columns.get(i).type()));
                }
                st.execute(ddl.append(')').toString());
                long rows = 0;
                try (DuckDBAppender appender = ((DuckDBConnection) db).createAppender("export")) {
                    for (Row row : result) {
                        appender.beginRow();
                        for (int i = 0; i < columns.size(); i++) {
                            append(appender, row.get(i));
                        }
                        appender.endRow();
                        rows++;
                    }
                }
                Files.deleteIfExists(partial);
                st.execute("COPY export TO " + DuckDb.quote(partial.toString()) + " (FORMAT parquet, COMPRESSION zstd)");
                Files.move(partial, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                return rows;
            }
        } catch (SQLException e) {
            throw new BackendUnavailableException("cannot write " + output + " as Parquet: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + output, e);
        } finally {
            result.close();
            try {
                Files.deleteIfExists(partial);
                if (work != null) {
                    try (var files = Files.walk(work)) {
                        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                    }
                }
            } catch (IOException ignored) {
                // temporary files
            }
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
