package io.redback.rdw.etl;

import io.redback.rdw.InvalidInputException;
import io.redback.rdw.etl.SqlPlan.Col;
import io.redback.rdw.etl.StepSql.Context;
import io.redback.rdw.spi.SqlDialect;
import io.redback.rdw.spi.SqlResult;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The steps that use statistics of the data: filling nulls and standard scaling. The values used are recorded. */
final class StatisticSteps {
    private StatisticSteps() {
    }

    static void fillNa(SqlPlan plan, Map<String, String> strategies, Context ctx) {
        List<Col> targets = StepSql.columns(plan, new ArrayList<>(strategies.keySet()), ctx);
        Map<Col, String> fill = new LinkedHashMap<>();
        // one row of fill values, each a scalar subquery, so the statement needs nothing computed outside it
        Map<String, String> stats = new LinkedHashMap<>();
        stats.put("one", "1");
        String from = " FROM " + plan.current();
        for (Col c : targets) {
            String how = strategies.get(c.name());
            String value = switch (how.toLowerCase(Locale.ROOT)) {
                case "mean" -> "(SELECT " + numeric(c, "mean", ctx, "AVG(" + c.sql() + ")") + from + ")";
                case "median" -> "(SELECT " + numeric(c, "median", ctx, Statistics.median(c.sql())) + from + ")";
                case "mode" -> "(SELECT " + c.sql() + from + " WHERE " + c.sql() + " IS NOT NULL GROUP BY " + c.sql()
                        + " ORDER BY COUNT(*) DESC, " + c.sql() + " LIMIT 1)";
                default -> literal(c, how, ctx);
            };
            fill.put(c, value);
            stats.put(c.name(), value);
        }
        Statistics x = Statistics.of("fillna: fill values", plan, ctx, stats, "");
        Map<String, Object> recorded = new LinkedHashMap<>();
        SqlResult r = ctx.ws().query(plan.query("SELECT * FROM " + x.relation()));
        for (int i = 0; i < targets.size(); i++) {
            recorded.put(targets.get(i).name(), Map.of("strategy", strategies.get(targets.get(i).name()),
                    "value", String.valueOf(r.get(0, i + 1))));
        }
        ctx.stats().put("fillna", recorded);
        List<Col> out = new ArrayList<>();
        String cur = plan.current();
        StringBuilder select = new StringBuilder("SELECT " + cur + ".__rn");
        for (Col c : plan.columns()) {
            if (fill.containsKey(c)) {
                String filled = "COALESCE(" + StepSql.q(cur, c) + ", " + x.ref(c.name()) + ")";
                boolean average = strategies.get(c.name()).matches("(?i)mean|median");
                select.append(", ").append(average && !c.type().equals("DOUBLE") ? "CAST(" + filled + " AS DOUBLE)" : filled)
                        .append(" AS ").append(c.sql());
                out.add(average ? c.as("DOUBLE") : c);
            } else {
                select.append(", ").append(StepSql.q(cur, c)).append(" AS ").append(c.sql());
                out.add(c);
            }
        }
        x.add(plan, select + " FROM " + plan.current(), out);
    }

    private static String numeric(Col c, String how, Context ctx, String expression) {
        if (!StepSql.NUMERIC.contains(c.type())) {
            throw new InvalidInputException(ctx.label() + ": fillna: " + how + " of " + c.name() + " needs numbers, but it holds "
                    + c.type().toLowerCase(Locale.ROOT) + " values");
        }
        return expression;
    }

    /** A fill value given as text, as a constant of the column's type; an error if it is not one. */
    private static String literal(Col c, String value, Context ctx) {
        SqlDialect d = ctx.dialect();
        String type = sqlType(c.type());
        if (ctx.ws().query("SELECT " + d.tryCast(d.literal(value), type)).get(0, 0) == null) {
            throw new InvalidInputException(ctx.label() + ": fillna: '" + value + "' is not a " + c.type().toLowerCase(Locale.ROOT)
                    + " value, the type of " + c.name());
        }
        return "CAST(" + d.literal(value) + " AS " + type + ")";
    }

    private static String sqlType(String type) {
        return type.equals("TIMESTAMPTZ") ? "TIMESTAMP WITH TIME ZONE" : type;
    }

    /** Standard scaling with the population deviation; a constant column is left as it is. */
    static void normalize(SqlPlan plan, List<String> names, Context ctx) {
        List<Col> targets = StepSql.columns(plan, names, ctx);
        Map<String, String> stats = new LinkedHashMap<>();
        for (int i = 0; i < targets.size(); i++) {
            Col c = targets.get(i);
            numeric(c, "normalize", ctx, c.sql());
            stats.put("a" + i, "AVG(" + c.sql() + ")");
            stats.put("d" + i, "STDDEV_POP(" + c.sql() + ")");
        }
        Statistics x = Statistics.of("normalize: means and deviations", plan, ctx, stats, " FROM " + plan.current());
        Map<String, Object> recorded = new LinkedHashMap<>();
        SqlResult r = ctx.ws().query(plan.query("SELECT * FROM " + x.relation()));
        for (int i = 0; i < targets.size(); i++) {
            Map<String, Object> col = new LinkedHashMap<>();
            col.put("mean", r.get(0, 2 * i));
            col.put("std", r.get(0, 2 * i + 1));
            recorded.put(targets.get(i).name(), col);
        }
        ctx.stats().put("normalize", recorded);
        x.standardScale(plan, targets, (value, i) -> value);
    }
}
