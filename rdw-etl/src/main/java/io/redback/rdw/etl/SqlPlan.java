package io.redback.rdw.etl;

import io.redback.rdw.query.embedded.DuckDb;

import java.util.ArrayList;
import java.util.List;

/**
 * A pipeline as one SQL statement: a chain of common table expressions, one or more per step, each reading the one
 * before. Every relation carries {@code __rn}, the row's position in the input, so "first" and the output order mean
 * file order. Written in SQL that DuckDB and Dremio both accept, so the same statement runs locally or as a
 * {@code CREATE TABLE ... AS} on Dremio.
 */
final class SqlPlan {
    /** A column of the current relation. */
    record Col(String name, String type) {
        String sql() {
            return DuckDb.identifier(name);
        }
    }

    private final List<String> ctes = new ArrayList<>();
    private String current;
    private List<Col> columns;

    SqlPlan(String sourceSelect, List<Col> columns) {
        add(sourceSelect, columns);
    }

    /** Adds a relation that the next steps read. */
    void add(String select, List<Col> cols) {
        current = name("s");
        ctes.add(current + " AS (" + select + ")");
        columns = List.copyOf(cols);
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
        return query("SELECT " + list(columns) + " FROM " + current + " ORDER BY __rn");
    }

    static String list(List<Col> cols) {
        List<String> names = new ArrayList<>();
        for (Col c : cols) {
            names.add(c.sql());
        }
        return String.join(", ", names);
    }
}
