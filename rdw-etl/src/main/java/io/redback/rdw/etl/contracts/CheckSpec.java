package io.redback.rdw.etl.contracts;

import java.util.List;

/**
 * One check a contract asks for, written out by {@link ContractReader}: a library metric or SQL query from the
 * contract's {@code quality} lists, or a check its schema implies ({@code required}, {@code unique},
 * {@code primaryKey}, {@code logicalType}, {@code logicalTypeOptions}, every declared property present).
 *
 * @param id         the contract's own {@code id} for the check, or one rdw makes ({@code rides.speed.required})
 * @param name       what the report calls it
 * @param property   the property (column) checked; null for an object-level check
 * @param columns    the columns of an object-level duplicate check (a composite key)
 * @param comparison what the measured value must be
 * @param severity   {@code error} blocks; {@code warning} and {@code info} report only
 * @param path       where the check is in the contract, for messages: {@code $.schema[0].properties[2].quality[0]}
 */
record CheckSpec(String id, String name, String object, String property, Kind kind, List<String> columns,
                 Comparison comparison, Comparison.Unit unit, String severity, Arguments args, String query,
                 String path) {

    CheckSpec {
        columns = columns == null ? List.of() : List.copyOf(columns);
    }

    /** What is measured. */
    enum Kind {
        PRESENT("schema"), LOGICAL_TYPE("logicalType"), NULL_VALUES("nullValues"), MISSING_VALUES("missingValues"),
        INVALID_VALUES("invalidValues"), DUPLICATE_VALUES("duplicateValues"), ROW_COUNT("rowCount"), SQL("sql");

        final String metric;

        Kind(String metric) {
            this.metric = metric;
        }
    }

    /**
     * A metric's arguments and a property's {@code logicalTypeOptions}: what counts as missing or valid, and the
     * limits of a value. Null where not given.
     */
    record Arguments(List<Object> missingValues, List<Object> validValues, String pattern, String minimum,
                     String maximum, String exclusiveMinimum, String exclusiveMaximum, Integer minLength,
                     Integer maxLength, String logicalType) {
        static final Arguments NONE = new Arguments(null, null, null, null, null, null, null, null, null, null);

        Arguments {
            missingValues = missingValues == null ? null : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(missingValues));
            validValues = validValues == null ? null : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(validValues));
        }
    }

    String metric() {
        return kind.metric;
    }

    /** Whether a failure stops a pipeline: only {@code error} (the default) does. */
    boolean blocking() {
        return !("warning".equalsIgnoreCase(severity) || "warn".equalsIgnoreCase(severity)
                || "info".equalsIgnoreCase(severity));
    }
}
