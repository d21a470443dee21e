package io.redback.rdw.spi;

/**
 * How a {@link SqlWorkspace}'s engine spells what standard SQL leaves open, so that SQL built by a capability (a
 * pipeline) holds no engine's own spelling.
 *
 * <p>Checked through its runtime by {@code io.redback.rdw.tck.SqlRuntimeContract} from rdw-tck.
 */
public interface SqlDialect {

    /** A string literal: {@code 'it''s'}. */
    String literal(String text);

    /** A quoted identifier: {@code "Speed km/h"}. */
    String identifier(String name);

    /**
     * A value read by {@link SqlWorkspace#query} as a constant of {@code type} that gives the same value back, e.g.
     * {@code CAST('12.5' AS DOUBLE)}: statistics computed once are written into a statement this way.
     *
     * @param type the engine's type name, as in {@link SqlResult#types()}
     */
    String constant(Object value, String type);

    /**
     * An expression for a row's position in a table, 0 for its first row, in insertion order: valid in a query that
     * selects from that one table (a loaded file's rows in file order).
     */
    String rowPosition();

    /** A condition: the whole text of {@code expression} matches the regular expression {@code regex}. */
    String fullMatch(String expression, String regex);

    /** {@code expression} as {@code type}, or null where the value does not convert. */
    String tryCast(String expression, String type);
}
