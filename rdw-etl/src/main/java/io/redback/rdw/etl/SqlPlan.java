package io.redback.rdw.etl;

import io.redback.rdw.spi.SqlDialect;

import java.util.ArrayList;
import java.util.List;

/**
 * A pipeline as one SQL statement: a chain of common table expressions, one or more per step, each reading the one
 * before. Every relation carries {@code __rn}, the row's position in the input, so "first" and the output order mean
 * file order. Written in SQL that DuckDB and Dremio both accept, so the same statement runs locally or as a
 * {@code CREATE TABLE ... AS} on Dremio; what the local engine spells its own way comes from its {@link SqlDialect}.
 */
final class SqlPlan {
    /** A column of the current relation: its name, type, and its name quoted for SQL. */
    record Col(String name, String type, String sql) {
        /** The same column with another type. */
        Col as(String newType) {
            return new Col(name, newType, sql);
        }
    }

    private final SqlDialect dialect;
    private final List<String> ctes = new ArrayList<>();
    private String current;
    private List<Col> columns;
    /**
     * The current relation's rows come in {@code __rn} order without sorting: on the embedded engine a scan of one
     * table, and projections and filters of it, keep the table's order (DuckDB documents this), so the result needs
     * no ORDER BY. Never set for SQL that runs elsewhere.
     */
    private boolean ordered;
    /** The current relation is a fresh table's scan: {@code __rn} runs 0, 1, 2, ... with no gaps. */
    private boolean dense;
    private int tables;

    /**
     * @param ordered the source is a scan of one table in file order on the embedded engine (its {@code __rn} being
     *                the row id)
     */
    SqlPlan(SqlDialect dialect, String sourceSelect, List<Col> columns, boolean ordered) {
        this.dialect = dialect;
        add(sourceSelect, columns);
        this.ordered = ordered;
        this.dense = ordered;
    }

    /** Adds a relation that the next steps read; it may come in any order (a join, an aggregation, a window). */
    void add(String select, List<Col> cols) {
        current = name("s");
        ctes.add(current + " AS (" + select + ")");
        columns = List.copyOf(cols);
        ordered = false;
        dense = false;
    }

    /** Adds a projection or filter of the current relation alone, which keeps its order. */
    void addInOrder(String select, List<Col> cols) {
        boolean was = ordered;
        add(select, cols);
        ordered = was;
    }

    /**
     * Starts again from a table that holds the current rows in order (materialised by the caller from
     * {@link #query}): what came before is no longer needed.
     */
    void restart(String table, List<Col> cols) {
        ctes.clear();
        add("SELECT " + dialect.rowPosition() + " AS __rn, " + list(cols) + " FROM " + table, cols);
        ordered = true;
        dense = true;
    }

    /** A column named and typed so. */
    Col col(String name, String type) {
        return new Col(name, type, dialect.identifier(name));
    }

    SqlDialect dialect() {
        return dialect;
    }

    /** A name for a table of this run's work database. */
    String newTable() {
        return "rdw_rows_" + (++tables);
    }

    boolean ordered() {
        return ordered;
    }

    boolean dense() {
        return dense;
    }

    /** Adds a helper relation (statistics a step needs) and returns its name; the current relation stays. */
    String aux(String select) {
        String name = name("x");
        ctes.add(name + " AS (" + select + ")");
        return name;
    }

    private String name(String prefix) {
        return prefix + ctes.size();
    }

    String current() {
        return current;
    }

    List<Col> columns() {
        return columns;
    }

    Col column(String name) {
        for (Col c : columns) {
            if (c.name().equals(name)) {
                return c;
            }
        }
        return null;
    }

    /** A query over the plan so far (for the statistics a step reports). */
    String query(String select) {
        return "WITH " + String.join(", ", ctes) + " " + select;
    }

    /** The whole pipeline: every column of the last relation, in input order. */
    String result() {
        return query("SELECT " + list(columns) + " FROM " + current + (ordered ? "" : " ORDER BY __rn"));
    }

    static String list(List<Col> cols) {
        List<String> names = new ArrayList<>();
        for (Col c : cols) {
            names.add(c.sql());
        }
        return String.join(", ", names);
    }
}
