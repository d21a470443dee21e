package io.redback.rdw.query.embedded;

import io.redback.rdw.spi.SqlDialect;

import java.math.BigDecimal;

/** DuckDB's spelling of what standard SQL leaves open. */
final class DuckDbDialect implements SqlDialect {
    static final DuckDbDialect INSTANCE = new DuckDbDialect();

    private DuckDbDialect() {
    }

    @Override
    public String literal(String text) {
        return DuckDb.quote(text);
    }

    @Override
    public String identifier(String name) {
        return DuckDb.identifier(name);
    }

    /**
     * Numbers in Java's shortest exact form, anything else in its text form, which DuckDB reads back: the values come
     * from {@link DuckDbWorkspace#query}, whose temporal values print as ISO-8601 and nested ones as DuckDB's text.
     */
    @Override
    public String constant(Object value, String type) {
        String text = value == null ? null : value instanceof BigDecimal d ? d.toPlainString() : value.toString();
        return "CAST(" + (text == null ? "NULL" : DuckDb.quote(text)) + " AS " + type + ")";
    }

    /** A table's row id: its position in insertion order, which a scan of the table keeps. */
    @Override
    public String rowPosition() {
        return "rowid";
    }

    @Override
    public String fullMatch(String expression, String regex) {
        return "regexp_full_match(" + expression + ", " + DuckDb.quote(regex) + ")";
    }

    @Override
    public String tryCast(String expression, String type) {
        return "TRY_CAST(" + expression + " AS " + type + ")";
    }
}
