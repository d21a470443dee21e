package io.redback.rdw.etl;

import io.redback.rdw.InvalidInputException;
import io.redback.rdw.etl.SqlPlan.Col;
import io.redback.rdw.query.embedded.DuckDb;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Each {@link Step} as SQL added to a {@link SqlPlan}. Steps whose shape depends on the data (which columns are empty,
 * how values encode) look at it first through {@code st}; statistics (medians, means, deviations, modes) are computed
 * inside the SQL itself, so the statement is complete wherever it runs, and are also read back to be recorded.
 */
final class StepSql {
    static final Set<String> NUMERIC = Set.of("BIGINT", "INTEGER", "SMALLINT", "TINYINT", "DOUBLE", "FLOAT", "HUGEINT");
    /** Identifier-like names ({@code id}, {@code record_id}, {@code user_key}, ...) that ML prep leaves alone. */
    private static final Pattern IDENTIFIER = Pattern.compile("(^|_)(id|uuid|guid|key|idx|index)$|^id_");

    /** What the steps share: the work database, what they record, and whether the SQL must also run on Dremio. */
    record Context(Statement st, String label, LocalDate extractDate, boolean portable, Map<String, Object> stats,
                   List<String> warnings, List<String> droppedColumns) {
    }

    private StepSql() {
    }

    static void apply(Step step, SqlPlan plan, Context ctx) throws SQLException {
        if (step instanceof Step.CleanUp) {
            cleanUp(plan, ctx);
        } else if (step instanceof Step.MlPrep m) {
            mlPrep(plan, ctx, m.scaleIdentifiers());
        } else if (step instanceof Step.DropColumns d) {
            dropColumns(plan, d.columns(), ctx);
        } else if (step instanceof Step.DropNa d) {
            dropNa(plan, d, ctx);
        } else if (step instanceof Step.DropDuplicates d) {
            dedup(plan, d.subset().isEmpty() ? dataColumns(plan) : columns(plan, d.subset(), ctx), ctx);
        } else if (step instanceof Step.RenameColumns r) {
            rename(plan, r.mapping(), ctx);
        } else if (step instanceof Step.CategoricalEncoding e) {
            encode(plan, e.columns(), ctx);
        } else if (step instanceof Step.FillNa f) {
            fillNa(plan, f.strategies(), ctx);
        } else if (step instanceof Step.Normalize n) {
            normalize(plan, n.columns(), ctx);
        } else if (step instanceof Step.ConvertTypes t) {
            convert(plan, t, ctx);
        }
    }

    // ---- the upload service's two options -------------------------------------------------------------------

    private static void cleanUp(SqlPlan plan, Context ctx) throws SQLException {
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
            Col c = new Col(names.get(i), kept.get(i).type());
            renamed.add(c);
            select.append(", ").append(kept.get(i).sql()).append(" AS ").append(c.sql());
            present.add("CASE WHEN " + kept.get(i).sql() + " IS NULL THEN 0 ELSE 1 END");
        }
        // rows with fewer than two values go, as pandas' dropna(thresh=2)
        String filter = present.isEmpty() ? "1 = 0" : "(" + String.join(" + ", present) + ") >= 2";
        plan.addInOrder(select + " FROM " + plan.current() + " WHERE " + filter, renamed);
        dedup(plan, plan.columns(), ctx);
        List<Col> out = new ArrayList<>();
        StringBuilder last = new StringBuilder("SELECT __rn");
        for (Col c : plan.columns()) {
            if (!c.name().equals("extract_date") && !c.name().equals("unique_id")) {
                out.add(c);
                last.append(", ").append(c.sql());
            }
        }
        out.add(new Col("extract_date", "DATE"));
        out.add(new Col("unique_id", "BIGINT"));
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

    private static void mlPrep(SqlPlan plan, Context ctx, boolean scaleIdentifiers) throws SQLException {
        List<Col> targets = new ArrayList<>();
        for (Col c : plan.columns()) {
            if (NUMERIC.contains(c.type()) && (scaleIdentifiers || !identifierLike(c.name()))) {
                targets.add(c);
            }
        }
        if (targets.isEmpty()) {
            ctx.warnings().add("ml_prep: no numeric columns to prepare");
            return;
        }
        Map<String, String> medians = new LinkedHashMap<>();
        for (int i = 0; i < targets.size(); i++) {
            medians.put("m" + i, median(targets.get(i).sql()));
        }
        Stats m = statistics(plan, ctx, medians, " FROM " + plan.current());
        // mean and sample deviation of the filled column, as pandas computes them after fillna
        Map<String, String> moments = new LinkedHashMap<>();
        for (int i = 0; i < targets.size(); i++) {
            String filled = "COALESCE(" + targets.get(i).sql() + ", " + m.ref("m" + i) + ")";
            moments.put("m" + i, "MAX(" + m.ref("m" + i) + ")");
            moments.put("a" + i, "AVG(" + filled + ")");
            moments.put("d" + i, "STDDEV_SAMP(" + filled + ")");
        }
        Stats s = statistics(plan, ctx, moments, " FROM " + plan.current() + m.join());
        Map<String, Object> recorded = new LinkedHashMap<>();
        try (ResultSet r = ctx.st().executeQuery(plan.query("SELECT * FROM " + s.relation()))) {
            r.next();
            for (int i = 0; i < targets.size(); i++) {
                Map<String, Object> col = new LinkedHashMap<>();
                col.put("median", r.getObject(3 * i + 1));
                col.put("mean", r.getObject(3 * i + 2));
                Object sd = r.getObject(3 * i + 3);
                col.put("std", sd);
                boolean scaled = sd instanceof Number n && n.doubleValue() > 0;
                col.put("scaled", scaled);
                if (!scaled) {
                    ctx.warnings().add("ml_prep: " + targets.get(i).name() + " has no spread (standard deviation "
                            + sd + "); it was filled but not scaled");
                }
                recorded.put(targets.get(i).name(), col);
            }
        }
        ctx.stats().put("ml_prep", recorded);
        List<Col> out = new ArrayList<>();
        String cur = plan.current();
        StringBuilder select = new StringBuilder("SELECT " + cur + ".__rn");
        for (Col c : plan.columns()) {
            int i = targets.indexOf(c);
            if (i < 0) {
                select.append(", ").append(q(cur, c)).append(" AS ").append(c.sql());
                out.add(c);
            } else {
                String filled = "COALESCE(" + q(cur, c) + ", " + s.ref("m" + i) + ")";
                select.append(", CASE WHEN ").append(s.ref("d" + i)).append(" > 0 THEN (").append(filled)
                        .append(" - ").append(s.ref("a" + i)).append(") / ").append(s.ref("d" + i))
                        .append(" ELSE CAST(").append(filled).append(" AS DOUBLE) END AS ").append(c.sql());
                out.add(new Col(c.name(), "DOUBLE"));
            }
        }
        s.add(plan, select + " FROM " + plan.current(), out);
    }

    static boolean identifierLike(String name) {
        String n = name.strip().toLowerCase(Locale.ROOT).replaceAll("[^0-9a-z]+", "_").replaceAll("^_+|_+$", "");
        return IDENTIFIER.matcher(n).find();
    }

    // ---- configurable steps ---------------------------------------------------------------------------------

    private static void dropColumns(SqlPlan plan, List<String> names, Context ctx) {
        List<Col> drop = columns(plan, names, ctx);
        List<Col> out = new ArrayList<>(plan.columns());
        out.removeAll(drop);
        plan.addInOrder("SELECT __rn" + (out.isEmpty() ? "" : ", " + SqlPlan.list(out)) + " FROM " + plan.current(), out);
    }

    private static void dropNa(SqlPlan plan, Step.DropNa d, Context ctx) {
        List<Col> look = d.subset().isEmpty() ? dataColumns(plan) : columns(plan, d.subset(), ctx);
        List<String> nulls = new ArrayList<>();
        for (Col c : look) {
            nulls.add(c.sql() + " IS NULL");
        }
        String where = "NOT (" + String.join(d.all() ? " AND " : " OR ", nulls) + ")";
        plan.addInOrder("SELECT * FROM " + plan.current() + " WHERE " + where, plan.columns());
    }

    /** Keeps the first of each set of rows equal on {@code on}. */
    private static void dedup(SqlPlan plan, List<Col> on, Context ctx) throws SQLException {
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
            ctx.st().execute("CREATE TEMP TABLE " + table + " AS " + plan.query("SELECT " + all + " FROM (SELECT " + all
                    + ", MIN(__rn) AS __first FROM " + plan.current() + " GROUP BY " + keys + ") g ORDER BY __first"));
            plan.restart(table, plan.columns());
        } else {
            // the same rows, faster on the embedded engine than a partitioned sort: one hash aggregation
            plan.add("SELECT * FROM " + plan.current() + " WHERE __rn IN (SELECT MIN(__rn) FROM " + plan.current()
                    + " GROUP BY " + keys + ")", plan.columns());
        }
    }

    private static void rename(SqlPlan plan, Map<String, String> mapping, Context ctx) {
        columns(plan, new ArrayList<>(mapping.keySet()), ctx);
        List<Col> out = new ArrayList<>();
        Set<String> taken = new HashSet<>();
        StringBuilder select = new StringBuilder("SELECT __rn");
        for (Col c : plan.columns()) {
            Col n = new Col(mapping.getOrDefault(c.name(), c.name()), c.type());
            if (!taken.add(n.name())) {
                throw new InvalidInputException(ctx.label() + ": rename_columns: two columns would be named " + n.name());
            }
            select.append(", ").append(c.sql()).append(" AS ").append(n.sql());
            out.add(n);
        }
        plan.addInOrder(select + " FROM " + plan.current(), out);
    }

    /** Label encoding: the rank among the sorted distinct values, from 0; null is -1. */
    private static void encode(SqlPlan plan, List<String> names, Context ctx) throws SQLException {
        List<Col> targets = columns(plan, names, ctx);
        Map<String, Object> recorded = new LinkedHashMap<>();
        for (Col c : targets) {
            Map<String, Object> codes = new LinkedHashMap<>();
            long distinct = 0;
            try (ResultSet r = ctx.st().executeQuery(plan.query("SELECT DISTINCT CAST(" + c.sql() + " AS VARCHAR) AS v, "
                    + c.sql() + " AS o FROM " + plan.current() + " WHERE " + c.sql() + " IS NOT NULL ORDER BY o"))) {
                while (r.next()) {
                    if (distinct < 1000) {
                        codes.put(r.getString(1), distinct);
                    }
                    distinct++;
                }
            }
            recorded.put(c.name(), distinct <= 1000 ? codes : Map.of("distinct_values", distinct));
        }
        ctx.stats().put("categorical_encoding", recorded);
        List<Col> out = new ArrayList<>();
        StringBuilder select = new StringBuilder("SELECT __rn");
        for (Col c : plan.columns()) {
            if (targets.contains(c)) {
                select.append(", CASE WHEN ").append(c.sql()).append(" IS NULL THEN -1 ELSE DENSE_RANK() OVER (PARTITION BY ")
                        .append(c.sql()).append(" IS NULL ORDER BY ").append(c.sql()).append(") - 1 END AS ").append(c.sql());
                out.add(new Col(c.name(), "BIGINT"));
            } else {
                select.append(", ").append(c.sql());
                out.add(c);
            }
        }
        plan.add(select + " FROM " + plan.current(), out);
    }

    private static void fillNa(SqlPlan plan, Map<String, String> strategies, Context ctx) throws SQLException {
        List<Col> targets = columns(plan, new ArrayList<>(strategies.keySet()), ctx);
        Map<Col, String> fill = new LinkedHashMap<>();
        // one row of fill values, each a scalar subquery, so the statement needs nothing computed outside it
        Map<String, String> stats = new LinkedHashMap<>();
        stats.put("one", "1");
        String from = " FROM " + plan.current();
        for (Col c : targets) {
            String how = strategies.get(c.name());
            String value = switch (how.toLowerCase(Locale.ROOT)) {
                case "mean" -> "(SELECT " + numeric(c, "mean", ctx, "AVG(" + c.sql() + ")") + from + ")";
                case "median" -> "(SELECT " + numeric(c, "median", ctx, median(c.sql())) + from + ")";
                case "mode" -> "(SELECT " + c.sql() + from + " WHERE " + c.sql() + " IS NOT NULL GROUP BY " + c.sql()
                        + " ORDER BY COUNT(*) DESC, " + c.sql() + " LIMIT 1)";
                default -> literal(c, how, ctx);
            };
            fill.put(c, value);
            stats.put(c.name(), value);
        }
        Stats x = statistics(plan, ctx, stats, "");
        Map<String, Object> recorded = new LinkedHashMap<>();
        try (ResultSet r = ctx.st().executeQuery(plan.query("SELECT * FROM " + x.relation()))) {
            r.next();
            for (int i = 0; i < targets.size(); i++) {
                recorded.put(targets.get(i).name(), Map.of("strategy", strategies.get(targets.get(i).name()),
                        "value", String.valueOf(r.getObject(i + 2))));
            }
        }
        ctx.stats().put("fillna", recorded);
        List<Col> out = new ArrayList<>();
        String cur = plan.current();
        StringBuilder select = new StringBuilder("SELECT " + cur + ".__rn");
        for (Col c : plan.columns()) {
            if (fill.containsKey(c)) {
                String filled = "COALESCE(" + q(cur, c) + ", " + x.ref(c.name()) + ")";
                boolean average = strategies.get(c.name()).matches("(?i)mean|median");
                select.append(", ").append(average && !c.type().equals("DOUBLE") ? "CAST(" + filled + " AS DOUBLE)" : filled)
                        .append(" AS ").append(c.sql());
                out.add(average ? new Col(c.name(), "DOUBLE") : c);
            } else {
                select.append(", ").append(q(cur, c)).append(" AS ").append(c.sql());
                out.add(c);
            }
        }
        x.add(plan, select + " FROM " + plan.current(), out);
    }

    private static String numeric(Col c, String how, Context ctx, String expression) {
        if (!NUMERIC.contains(c.type())) {
            throw new InvalidInputException(ctx.label() + ": fillna: " + how + " of " + c.name() + " needs numbers, but it holds "
                    + c.type().toLowerCase(Locale.ROOT) + " values");
        }
        return expression;
    }

    private static String literal(Col c, String value, Context ctx) throws SQLException {
        String cast = "CAST(" + DuckDb.quote(value) + " AS " + sqlType(c.type()) + ")";
        try (ResultSet r = ctx.st().executeQuery("SELECT TRY_" + cast)) {
            r.next();
            if (r.getObject(1) == null) {
                throw new InvalidInputException(ctx.label() + ": fillna: '" + value + "' is not a " + c.type().toLowerCase(Locale.ROOT)
                        + " value, the type of " + c.name());
            }
        }
        return cast;
    }

    /** Standard scaling with the population deviation; a constant column is left as it is. */
    private static void normalize(SqlPlan plan, List<String> names, Context ctx) throws SQLException {
        List<Col> targets = columns(plan, names, ctx);
        Map<String, String> stats = new LinkedHashMap<>();
        for (int i = 0; i < targets.size(); i++) {
            Col c = targets.get(i);
            numeric(c, "normalize", ctx, c.sql());
            stats.put("a" + i, "AVG(" + c.sql() + ")");
            stats.put("d" + i, "STDDEV_POP(" + c.sql() + ")");
        }
        Stats x = statistics(plan, ctx, stats, " FROM " + plan.current());
        Map<String, Object> recorded = new LinkedHashMap<>();
        try (ResultSet r = ctx.st().executeQuery(plan.query("SELECT * FROM " + x.relation()))) {
            r.next();
            for (int i = 0; i < targets.size(); i++) {
                Map<String, Object> col = new LinkedHashMap<>();
                col.put("mean", r.getObject(2 * i + 1));
                col.put("std", r.getObject(2 * i + 2));
                recorded.put(targets.get(i).name(), col);
            }
        }
        ctx.stats().put("normalize", recorded);
        List<Col> out = new ArrayList<>();
        String cur = plan.current();
        StringBuilder select = new StringBuilder("SELECT " + cur + ".__rn");
        for (Col c : plan.columns()) {
            int i = targets.indexOf(c);
            if (i < 0) {
                select.append(", ").append(q(cur, c)).append(" AS ").append(c.sql());
                out.add(c);
            } else {
                select.append(", CASE WHEN ").append(x.ref("d" + i)).append(" > 0 THEN (").append(q(cur, c))
                        .append(" - ").append(x.ref("a" + i)).append(") / ").append(x.ref("d" + i))
                        .append(" ELSE CAST(").append(q(cur, c)).append(" AS DOUBLE) END AS ").append(c.sql());
                out.add(new Col(c.name(), "DOUBLE"));
            }
        }
        x.add(plan, select + " FROM " + plan.current(), out);
    }

    /** Type conversion: bad values are counted and shown first; the run fails on them unless asked to null them. */
    private static void convert(SqlPlan plan, Step.ConvertTypes t, Context ctx) throws SQLException {
        List<Col> targets = columns(plan, new ArrayList<>(t.types().keySet()), ctx);
        Map<Col, String> to = new LinkedHashMap<>();
        Map<String, Object> report = new LinkedHashMap<>();
        for (Col c : targets) {
            String target = switch (t.types().get(c.name()).toLowerCase(Locale.ROOT)) {
                case "int", "integer", "int64" -> "BIGINT";
                case "float", "double", "float64" -> "DOUBLE";
                case "str", "string", "object" -> "VARCHAR";
                case "bool", "boolean" -> "BOOLEAN";
                case "datetime", "timestamp", "datetime64" -> "TIMESTAMP";
                default -> throw new InvalidInputException(ctx.label() + ": dtype_conversion: " + c.name() + ": '"
                        + t.types().get(c.name()) + "' is not a type; use int, float, str, bool or datetime");
            };
            to.put(c, target);
            String bad = badValue(c, target);
            long count;
            List<String> examples = new ArrayList<>();
            try (ResultSet r = ctx.st().executeQuery(plan.query("SELECT __rn, CAST(" + c.sql() + " AS VARCHAR) FROM "
                    + plan.current() + " WHERE " + bad + " ORDER BY __rn LIMIT 5"))) {
                while (r.next()) {
                    examples.add("row " + (r.getLong(1) + 1) + ": '" + r.getString(2) + "'");
                }
            }
            count = examples.isEmpty() ? 0 : Source.count(ctx.st(), plan.query("SELECT COUNT(*) FROM " + plan.current()
                    + " WHERE " + bad));
            if (count > 0) {
                String message = "dtype_conversion: " + count + " value" + (count == 1 ? "" : "s") + " of " + c.name()
                        + " cannot become " + t.types().get(c.name()) + ", e.g. " + String.join(", ", examples);
                if (!t.nullBadValues()) {
                    throw new InvalidInputException(ctx.label() + ": " + message + "; nothing was written (set on_error: null "
                            + "to turn them into nulls)", ctx.label(), -1, null);
                }
                ctx.warnings().add(message + "; they became null");
                report.put(c.name(), Map.of("bad_values", count, "examples", examples));
            }
        }
        if (!report.isEmpty()) {
            ctx.stats().put("dtype_conversion", report);
        }
        List<Col> out = new ArrayList<>();
        StringBuilder select = new StringBuilder("SELECT __rn");
        for (Col c : plan.columns()) {
            String target = to.get(c);
            if (target == null) {
                select.append(", ").append(c.sql());
                out.add(c);
            } else {
                select.append(", ").append(t.nullBadValues() ? "TRY_CAST(" : "CAST(").append(conversionSource(c, target))
                        .append(" AS ").append(target).append(") AS ").append(c.sql());
                out.add(new Col(c.name(), target));
            }
        }
        plan.addInOrder(select + " FROM " + plan.current(), out);
    }

    /** What the converted value is made from: booleans and numbers to int go through their exact text. */
    private static String conversionSource(Col c, String target) {
        if (target.equals("BIGINT") && c.type().equals("VARCHAR")) {
            return "TRIM(" + c.sql() + ")";
        }
        return c.sql();
    }

    /** A condition true for values that cannot take the target type without loss. */
    private static String badValue(Col c, String target) {
        String v = c.sql();
        String present = v + " IS NOT NULL AND ";
        return switch (target) {
            case "BIGINT" -> NUMERIC.contains(c.type()) ? present + "(" + v + " <> FLOOR(" + v + ") OR TRY_CAST(" + v + " AS BIGINT) IS NULL)"
                    : present + "NOT regexp_full_match(TRIM(CAST(" + v + " AS VARCHAR)), '[+-]?[0-9]+')";
            case "DOUBLE" -> present + "TRY_CAST(" + v + " AS DOUBLE) IS NULL";
            case "BOOLEAN" -> present + "TRY_CAST(" + v + " AS BOOLEAN) IS NULL";
            case "TIMESTAMP" -> present + "TRY_CAST(" + v + " AS TIMESTAMP) IS NULL";
            default -> "1 = 0";
        };
    }

    // ---- shared ---------------------------------------------------------------------------------------------

    /** The data columns (not extract_date / unique_id, which no dedup or dropna should look at). */
    private static List<Col> dataColumns(SqlPlan plan) {
        return plan.columns().stream().filter(c -> !c.name().equals("unique_id") && !c.name().equals("extract_date")).toList();
    }

    /** The named columns, or an error that names the missing one and lists what there is. */
    private static List<Col> columns(SqlPlan plan, List<String> names, Context ctx) {
        List<Col> out = new ArrayList<>();
        for (String n : names) {
            Col c = plan.column(n);
            if (c == null) {
                throw new InvalidInputException(ctx.label() + ": there is no column '" + n + "'; the columns are "
                        + plan.columns().stream().map(Col::name).toList());
            }
            out.add(c);
        }
        return out;
    }

    private static long[] counts(SqlPlan plan, List<Col> cols, Context ctx) throws SQLException {
        long[] out = new long[cols.size()];
        if (cols.isEmpty()) {
            return out;
        }
        StringBuilder q = new StringBuilder("SELECT ");
        for (int i = 0; i < cols.size(); i++) {
            q.append(i == 0 ? "" : ", ").append("COUNT(").append(cols.get(i).sql()).append(")");
        }
        try (ResultSet r = ctx.st().executeQuery(plan.query(q + " FROM " + plan.current()))) {
            r.next();
            for (int i = 0; i < out.length; i++) {
                out[i] = r.getLong(i + 1);
            }
        }
        return out;
    }

    /** A column of relation {@code relation}, qualified: beside a joined row of statistics, names could clash. */
    private static String q(String relation, Col c) {
        return relation + "." + c.sql();
    }

    /**
     * A one-row relation of statistics ({@code name -> expression}, each over {@code from}). The portable statement
     * computes them inside itself, so it is complete on Dremio. A local run computes them once and writes them in as
     * constants, so the final statement does not compute them again; where they do not fit in memory together (exact
     * medians hold a whole column), they are computed a column at a time.
     */
    private static Stats statistics(SqlPlan plan, Context ctx, Map<String, String> expressions, String from)
            throws SQLException {
        List<String> selected = new ArrayList<>();
        expressions.forEach((name, e) -> selected.add(e + " AS " + DuckDb.identifier(name)));
        if (ctx.portable()) {
            return new Stats(plan.aux("SELECT " + String.join(", ", selected) + from), null);
        }
        Map<String, String> constants = new LinkedHashMap<>();
        // a statement of its own: DuckDB closes a statement whose query failed, and this one may run out of memory
        try (Statement own = ctx.st().getConnection().createStatement();
             ResultSet r = own.executeQuery(plan.query("SELECT " + String.join(", ", selected) + from))) {
            r.next();
            int i = 1;
            for (String name : expressions.keySet()) {
                constants.put(name, constant(r, i++));
            }
        } catch (SQLException e) {
            if (selected.size() < 2 || !String.valueOf(e.getMessage()).contains("Out of Memory")) {
                throw e;
            }
            constants.clear();
            ctx.warnings().add("statistics did not fit in the memory limit together (" + e.getMessage().lines().findFirst()
                    .orElse("") + "); computed them one at a time");
            int i = 0;
            for (String name : expressions.keySet()) {
                try (Statement own = ctx.st().getConnection().createStatement();
                     ResultSet r = own.executeQuery(plan.query("SELECT " + selected.get(i++) + from))) {
                    r.next();
                    constants.put(name, constant(r, 1));
                }
            }
        }
        List<String> row = new ArrayList<>();
        constants.forEach((name, value) -> row.add(value + " AS " + DuckDb.identifier(name)));
        return new Stats(plan.aux("SELECT " + String.join(", ", row)), constants);
    }

    /**
     * A row of statistics, as a relation of the statement ({@code constants} null: the portable form joins it) or as
     * constants written into the expressions, which keeps a step a plain projection of the rows before it.
     */
    private record Stats(String relation, Map<String, String> constants) {
        String ref(String name) {
            return constants != null ? constants.get(name) : relation + "." + DuckDb.identifier(name);
        }

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
    }

    /** A value read back, as a typed SQL constant that gives the same value. */
    private static String constant(ResultSet r, int column) throws SQLException {
        String type = r.getMetaData().getColumnTypeName(column);
        Object v = r.getObject(column);
        // numbers in Java's shortest exact form; anything else in the engine's own text form, which it reads back
        String text = v == null ? null : v instanceof java.math.BigDecimal d ? d.toPlainString()
                : v instanceof Number || v instanceof Boolean ? String.valueOf(v) : r.getString(column);
        return "CAST(" + (text == null ? "NULL" : DuckDb.quote(text)) + " AS " + type + ")";
    }

    private static String median(String column) {
        return "PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY " + column + ")";
    }

    private static String sqlType(String type) {
        return type.equals("TIMESTAMPTZ") ? "TIMESTAMP WITH TIME ZONE" : type;
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
