package io.redback.rdw.etl.contracts;

import java.util.Locale;

/** What kind of value a column's SQL type holds, in either engine's vocabulary (DuckDB's or Dremio's). */
enum TypeFamily {
    INTEGER, NUMBER, STRING, BOOLEAN, DATE, TIMESTAMP, TIME, OTHER;

    static TypeFamily of(String sqlType) {
        if (sqlType == null) {
            return OTHER;
        }
        String t = sqlType.toUpperCase(Locale.ROOT).replaceAll("\\(.*", "").trim();
        return switch (t) {
            case "TINYINT", "SMALLINT", "INTEGER", "INT", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER",
                 "UBIGINT", "UHUGEINT", "INT1", "INT2", "INT4", "INT8", "LONG" -> INTEGER;
            case "DOUBLE", "FLOAT", "REAL", "DECIMAL", "NUMERIC", "FLOAT4", "FLOAT8" -> NUMBER;
            case "VARCHAR", "CHAR", "TEXT", "STRING", "CHARACTER VARYING" -> STRING;
            case "BOOLEAN", "BOOL" -> BOOLEAN;
            case "DATE" -> DATE;
            case "TIME", "TIMETZ", "TIME WITH TIME ZONE" -> TIME;
            default -> t.startsWith("TIMESTAMP") || t.equals("DATETIME") ? TIMESTAMP : OTHER;
        };
    }

    /** The ODCS logical type a column of this family is declared as ({@code rdw contract infer}). */
    String logicalType() {
        return switch (this) {
            case INTEGER -> "integer";
            case NUMBER -> "number";
            case BOOLEAN -> "boolean";
            case DATE -> "date";
            case TIMESTAMP -> "timestamp";
            case TIME -> "time";
            default -> "string";
        };
    }
}
