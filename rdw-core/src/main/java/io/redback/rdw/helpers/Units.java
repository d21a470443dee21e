package io.redback.rdw.helpers;

import io.redback.rdw.InvalidInputException;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one way rdw reads sizes and durations, in settings and on the command line alike: {@code 16MB}, {@code 5MiB},
 * {@code 1048576} (MB and MiB both mean 2^20 bytes); {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h}, {@code 7d}.
 */
public final class Units {
    private static final Pattern SIZE = Pattern.compile("(?i)(\\d+(?:\\.\\d+)?)\\s*(B|KB|MB|GB|TB|KIB|MIB|GIB|TIB)?");
    private static final Pattern DURATION = Pattern.compile("(?i)(\\d+)\\s*(ms|s|m|h|d)");

    private Units() {
    }

    /**
     * A size in bytes.
     *
     * @throws InvalidInputException naming the text and the expected form
     */
    public static long bytes(String text) {
        Matcher m = SIZE.matcher(text == null ? "" : text.strip());
        if (!m.matches()) {
            throw new InvalidInputException(Names.printable(text) + " is not a size: expected e.g. 16MB, 512KiB or 1048576");
        }
        String unit = m.group(2) == null ? "B" : m.group(2).toUpperCase(Locale.ROOT).replace("I", "");
        int shift = switch (unit) {
            case "KB" -> 10;
            case "MB" -> 20;
            case "GB" -> 30;
            case "TB" -> 40;
            default -> 0;
        };
        double value = Double.parseDouble(m.group(1)) * (1L << shift);
        if (value >= Long.MAX_VALUE || (shift == 0 && m.group(1).contains("."))) {
            throw new InvalidInputException(Names.printable(text) + " is not a size in whole bytes");
        }
        return (long) value;
    }

    /**
     * A duration.
     *
     * @throws InvalidInputException naming the text and the expected form
     */
    public static Duration duration(String text) {
        Matcher m = DURATION.matcher(text == null ? "" : text.strip());
        if (!m.matches()) {
            throw new InvalidInputException(Names.printable(text)
                    + " is not a duration: expected a number and a unit, e.g. 500ms, 30s, 2m, 1h or 7d");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }
}
