package io.redback.rdw.etl;

import io.redback.rdw.etl.SqlPlan.Col;
import io.redback.rdw.etl.StepSql.Context;
import io.redback.rdw.spi.SqlDialect;
import io.redback.rdw.spi.SqlMemoryLimitException;
import io.redback.rdw.spi.SqlResult;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A row of statistics a step uses (medians, means, deviations, fill values), as a relation of the statement
 * ({@code constants} null: the portable form joins it) or as constants written into the expressions, which keeps a
 * step a plain projection of the rows before it.
 *
 * @param relation  the plan's relation holding the row
 * @param constants each statistic as a typed constant, on a local run
 */
record Statistics(String relation, Map<String, String> constants, SqlDialect dialect) {

    /**
     * The statistics {@code name -> expression}, each over {@code from}. The portable statement computes them inside
     * itself, so it is complete on Dremio. A local run computes them once and writes them in as constants, so the
     * final statement does not compute them again; where they do not fit in memory together (exact medians hold a
     * whole column), they are computed a column at a time.
     */
    static Statistics of(String phase, SqlPlan plan, Context ctx, Map<String, String> expressions, String from) {
        SqlDialect d = ctx.dialect();
        List<String> selected = new ArrayList<>();
        expressions.forEach((name, e) -> selected.add(e + " AS " + d.identifier(name)));
        if (ctx.portable()) {
            return new Statistics(plan.aux("SELECT " + String.join(", ", selected) + from), null, d);
        }
        Map<String, String> constants = new LinkedHashMap<>();
        try {
            SqlResult r = ctx.times().time(phase, () -> ctx.ws().query(plan.query("SELECT " + String.join(", ", selected) + from)));
            int i = 0;
            for (String name : expressions.keySet()) {
                constants.put(name, d.constant(r.get(0, i), r.types().get(i)));
                i++;
            }
        } catch (SqlMemoryLimitException e) {
            if (selected.size() < 2) {
                throw e;
            }
            constants.clear();
            ctx.warnings().add("statistics did not fit in the memory limit together (" + e.getMessage().lines().findFirst()
                    .orElse("") + "); computed them one at a time");
            int i = 0;
            for (String name : expressions.keySet()) {
                String one = selected.get(i++);
                SqlResult r = ctx.times().time(phase, () -> ctx.ws().query(plan.query("SELECT " + one + from)));
                constants.put(name, d.constant(r.get(0, 0), r.types().get(0)));
            }
        }
        List<String> row = new ArrayList<>();
        constants.forEach((name, value) -> row.add(value + " AS " + d.identifier(name)));
        return new Statistics(plan.aux("SELECT " + String.join(", ", row)), constants, d);
    }

    /** A statistic in an expression. */
    String ref(String name) {
        return constants != null ? constants.get(name) : relation + "." + dialect.identifier(name);
    }

    /** What a select that uses the statistics adds to its FROM. */
    String join() {
        return constants != null ? "" : " CROSS JOIN " + relation;
    }

    /** Adds {@code select} (a projection of the current relation that uses the statistics) to the plan. */
    void add(SqlPlan plan, String select, List<Col> cols) {
        if (constants != null) {
            plan.addInOrder(select, cols);
        } else {
            plan.add(select + join(), cols);
        }
    }

    /**
     * Adds the projection that scales {@code targets} to z-scores with this row's means ({@code a<i>}) and deviations
     * ({@code d<i>}), the other columns as they are; a column without spread is left unscaled (as a DOUBLE).
     *
     * @param value what is scaled, from the column's qualified name and its index among the targets (ML prep fills
     *              nulls with the median first)
     */
    void standardScale(SqlPlan plan, List<Col> targets, java.util.function.BiFunction<String, Integer, String> value) {
        List<Col> out = new ArrayList<>();
        String cur = plan.current();
        StringBuilder select = new StringBuilder("SELECT " + cur + ".__rn");
        for (Col c : plan.columns()) {
            int i = targets.indexOf(c);
            if (i < 0) {
                select.append(", ").append(StepSql.q(cur, c)).append(" AS ").append(c.sql());
                out.add(c);
            } else {
                String v = value.apply(StepSql.q(cur, c), i);
                select.append(", CASE WHEN ").append(ref("d" + i)).append(" > 0 THEN (").append(v).append(" - ")
                        .append(ref("a" + i)).append(") / ").append(ref("d" + i)).append(" ELSE CAST(").append(v)
                        .append(" AS DOUBLE) END AS ").append(c.sql());
                out.add(c.as("DOUBLE"));
            }
        }
        add(plan, select + " FROM " + plan.current(), out);
    }

    static String median(String column) {
        return "PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY " + column + ")";
    }
}
