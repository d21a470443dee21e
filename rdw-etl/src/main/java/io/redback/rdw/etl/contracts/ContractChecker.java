package io.redback.rdw.etl.contracts;

import io.redback.rdw.RdwException;
import io.redback.rdw.etl.contracts.CheckResult.Result;
import io.redback.rdw.etl.contracts.CheckSpec.Kind;
import io.redback.rdw.helpers.Names;
import io.redback.rdw.spi.SqlDialect;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs a contract object's checks on a {@link CheckTarget}. Every count (nulls, missing, invalid and mistyped values,
 * single-column duplicates, the row count) is one expression of a single aggregate query, so the data is read once for
 * all of them; a composite key's duplicates and each SQL check need a query of their own, and a failure reads up to
 * {@link CheckResult#MAX_SAMPLES} of its rows. Nothing but counts and samples reaches the JVM.
 */
final class ContractChecker {
    private final ContractObject object;
    private final CheckTarget target;
    private final SqlDialect d;
    private Map<String, String> columns = Map.of();
    private int passes;

    private ContractChecker(ContractObject object, CheckTarget target) {
        this.object = object;
        this.target = target;
        this.d = target.dialect();
    }

    static ContractReport check(Contract contract, ContractObject object, CheckTarget target, String dataset) {
        long started = System.nanoTime();
        ContractChecker checker = new ContractChecker(object, target);
        List<CheckResult> results = checker.run();
        return new ContractReport(contract.id(), contract.version(), contract.sha256(), dataset, object.name(),
                target.engine(), results, object.notRun(), checker.passes, Duration.ofNanos(System.nanoTime() - started));
    }

    /** How a check is measured: an expression of the aggregate pass, or a query of its own. */
    private record Plan(String aggregate, String badRows, String message) {
    }

    private List<CheckResult> run() {
        columns = target.columns(); // the schema only: no pass over the rows
        Map<CheckSpec, Plan> plans = new LinkedHashMap<>();
        Map<CheckSpec, CheckResult> decided = new LinkedHashMap<>();
        for (CheckSpec c : object.checks()) {
            String missing = missingColumn(c, columns);
            if (c.kind() == Kind.PRESENT) {
                decided.put(c, missing == null ? result(c, Result.PASSED, null, List.of(), "")
                        : result(c, Result.FAILED, null, List.of(), "the dataset has no column " + missing
                        + "; it has " + String.join(", ", columns.keySet())));
            } else if (missing != null) {
                decided.put(c, result(c, Result.ERROR, null, List.of(), "not checked: the dataset has no column " + missing));
            } else {
                try {
                    Plan p = plan(c, columns);
                    if (p.message != null) {
                        decided.put(c, result(c, Result.FAILED, null, List.of(), p.message));
                    } else {
                        plans.put(c, p);
                    }
                } catch (RdwException | UnsupportedOperationException e) {
                    decided.put(c, result(c, Result.ERROR, null, List.of(), e.getMessage()));
                }
            }
        }
        // one pass for every count; the same expression asked twice (required and nullValues) is computed once
        List<String> exprs = new ArrayList<>(new LinkedHashSet<>(plans.values().stream()
                .map(Plan::aggregate).filter(a -> a != null).toList()));
        List<Object> counts = counts(exprs, plans, decided);
        long rows = number(counts.get(0)).longValue();
        List<CheckResult> out = new ArrayList<>();
        for (CheckSpec c : object.checks()) {
            CheckResult r = decided.get(c);
            if (r == null) {
                Plan p = plans.get(c);
                try {
                    r = measure(c, p, p.aggregate == null ? null : number(counts.get(1 + exprs.indexOf(p.aggregate))), rows);
                } catch (RdwException e) {
                    r = result(c, Result.ERROR, null, List.of(), e.getMessage());
                }
            }
            out.add(r);
        }
        return out;
    }

    /**
     * The row count and every expression's value, in one query. When the engine refuses that query (a pattern it
     * cannot compile, say), each expression is asked alone, so that only the checks at fault come out as errors.
     */
    private List<Object> counts(List<String> exprs, Map<CheckSpec, Plan> plans, Map<CheckSpec, CheckResult> decided) {
        try {
            passes++;
            return target.rows(aggregate(exprs)).get(0);
        } catch (RdwException whole) {
            if (exprs.isEmpty()) {
                throw whole;
            }
        }
        List<Object> counts = new ArrayList<>();
        counts.add(target.rows(aggregate(List.of())).get(0).get(0));
        for (String e : exprs) {
            try {
                passes++;
                counts.add(target.rows(aggregate(List.of(e))).get(0).get(1));
            } catch (RdwException failed) {
                counts.add(null);
                plans.forEach((c, p) -> {
                    if (e.equals(p.aggregate)) {
                        decided.put(c, result(c, Result.ERROR, null, List.of(), failed.getMessage()));
                    }
                });
            }
        }
        return counts;
    }

    private String aggregate(List<String> exprs) {
        StringBuilder sql = new StringBuilder("SELECT COUNT(*)");
        for (int i = 0; i < exprs.size(); i++) {
            sql.append(", ").append(exprs.get(i)).append(" AS ").append(d.identifier("c" + i));
        }
        return sql.append(" FROM ").append(target.relation()).toString();
    }

    private CheckResult measure(CheckSpec c, Plan p, BigDecimal count, long rows) {
        BigDecimal measured = count;
        if (c.kind() == Kind.ROW_COUNT) {
            measured = BigDecimal.valueOf(rows);
        } else if (c.kind() == Kind.SQL) {
            measured = sqlValue(c);
        } else if (c.kind() == Kind.DUPLICATE_VALUES && c.columns().size() > 0) {
            measured = number(target.rows(compositeDuplicates(c.columns())).get(0).get(0));
            passes++;
        }
        if (measured == null) {
            measured = BigDecimal.ZERO; // SUM over no rows
        }
        Number value = measured.scale() <= 0 ? (Number) measured.longValue() : measured;
        if (c.unit() == Comparison.Unit.PERCENT) {
            BigDecimal pct = rows == 0 ? BigDecimal.ZERO
                    : measured.multiply(BigDecimal.valueOf(100)).divide(BigDecimal.valueOf(rows), MathContext.DECIMAL64)
                    .setScale(4, RoundingMode.HALF_UP).stripTrailingZeros();
            measured = pct;
            value = pct;
        }
        if (c.comparison().holds(measured)) {
            return result(c, Result.PASSED, value, List.of(), "");
        }
        List<Map<String, Object>> samples = List.of();
        Sample sample = samples(c, p);
        String unreadable = "";
        if (sample != null) {
            try {
                passes++;
                samples = sample.rows(target);
            } catch (RdwException e) {
                unreadable = "; its rows could not be read: " + e.getMessage();
            }
        }
        String shown = (value instanceof BigDecimal b ? Comparison.text(b) : String.valueOf(value))
                + (c.unit() == Comparison.Unit.PERCENT ? " %" : "");
        String why = c.kind() == Kind.LOGICAL_TYPE
                ? shown + (measured.compareTo(BigDecimal.ONE) == 0 ? " value is" : " values are") + " not "
                + c.args().logicalType()
                : c.metric() + ": " + shown + " (must be " + c.comparison().describe(c.unit()) + ")";
        why += unreadable;
        return result(c, c.blocking() ? Result.FAILED : Result.WARNING, value, samples, why);
    }

    /** A SQL check's value: its query's one number (a boolean counts as 1 or 0). */
    private BigDecimal sqlValue(CheckSpec c) {
        String sql = c.query().replace("${object}", target.relation()).replace("{object}", target.relation())
                .replace("${table}", target.relation());
        if (c.property() != null) {
            String col = d.identifier(c.property());
            sql = sql.replace("${property}", col).replace("{property}", col).replace("${column}", col);
        }
        List<List<Object>> rows = target.userRows(sql.strip().replaceAll(";\\s*$", ""));
        passes++;
        if (rows.size() != 1 || rows.get(0).size() != 1) {
            throw new io.redback.rdw.InvalidInputException("the query of " + c.id() + " returned " + rows.size()
                    + " rows of " + (rows.isEmpty() ? 0 : rows.get(0).size()) + " columns; a sql check returns one number");
        }
        Object v = rows.get(0).get(0);
        if (v instanceof Boolean b) {
            return b ? BigDecimal.ONE : BigDecimal.ZERO;
        }
        BigDecimal n = number(v);
        if (n == null && v != null) {
            throw new io.redback.rdw.InvalidInputException("the query of " + c.id() + " returned "
                    + Names.printable(String.valueOf(v)) + ", not a number");
        }
        return n;
    }

    private Plan plan(CheckSpec c, Map<String, String> columns) {
        String col = c.property() == null ? null : d.identifier(c.property());
        return switch (c.kind()) {
            case ROW_COUNT, SQL -> new Plan(null, null, null);
            case NULL_VALUES -> counted(col + " IS NULL");
            case MISSING_VALUES -> counted(CheckSql.missing(d, col, TypeFamily.of(columns.get(c.property())), c.args().missingValues()));
            case INVALID_VALUES -> counted(CheckSql.invalid(d, col, TypeFamily.of(columns.get(c.property())), c.args()));
            case DUPLICATE_VALUES -> c.columns().isEmpty()
                    ? new Plan("COUNT(" + col + ") - COUNT(DISTINCT " + col + ")", null, null)
                    : new Plan(null, null, null);
            case LOGICAL_TYPE -> {
                TypeFamily actual = TypeFamily.of(columns.get(c.property()));
                String bad = CheckSql.mistyped(d, col, c.args().logicalType(), actual);
                if (bad == null) {
                    yield new Plan(null, null, c.property() + " is " + columns.get(c.property())
                            + ", which does not hold " + c.args().logicalType() + " values");
                }
                yield bad.equals("FALSE") ? new Plan("0", null, null) : counted(bad);
            }
            case PRESENT -> throw new IllegalStateException("decided before planning");
        };
    }

    private static Plan counted(String badRows) {
        return new Plan("SUM(CASE WHEN " + badRows + " THEN 1 ELSE 0 END)", badRows, null);
    }

    /** Rows beyond the first of each key, rows with a null key part left out (as SQL's UNIQUE does). */
    private String compositeDuplicates(List<String> keys) {
        String cols = String.join(", ", keys.stream().map(d::identifier).toList());
        return "SELECT SUM(n - 1) FROM (SELECT COUNT(*) AS n FROM " + target.relation() + " WHERE "
                + notNull(keys) + " GROUP BY " + cols + " HAVING COUNT(*) > 1) dup";
    }

    private String notNull(List<String> keys) {
        return String.join(" AND ", keys.stream().map(k -> d.identifier(k) + " IS NOT NULL").toList());
    }

    /** A query for a failure's rows, and the names of its columns. */
    private record Sample(String sql, List<String> names) {
        List<Map<String, Object>> rows(CheckTarget target) {
            List<Map<String, Object>> out = new ArrayList<>();
            for (List<Object> row : target.rows(sql)) {
                Map<String, Object> m = new LinkedHashMap<>();
                for (int i = 0; i < names.size() && i < row.size(); i++) {
                    Object v = row.get(i);
                    m.put(names.get(i), v == null || v instanceof Number || v instanceof Boolean ? v : v.toString());
                }
                out.add(m);
            }
            return out;
        }
    }

    /** The query for a failure's rows: the key columns, then the checked ones. */
    private Sample samples(CheckSpec c, Plan p) {
        Set<String> shown = new LinkedHashSet<>(object.keyColumns());
        shown.retainAll(columns.keySet());
        if (shown.isEmpty()) {
            object.columns().stream().filter(columns::containsKey).limit(3).forEach(shown::add);
        }
        List<String> checked = c.columns().isEmpty() ? (c.property() == null ? List.of() : List.of(c.property())) : c.columns();
        shown.addAll(checked);
        String select = "SELECT " + String.join(", ", shown.stream().map(s -> "r." + d.identifier(s)).toList())
                + " FROM " + target.relation() + " r";
        int n = CheckResult.MAX_SAMPLES;
        if (c.kind() == Kind.DUPLICATE_VALUES) {
            String cols = String.join(", ", checked.stream().map(d::identifier).toList());
            String on = String.join(" AND ", checked.stream().map(k -> "r." + d.identifier(k) + " = dup." + d.identifier(k)).toList());
            return new Sample(select + " JOIN (SELECT " + cols + " FROM " + target.relation() + " WHERE "
                    + notNull(checked) + " GROUP BY " + cols + " HAVING COUNT(*) > 1) dup ON " + on + " ORDER BY "
                    + String.join(", ", checked.stream().map(k -> "r." + d.identifier(k)).toList()) + " LIMIT " + n,
                    List.copyOf(shown));
        }
        if (p == null || p.badRows == null) {
            return null;
        }
        // the condition names the column bare; the sample reads one table, so that is unambiguous
        // ordered, so every engine names the same rows: a top-N, not a sort of everything that failed
        return new Sample(select + " WHERE " + p.badRows + " ORDER BY "
                + String.join(", ", shown.stream().map(s -> "r." + d.identifier(s)).toList()) + " LIMIT " + n,
                List.copyOf(shown));
    }

    private String missingColumn(CheckSpec c, Map<String, String> columns) {
        List<String> needed = new ArrayList<>(c.columns());
        if (c.property() != null) {
            needed.add(c.property());
        }
        for (String n : needed) {
            if (!columns.containsKey(n)) {
                return n;
            }
        }
        return null;
    }

    private static CheckResult result(CheckSpec c, Result r, Number value, List<Map<String, Object>> samples,
                                      String message) {
        Result shown = (r == Result.FAILED || r == Result.ERROR) && !c.blocking() ? Result.WARNING : r;
        String threshold = switch (c.kind()) {
            case PRESENT -> "present";
            case LOGICAL_TYPE -> "0 values that are not " + c.args().logicalType();
            default -> c.comparison().describe(c.unit());
        };
        return new CheckResult(c.id(), c.name(), c.object(), c.property(), c.metric(), shown, value, threshold,
                c.severity(), samples, message);
    }

    static BigDecimal number(Object v) {
        if (v == null) {
            return null;
        }
        if (v instanceof BigDecimal b) {
            return b;
        }
        if (v instanceof Double || v instanceof Float) {
            return BigDecimal.valueOf(((Number) v).doubleValue());
        }
        if (v instanceof Number n) {
            return new BigDecimal(n.toString());
        }
        try {
            return new BigDecimal(v.toString().trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
