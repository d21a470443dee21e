package io.redback.rdw.etl.contracts;

import io.redback.rdw.InvalidInputException;
import io.redback.rdw.etl.contracts.CheckSpec.Arguments;
import io.redback.rdw.helpers.Names;
import io.redback.rdw.spi.SqlDialect;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The conditions that make a row count against a check, in the engine's dialect. Each is true for a bad row and
 * false or null otherwise; none needs a cast that can fail, because text is matched against a pattern before it is
 * converted (Dremio has no {@code TRY_CAST}).
 */
final class CheckSql {
    static final String INTEGER = "[+-]?[0-9]+";
    static final String NUMBER = "[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?";
    static final String BOOLEAN = "(?i)true|false";
    static final String DATE = "[0-9]{4}-[0-9]{2}-[0-9]{2}";
    static final String TIMESTAMP = DATE + "([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]+)?)?)?(Z|[+-][0-9]{2}(:?[0-9]{2})?)?";
    static final String TIME = "[0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]+)?)?";

    private CheckSql() {
    }

    /** A value in {@code values} (null among them stands for SQL null); by default null and the empty text. */
    static String missing(SqlDialect d, String col, TypeFamily family, List<Object> values) {
        List<Object> v = values == null ? Arrays.asList(null, "") : values;
        List<String> or = new ArrayList<>();
        if (v.contains(null)) {
            or.add(col + " IS NULL");
        }
        String in = among(d, col, family, v);
        if (in != null) {
            or.add(in);
        }
        return or.isEmpty() ? "FALSE" : "(" + String.join(" OR ", or) + ")";
    }

    /** A value outside {@code validValues}, not matching {@code pattern}, or outside the logicalTypeOptions. */
    static String invalid(SqlDialect d, String col, TypeFamily family, Arguments a) {
        List<String> or = new ArrayList<>();
        if (a.validValues() != null) {
            String in = among(d, col, family, a.validValues());
            or.add(in == null ? "TRUE" : "NOT (" + in + ")");
        }
        if (a.pattern() != null) {
            // a JSON Schema pattern is found anywhere in the text unless it anchors itself; the engines match whole texts
            or.add("NOT " + d.fullMatch(text(col, family), "(?s).*(?:" + a.pattern() + ").*"));
        }
        if (a.minLength() != null) {
            or.add("LENGTH(" + text(col, family) + ") < " + a.minLength());
        }
        if (a.maxLength() != null) {
            or.add("LENGTH(" + text(col, family) + ") > " + a.maxLength());
        }
        String[][] limits = {{a.minimum(), "<"}, {a.maximum(), ">"}, {a.exclusiveMinimum(), "<="},
                {a.exclusiveMaximum(), ">="}};
        for (String[] limit : limits) {
            if (limit[0] != null) {
                or.add(comparable(d, col, family, a.logicalType()) + " " + limit[1] + " "
                        + bound(d, limit[0], a.logicalType(), family));
            }
        }
        return col + " IS NOT NULL AND (" + String.join(" OR ", or) + ")";
    }

    /**
     * A value that is not of the declared logical type: for a text column, text that does not read as one; for a
     * floating-point column declared integer, a value with a fraction. {@code "FALSE"} when the column's type holds
     * only such values, null when it holds none (a date column declared integer).
     */
    static String mistyped(SqlDialect d, String col, String declared, TypeFamily actual) {
        String pattern = switch (declared) {
            case "integer" -> INTEGER;
            case "number" -> NUMBER;
            case "boolean" -> BOOLEAN;
            case "date" -> DATE;
            case "timestamp" -> TIMESTAMP;
            case "time" -> TIME;
            default -> null;
        };
        boolean fits = switch (declared) {
            case "integer" -> actual == TypeFamily.INTEGER;
            case "number" -> actual == TypeFamily.INTEGER || actual == TypeFamily.NUMBER;
            case "string" -> actual == TypeFamily.STRING;
            case "boolean" -> actual == TypeFamily.BOOLEAN;
            case "date" -> actual == TypeFamily.DATE;
            case "timestamp" -> actual == TypeFamily.TIMESTAMP || actual == TypeFamily.DATE;
            case "time" -> actual == TypeFamily.TIME;
            default -> true;
        };
        if (fits) {
            return "FALSE";
        }
        if (declared.equals("integer") && actual == TypeFamily.NUMBER) {
            return col + " IS NOT NULL AND " + col + " <> FLOOR(" + col + ")";
        }
        if (actual == TypeFamily.STRING && pattern != null) {
            return col + " IS NOT NULL AND NOT " + d.fullMatch("TRIM(" + col + ")", pattern);
        }
        return null;
    }

    /** {@code col IN (...)}: numbers compared as numbers on a numeric column, everything else as text. */
    private static String among(SqlDialect d, String col, TypeFamily family, List<Object> values) {
        boolean numeric = family == TypeFamily.INTEGER || family == TypeFamily.NUMBER;
        List<String> numbers = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        for (Object v : values.stream().filter(Objects::nonNull).toList()) {
            if (numeric && v instanceof BigDecimal n) {
                numbers.add(n.toPlainString());
            } else if (numeric && v instanceof String s && s.strip().matches(NUMBER)) {
                numbers.add(new BigDecimal(s.strip()).toPlainString());
            } else {
                texts.add(d.literal(v instanceof BigDecimal n ? n.toPlainString() : String.valueOf(v)));
            }
        }
        List<String> or = new ArrayList<>();
        if (!numbers.isEmpty()) {
            or.add(col + " IN (" + String.join(", ", numbers) + ")");
        }
        if (!texts.isEmpty()) {
            or.add(text(col, family) + " IN (" + String.join(", ", texts) + ")");
        }
        return or.isEmpty() ? null : or.size() == 1 ? or.get(0) : "(" + String.join(" OR ", or) + ")";
    }

    private static String text(String col, TypeFamily family) {
        return family == TypeFamily.STRING ? col : "CAST(" + col + " AS VARCHAR)";
    }

    /** The column as the type its limits are written in; text that does not read as one is null. */
    private static String comparable(SqlDialect d, String col, TypeFamily family, String declared) {
        String type = sqlType(declared, family);
        if (family != TypeFamily.STRING) {
            return type.equals("DATE") && family == TypeFamily.TIMESTAMP ? "CAST(" + col + " AS DATE)" : col;
        }
        String pattern = switch (type) {
            case "DATE" -> DATE;
            case "TIMESTAMP" -> TIMESTAMP;
            default -> NUMBER;
        };
        return "CASE WHEN " + d.fullMatch("TRIM(" + col + ")", pattern) + " THEN CAST(TRIM(" + col + ") AS " + type
                + ") END";
    }

    private static String bound(SqlDialect d, String limit, String declared, TypeFamily family) {
        String type = sqlType(declared, family);
        if (type.equals("DOUBLE")) {
            try {
                return new BigDecimal(limit.strip()).toPlainString();
            } catch (NumberFormatException e) {
                throw new InvalidInputException("the limit " + Names.printable(limit) + " is not a number");
            }
        }
        if (!limit.strip().matches(type.equals("DATE") ? DATE : TIMESTAMP)) {
            throw new InvalidInputException("the limit " + Names.printable(limit) + " is not an ISO "
                    + type.toLowerCase(java.util.Locale.ROOT) + " (2025-01-31" + (type.equals("DATE") ? "" : "T08:00:00") + ")");
        }
        return d.constant(limit.strip(), type);
    }

    private static String sqlType(String declared, TypeFamily family) {
        String t = declared != null ? declared : family.logicalType();
        return switch (t) {
            case "date" -> "DATE";
            case "timestamp" -> "TIMESTAMP";
            default -> "DOUBLE";
        };
    }
}
