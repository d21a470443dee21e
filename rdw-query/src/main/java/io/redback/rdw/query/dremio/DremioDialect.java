package io.redback.rdw.query.dremio;

import io.redback.rdw.spi.SqlDialect;

import java.math.BigDecimal;

/**
 * Dremio's spelling of what standard SQL leaves open: its regular expressions are Java's (PCRE-like) and
 * {@code REGEXP_LIKE} matches the whole text; it has no {@code TRY_CAST}, so a value that may not convert is tested
 * with a pattern first by the SQL that needs it.
 */
final class DremioDialect implements SqlDialect {
    static final DremioDialect INSTANCE = new DremioDialect();

    private DremioDialect() {
    }

    @Override
    public String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    @Override
    public String identifier(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    @Override
    public String constant(Object value, String type) {
        String text = value == null ? null : value instanceof BigDecimal d ? d.toPlainString() : value.toString();
        return "CAST(" + (text == null ? "NULL" : literal(text)) + " AS " + type + ")";
    }

    @Override
    public String rowPosition() {
        return "(ROW_NUMBER() OVER () - 1)";
    }

    @Override
    public String fullMatch(String expression, String regex) {
        return "REGEXP_LIKE(" + expression + ", " + literal(regex) + ")";
    }

    /** Dremio has no {@code TRY_CAST}: a cast that fails fails the query. */
    @Override
    public String tryCast(String expression, String type) {
        throw new UnsupportedOperationException("Dremio has no TRY_CAST; test the text with fullMatch first");
    }
}
