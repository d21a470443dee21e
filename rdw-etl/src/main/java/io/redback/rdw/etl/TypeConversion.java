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

/** Type conversion: bad values are counted and shown first; the run fails on them unless asked to null them. */
final class TypeConversion {
    private TypeConversion() {
    }

    static void convert(SqlPlan plan, Step.ConvertTypes t, Context ctx) {
        SqlDialect d = ctx.dialect();
        boolean toNull = t.onBadValue() == Step.ConvertTypes.OnBadValue.NULL;
        List<Col> targets = StepSql.columns(plan, new ArrayList<>(t.types().keySet()), ctx);
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
            String bad = badValue(d, c, target);
            List<String> examples = new ArrayList<>();
            SqlResult r = ctx.ws().query(plan.query("SELECT __rn, CAST(" + c.sql() + " AS VARCHAR) FROM "
                    + plan.current() + " WHERE " + bad + " ORDER BY __rn LIMIT 5"));
            for (int i = 0; i < r.size(); i++) {
                examples.add("row " + (r.getLong(i, 0) + 1) + ": '" + r.getString(i, 1) + "'");
            }
            long count = examples.isEmpty() ? 0 : ctx.ws().query(plan.query("SELECT COUNT(*) FROM " + plan.current()
                    + " WHERE " + bad)).getLong(0, 0);
            if (count > 0) {
                String message = "dtype_conversion: " + count + " value" + (count == 1 ? "" : "s") + " of " + c.name()
                        + " cannot become " + t.types().get(c.name()) + ", e.g. " + String.join(", ", examples);
                if (!toNull) {
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
                String source = conversionSource(c, target);
                select.append(", ").append(toNull ? d.tryCast(source, target) : "CAST(" + source + " AS " + target + ")")
                        .append(" AS ").append(c.sql());
                out.add(c.as(target));
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
    private static String badValue(SqlDialect d, Col c, String target) {
        String v = c.sql();
        String present = v + " IS NOT NULL AND ";
        return switch (target) {
            case "BIGINT" -> StepSql.NUMERIC.contains(c.type())
                    ? present + "(" + v + " <> FLOOR(" + v + ") OR " + d.tryCast(v, "BIGINT") + " IS NULL)"
                    : present + "NOT " + d.fullMatch("TRIM(CAST(" + v + " AS VARCHAR))", "[+-]?[0-9]+");
            case "DOUBLE" -> present + d.tryCast(v, "DOUBLE") + " IS NULL";
            case "BOOLEAN" -> present + d.tryCast(v, "BOOLEAN") + " IS NULL";
            case "TIMESTAMP" -> present + d.tryCast(v, "TIMESTAMP") + " IS NULL";
            default -> "1 = 0";
        };
    }
}
