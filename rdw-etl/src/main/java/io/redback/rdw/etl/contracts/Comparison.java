package io.redback.rdw.etl.contracts;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What a measured value must be, from a check's ODCS operators ({@code mustBe}, {@code mustBeBetween}, ...). A check
 * with several operators needs all of them to hold. Both ends of {@code mustBeBetween} belong to the range, and
 * neither end of {@code mustNotBeBetween} is outside it.
 */
record Comparison(List<Condition> conditions) {
    static final List<String> OPERATORS = List.of("mustBe", "mustNotBe", "mustBeGreaterThan", "mustBeGreaterOrEqualTo",
            "mustBeLessThan", "mustBeLessOrEqualTo", "mustBeBetween", "mustNotBeBetween");

    Comparison {
        conditions = List.copyOf(conditions);
    }

    /** One operator and its numbers (two for the ranges). */
    record Condition(String operator, List<BigDecimal> values) {
        Condition {
            values = List.copyOf(values);
        }

        boolean holds(BigDecimal v) {
            return switch (operator) {
                case "mustBe" -> v.compareTo(values.get(0)) == 0;
                case "mustNotBe" -> v.compareTo(values.get(0)) != 0;
                case "mustBeGreaterThan" -> v.compareTo(values.get(0)) > 0;
                case "mustBeGreaterOrEqualTo" -> v.compareTo(values.get(0)) >= 0;
                case "mustBeLessThan" -> v.compareTo(values.get(0)) < 0;
                case "mustBeLessOrEqualTo" -> v.compareTo(values.get(0)) <= 0;
                case "mustBeBetween" -> v.compareTo(low()) >= 0 && v.compareTo(high()) <= 0;
                case "mustNotBeBetween" -> v.compareTo(low()) < 0 || v.compareTo(high()) > 0;
                default -> throw new IllegalStateException(operator);
            };
        }

        private BigDecimal low() {
            return values.get(0).min(values.get(1));
        }

        private BigDecimal high() {
            return values.get(0).max(values.get(1));
        }

        String describe() {
            return switch (operator) {
                case "mustBe" -> "= " + text(values.get(0));
                case "mustNotBe" -> "!= " + text(values.get(0));
                case "mustBeGreaterThan" -> "> " + text(values.get(0));
                case "mustBeGreaterOrEqualTo" -> ">= " + text(values.get(0));
                case "mustBeLessThan" -> "< " + text(values.get(0));
                case "mustBeLessOrEqualTo" -> "<= " + text(values.get(0));
                case "mustBeBetween" -> "between " + text(low()) + " and " + text(high()) + " (inclusive)";
                case "mustNotBeBetween" -> "not between " + text(low()) + " and " + text(high()) + " (inclusive)";
                default -> operator;
            };
        }
    }

    static Comparison of(String operator, BigDecimal... values) {
        return new Comparison(List.of(new Condition(operator, List.of(values))));
    }

    boolean holds(BigDecimal value) {
        return conditions.stream().allMatch(c -> c.holds(value));
    }

    /** {@code "< 5"}, {@code "between 100 and 120 (inclusive)"}, {@code "> 0 and < 10"}; with {@code " %"} for percent. */
    String describe(Unit unit) {
        String s = conditions.stream().map(Condition::describe).collect(Collectors.joining(" and "));
        return unit == Unit.PERCENT ? s + " %" : s;
    }

    /** What a check measures in: rows (the default) or a percentage of the rows. */
    enum Unit {
        ROWS, PERCENT;

        static Unit of(String text) {
            return text == null || text.equalsIgnoreCase("rows") ? ROWS
                    : text.equalsIgnoreCase("percent") ? PERCENT : null;
        }

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    static String text(BigDecimal v) {
        BigDecimal s = v.stripTrailingZeros();
        return s.scale() < 0 ? s.setScale(0).toPlainString() : s.toPlainString();
    }
}
