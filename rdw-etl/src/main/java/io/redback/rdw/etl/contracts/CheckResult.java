package io.redback.rdw.etl.contracts;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What one check of a contract found.
 *
 * @param id            the contract's {@code id} for the check, or rdw's ({@code rides.speed.required}) for one the
 *                      schema implies
 * @param name          what the check is called
 * @param object        the schema object (table) checked
 * @param property      the property (column), or null for an object-level check
 * @param metric        {@code nullValues}, {@code missingValues}, {@code invalidValues}, {@code duplicateValues},
 *                      {@code rowCount}, {@code sql}, {@code logicalType} or {@code schema} (the column is present)
 * @param result        passed, warning (failed, but its severity is info or warning), failed, or error
 * @param value         what was measured: rows, or a percentage of the rows; null when nothing could be measured
 * @param threshold     what it must be: {@code "= 0"}, {@code "< 5 %"}, {@code "between 1 and 3 (inclusive)"}
 * @param severity      the contract's severity ({@code error} when it gives none)
 * @param failedSamples for a failure, up to 5 offending rows with their key columns and the checked column
 * @param message       why a check failed or could not run, in words; empty when it passed
 */
public record CheckResult(String id, String name, String object, String property, String metric, Result result,
                          Number value, String threshold, String severity, List<Map<String, Object>> failedSamples,
                          String message) {
    /** The most sample rows a result carries. */
    public static final int MAX_SAMPLES = 5;

    public CheckResult {
        failedSamples = failedSamples == null ? List.of() : List.copyOf(failedSamples);
        message = message == null ? "" : message;
    }

    /** How a check came out. */
    public enum Result {
        PASSED, WARNING, FAILED, ERROR;

        /** Its name in reports: {@code passed}, {@code warning}, {@code failed}, {@code error}. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Whether this result stops a pipeline: a failure or an error of a check whose severity is error. */
    public boolean blocks() {
        return result == Result.FAILED || result == Result.ERROR;
    }
}
