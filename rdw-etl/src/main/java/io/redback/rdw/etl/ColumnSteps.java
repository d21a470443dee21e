package io.redback.rdw.etl;

import io.redback.rdw.InvalidInputException;
import io.redback.rdw.etl.SqlPlan.Col;
import io.redback.rdw.etl.StepSql.Context;
import io.redback.rdw.spi.SqlResult;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The steps on columns and rows: drop columns, drop rows with nulls, drop duplicates, rename, label encoding. */
final class ColumnSteps {
    /** Encodings with more distinct values than this are recorded as their count only. */
    private static final int RECORDED_CODES = 1000;

    private ColumnSteps() {
    }

    static void dropColumns(SqlPlan plan, List<String> names, Context ctx) {
        List<Col> drop = StepSql.columns(plan, names, ctx);
        List<Col> out = new ArrayList<>(plan.columns());
        out.removeAll(drop);
        plan.addInOrder("SELECT __rn" + (out.isEmpty() ? "" : ", " + SqlPlan.list(out)) + " FROM " + plan.current(), out);
    }

    static void dropNa(SqlPlan plan, Step.DropNa d, Context ctx) {
        List<Col> look = d.subset().isEmpty() ? StepSql.dataColumns(plan) : StepSql.columns(plan, d.subset(), ctx);
        List<String> nulls = new ArrayList<>();
        for (Col c : look) {
            nulls.add(c.sql() + " IS NULL");
        }
        String where = "NOT (" + String.join(d.how() == Step.DropNa.How.ALL ? " AND " : " OR ", nulls) + ")";
        plan.addInOrder("SELECT * FROM " + plan.current() + " WHERE " + where, plan.columns());
    }

    /** Keeps the first of each set of rows equal on {@code on}. */
    static void dedup(SqlPlan plan, List<Col> on, Context ctx) {
        String keys = SqlPlan.list(on);
        if (on.isEmpty()) {
            return;
        }
        if (ctx.portable()) {
            plan.add("SELECT __rn, " + SqlPlan.list(plan.columns()) + " FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY "
                    + keys + " ORDER BY __rn) AS __dup FROM " + plan.current() + ") d WHERE __dup = 1", plan.columns());
        } else if (new HashSet<>(on).containsAll(plan.columns())) {
            // every column is a key, so each group is one distinct row and its first position the smallest __rn: one
            // hash aggregation, one sort into a table in file order, and what follows needs neither a join nor a sort
            String table = plan.newTable();
            String all = SqlPlan.list(plan.columns());
            ctx.times().time("drop_duplicates: distinct rows in file order", () -> ctx.ws().execute("CREATE TABLE " + table
                    + " AS " + plan.query("SELECT " + all + " FROM (SELECT " + all + ", MIN(__rn) AS __first FROM "
                    + plan.current() + " GROUP BY " + keys + ") g ORDER BY __first")));
            plan.restart(table, plan.columns());
        } else {
            // the same rows, faster on the embedded engine than a partitioned sort: one hash aggregation
            plan.add("SELECT * FROM " + plan.current() + " WHERE __rn IN (SELECT MIN(__rn) FROM " + plan.current()
                    + " GROUP BY " + keys + ")", plan.columns());
        }
    }

    static void rename(SqlPlan plan, Map<String, String> mapping, Context ctx) {
        StepSql.columns(plan, new ArrayList<>(mapping.keySet()), ctx);
        List<Col> out = new ArrayList<>();
        Set<String> taken = new HashSet<>();
        StringBuilder select = new StringBuilder("SELECT __rn");
        for (Col c : plan.columns()) {
            Col n = plan.col(mapping.getOrDefault(c.name(), c.name()), c.type());
            if (!taken.add(n.name())) {
                throw new InvalidInputException(ctx.label() + ": rename_columns: two columns would be named " + n.name());
            }
            select.append(", ").append(c.sql()).append(" AS ").append(n.sql());
            out.add(n);
        }
        plan.addInOrder(select + " FROM " + plan.current(), out);
    }

    /** Label encoding: the rank among the sorted distinct values, from 0; null is -1. */
    static void encode(SqlPlan plan, List<String> names, Context ctx) {
        List<Col> targets = StepSql.columns(plan, names, ctx);
        Map<String, Object> recorded = new LinkedHashMap<>();
        for (Col c : targets) {
            // the first codes and how many there are, in one query: a column of millions of values stays in the engine
            SqlResult r = ctx.ws().query(plan.query("SELECT v, COUNT(*) OVER () AS n FROM (SELECT DISTINCT CAST("
                    + c.sql() + " AS VARCHAR) AS v, " + c.sql() + " AS o FROM " + plan.current() + " WHERE " + c.sql()
                    + " IS NOT NULL) d ORDER BY o LIMIT " + RECORDED_CODES));
            long distinct = r.size() == 0 ? 0 : r.getLong(0, 1);
            Map<String, Object> codes = new LinkedHashMap<>();
            for (int i = 0; i < r.size(); i++) {
                codes.put(r.getString(i, 0), (long) i);
            }
            recorded.put(c.name(), distinct <= RECORDED_CODES ? codes : Map.of("distinct_values", distinct));
        }
        ctx.stats().put("categorical_encoding", recorded);
        List<Col> out = new ArrayList<>();
        StringBuilder select = new StringBuilder("SELECT __rn");
        for (Col c : plan.columns()) {
            if (targets.contains(c)) {
                select.append(", CASE WHEN ").append(c.sql()).append(" IS NULL THEN -1 ELSE DENSE_RANK() OVER (PARTITION BY ")
                        .append(c.sql()).append(" IS NULL ORDER BY ").append(c.sql()).append(") - 1 END AS ").append(c.sql());
                out.add(c.as("BIGINT"));
            } else {
                select.append(", ").append(c.sql());
                out.add(c);
            }
        }
        plan.add(select + " FROM " + plan.current(), out);
    }
}
