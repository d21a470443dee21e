package io.redback.rdw.etl.contracts;

import io.redback.rdw.QueryRefusedException;
import io.redback.rdw.QueryResult;
import io.redback.rdw.Row;
import io.redback.rdw.WarehouseClient;
import io.redback.rdw.spi.SqlDialect;
import io.redback.rdw.spi.SqlResult;
import io.redback.rdw.spi.SqlWorkspace;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a contract's checks run: the engine that holds the data. A stored dataset is checked by the warehouse's query
 * engine (the embedded one, or Dremio), a pipeline's output in the pipeline's own work database before it is
 * written. Either way only small results (counts, a few sample rows) come back to the JVM.
 */
interface CheckTarget {

    /** The data as a relation for a FROM clause. */
    String relation();

    SqlDialect dialect();

    /** The data's columns and their types, in order. */
    Map<String, String> columns();

    /** Runs a query rdw built; its rows are few. */
    List<List<Object>> rows(String sql);

    /**
     * Runs a contract's own SQL through the SELECT-only guard.
     *
     * @throws QueryRefusedException if the guard refuses it
     */
    List<List<Object>> userRows(String sql);

    /** What runs the checks, for the report. */
    String engine();

    /** A stored dataset, through the client's query engine (which guards every query). */
    static CheckTarget engine(WarehouseClient client, String relation) {
        return new CheckTarget() {
            @Override
            public String relation() {
                return relation;
            }

            @Override
            public SqlDialect dialect() {
                return client.context().queryEngine().dialect();
            }

            @Override
            public Map<String, String> columns() {
                try (QueryResult r = client.query("SELECT * FROM " + relation + " LIMIT 0")) {
                    Map<String, String> out = new LinkedHashMap<>();
                    r.columns().forEach(c -> out.put(c.name(), c.type()));
                    return out;
                }
            }

            @Override
            public List<List<Object>> rows(String sql) {
                try (QueryResult r = client.query(sql)) {
                    List<List<Object>> out = new ArrayList<>();
                    for (Row row : r) {
                        out.add(row.values());
                    }
                    return out;
                }
            }

            @Override
            public List<List<Object>> userRows(String sql) {
                return rows(sql);
            }

            @Override
            public String engine() {
                return client.context().queryEngine().describe();
            }
        };
    }

    /** A table of a work database (a pipeline's output before it is written); the contract's SQL is guarded first. */
    static CheckTarget workspace(SqlWorkspace ws, String table, WarehouseClient client) {
        return new CheckTarget() {
            @Override
            public String relation() {
                return ws.dialect().identifier(table);
            }

            @Override
            public SqlDialect dialect() {
                return ws.dialect();
            }

            @Override
            public Map<String, String> columns() {
                SqlResult r = ws.query("SELECT * FROM " + relation() + " LIMIT 0");
                Map<String, String> out = new LinkedHashMap<>();
                for (int i = 0; i < r.names().size(); i++) {
                    out.put(r.names().get(i), r.types().get(i));
                }
                return out;
            }

            @Override
            public List<List<Object>> rows(String sql) {
                return ws.query(sql).rows();
            }

            @Override
            public List<List<Object>> userRows(String sql) {
                var check = client.check(sql);
                if (!check.allowed()) {
                    throw new QueryRefusedException(check);
                }
                return rows(sql);
            }

            @Override
            public String engine() {
                return "the pipeline's work database";
            }
        };
    }
}
