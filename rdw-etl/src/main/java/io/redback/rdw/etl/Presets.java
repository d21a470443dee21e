package io.redback.rdw.etl;

import io.redback.rdw.etl.SqlPlan.Col;
import io.redback.rdw.etl.StepSql.Context;
import io.redback.rdw.spi.SqlResult;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** The upload service's two options as SQL: "Data Clean Up" and "Preprocessing for Machine Learning". */
final class Presets {
    /** Identifier-like names ({@code id}, {@code record_id}, {@code user_key}, ...) that ML prep leaves alone. */
    private static final Pattern IDENTIFIER = Pattern.compile("(^|_)(id|uuid|guid|key|idx|index)$|^id_");

    private Presets() {
    }

    static void cleanUp(SqlPlan plan, Context ctx) {
        List<Col> cols = plan.columns();
        long[] nonNull = counts(plan, cols, ctx);
        List<Col> kept = new ArrayList<>();
        for (int i = 0; i < cols.size(); i++) {
            if (nonNull[i] > 0) {
                kept.add(cols.get(i));
            } else {
                ctx.droppedColumns().add(cols.get(i).name());
            }
        }
        List<String> names = standardNames(kept.stream().map(Col::name).toList());
        List<Col> renamed = new ArrayList<>();
        StringBuilder select = new StringBuilder("SELECT __rn");
        List<String> present = new ArrayList<>();
        for (int i = 0; i < kept.size(); i++) {
            Col c = plan.col(names.get(i), kept.get(i).type());
            renamed.add(c);
            select.append(", ").append(kept.get(i).sql()).append(" AS ").append(c.sql());
            present.add("CASE WHEN " + kept.get(i).sql() + " IS NULL THEN 0 ELSE 1 END");
        }
        // rows with fewer than two values go, as pandas' dropna(thresh=2)
        String filter = present.isEmpty() ? "1 = 0" : "(" + String.join(" + ", present) + ") >= 2";
        plan.addInOrder(select + " FROM " + plan.current() + " WHERE " + filter, renamed);
        ColumnSteps.dedup(plan, plan.columns(), ctx);
        List<Col> out = new ArrayList<>();
        StringBuilder last = new StringBuilder("SELECT __rn");
        for (Col c : plan.columns()) {
            if (!c.name().equals("extract_date") && !c.name().equals("unique_id")) {
                out.add(c);
                last.append(", ").append(c.sql());
            }
        }
        out.add(plan.col("extract_date", "DATE"));
        out.add(plan.col("unique_id", "BIGINT"));
        // straight after deduplication into a fresh table, a row's id there is its position: no window to compute
        boolean dense = plan.dense();
        last.append(", DATE '").append(ctx.extractDate()).append("' AS extract_date, ")
                .append(dense ? "__rn" : "ROW_NUMBER() OVER (ORDER BY __rn) - 1").append(" AS unique_id");
        if (dense) {
            plan.addInOrder(last + " FROM " + plan.current(), out);
        } else {
            plan.add(last + " FROM " + plan.current(), out);
        }
    }

    static void mlPrep(SqlPlan plan, Context ctx, Step.MlPrep.Identifiers identifiers) {
        List<Col> targets = new ArrayList<>();
        for (Col c : plan.columns()) {
            if (StepSql.NUMERIC.contains(c.type())
                    && (identifiers == Step.MlPrep.Identifiers.SCALE || !identifierLike(c.name()))) {
                targets.add(c);
            }
        }
        if (targets.isEmpty()) {
            ctx.warnings().add("ml_prep: no numeric columns to prepare");
            return;
        }
        Map<String, String> medians = new LinkedHashMap<>();
        for (int i = 0; i < targets.size(); i++) {
            medians.put("m" + i, Statistics.median(targets.get(i).sql()));
        }
        Statistics m = Statistics.of("ml_prep: medians", plan, ctx, medians, " FROM " + plan.current());
        // mean and sample deviation of the filled column, as pandas computes them after fillna
        Map<String, String> moments = new LinkedHashMap<>();
        for (int i = 0; i < targets.size(); i++) {
            String filled = "COALESCE(" + targets.get(i).sql() + ", " + m.ref("m" + i) + ")";
            moments.put("m" + i, "MAX(" + m.ref("m" + i) + ")");
            moments.put("a" + i, "AVG(" + filled + ")");
            moments.put("d" + i, "STDDEV_SAMP(" + filled + ")");
        }
        Statistics s = Statistics.of("ml_prep: means and deviations", plan, ctx, moments, " FROM " + plan.current() + m.join());
        Map<String, Object> recorded = new LinkedHashMap<>();
        SqlResult r = ctx.ws().query(plan.query("SELECT * FROM " + s.relation()));
        for (int i = 0; i < targets.size(); i++) {
            Map<String, Object> col = new LinkedHashMap<>();
            col.put("median", r.get(0, 3 * i));
            col.put("mean", r.get(0, 3 * i + 1));
            Object sd = r.get(0, 3 * i + 2);
            col.put("std", sd);
            boolean scaled = sd instanceof Number n && n.doubleValue() > 0;
            col.put("scaled", scaled);
            if (!scaled) {
                ctx.warnings().add("ml_prep: " + targets.get(i).name() + " has no spread (standard deviation "
                        + sd + "); it was filled but not scaled");
            }
            recorded.put(targets.get(i).name(), col);
        }
        ctx.stats().put("ml_prep", recorded);
        // each target filled with its median, then scaled
        s.standardScale(plan, targets, (value, i) -> "COALESCE(" + value + ", " + s.ref("m" + i) + ")");
    }

    static boolean identifierLike(String name) {
        String n = name.strip().toLowerCase(Locale.ROOT).replaceAll("[^0-9a-z]+", "_").replaceAll("^_+|_+$", "");
        return IDENTIFIER.matcher(n).find();
    }

    /** The non-null values of each column, in one scan. */
    private static long[] counts(SqlPlan plan, List<Col> cols, Context ctx) {
        long[] out = new long[cols.size()];
        if (cols.isEmpty()) {
            return out;
        }
        StringBuilder q = new StringBuilder("SELECT ");
        for (int i = 0; i < cols.size(); i++) {
            q.append(i == 0 ? "" : ", ").append("COUNT(").append(cols.get(i).sql()).append(")");
        }
        SqlResult r = ctx.times().time("clean_up: non-null counts", () -> ctx.ws().query(plan.query(q + " FROM " + plan.current())));
        for (int i = 0; i < out.length; i++) {
            out[i] = r.getLong(0, i);
        }
        return out;
    }

    /**
     * The service's column names: trim, lower case, runs of characters other than ASCII letters and digits become
     * {@code _}, leading and trailing {@code _} removed. A name left empty becomes {@code column_N}; where
     * standardising makes two names equal, the later ones get {@code _2}, {@code _3}, ...
     */
    static List<String> standardNames(List<String> header) {
        List<String> out = new ArrayList<>();
        Set<String> taken = new HashSet<>();
        for (int i = 0; i < header.size(); i++) {
            String name = header.get(i).strip().toLowerCase(Locale.ROOT).replaceAll("[^0-9a-z]+", "_")
                    .replaceAll("^_+|_+$", "");
            if (name.isEmpty()) {
                name = "column_" + i;
            }
            String unique = name;
            for (int k = 2; !taken.add(unique); k++) {
                unique = name + "_" + k;
            }
            out.add(unique);
        }
        return out;
    }
}
