package io.redback.rdw.helpers;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.Base64;

/** Text forms of result values, shared by the table, CSV and JSON renderings so they agree. */
public final class Values {
    /** {@code 2025-03-01 10:15:00} with a fraction only when there is one, as Dremio prints timestamps. */
    private static final DateTimeFormatter TIMESTAMP = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .toFormatter();
    private static final DateTimeFormatter TIME = new DateTimeFormatterBuilder()
            .appendPattern("HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .toFormatter();

    private Values() {
    }

    /** The text of a value; {@code null} stays {@code null}. */
    public static String text(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Double d) {
            return number(d);
        }
        if (value instanceof Float f) {
            return number(f.doubleValue());
        }
        if (value instanceof BigDecimal b) {
            return b.toPlainString();
        }
        if (value instanceof LocalDateTime t) {
            return TIMESTAMP.format(t);
        }
        if (value instanceof LocalTime t) {
            return TIME.format(t);
        }
        if (value instanceof byte[] bytes) {
            return Base64.getEncoder().encodeToString(bytes);
        }
        return value.toString();
    }

    /** A double without exponent notation, and without a trailing {@code .0} lost or added. */
    private static String number(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return Double.toString(d);
        }
        String plain = BigDecimal.valueOf(d).toPlainString();
        return plain.contains(".") ? plain : plain + ".0";
    }
}
