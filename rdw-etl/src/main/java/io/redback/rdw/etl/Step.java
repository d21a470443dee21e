package io.redback.rdw.etl;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One step of a {@link Pipeline}. Each step is a SQL transformation of the rows before it, so a pipeline runs on the
 * embedded engine locally and, unchanged, on Dremio for data that outgrows one machine.
 */
public sealed interface Step {

    /** A short name for messages and the specification hash. */
    String name();

    /**
     * The upload service's "Data Clean Up": drop entirely empty columns, standardise column names, drop rows with
     * fewer than two values, drop exact duplicates (first kept), add {@code extract_date} and {@code unique_id}.
     */
    record CleanUp() implements Step {
        @Override
        public String name() {
            return "clean_up";
        }
    }

    /**
     * The upload service's "Preprocessing for Machine Learning": every numeric column has its nulls filled with its
     * median, then is scaled to z-scores (sample standard deviation; a constant column is left unscaled).
     *
     * @param identifiers what happens to identifier-like numeric columns ({@code id}, {@code record_id},
     *                    {@code *_key}, ...): rdw keeps them as they are by default; the service scaled them
     */
    record MlPrep(Identifiers identifiers) implements Step {
        /** What ML prep does with identifier-like columns. */
        public enum Identifiers {
            /** Leave them as they are (the default). */
            KEEP,
            /** Fill and scale them like any other numeric column, as the upload service did. */
            SCALE
        }

        public MlPrep {
            Objects.requireNonNull(identifiers, "identifiers");
        }

        /** Identifier-like columns left alone. */
        public MlPrep() {
            this(Identifiers.KEEP);
        }

        @Override
        public String name() {
            return "ml_prep";
        }
    }

    /** Drops the named columns. */
    record DropColumns(List<String> columns) implements Step {
        public DropColumns {
            columns = List.copyOf(columns);
        }

        @Override
        public String name() {
            return "drop_columns";
        }
    }

    /**
     * Drops rows with nulls.
     *
     * @param subset the columns to look at (empty: all)
     * @param how    whether a null in any of them drops a row, or only nulls in all of them (pandas' {@code how})
     */
    record DropNa(List<String> subset, How how) implements Step {
        /** Which nulls drop a row. */
        public enum How {
            /** A null in any of the columns (the default). */
            ANY,
            /** Nulls in all of the columns. */
            ALL
        }

        public DropNa {
            subset = List.copyOf(subset);
            Objects.requireNonNull(how, "how");
        }

        /** Drops rows with a null in any of {@code subset} (empty: all columns). */
        public DropNa(List<String> subset) {
            this(subset, How.ANY);
        }

        @Override
        public String name() {
            return "dropna";
        }
    }

    /** Drops rows equal to an earlier one on {@code subset} (empty: all columns); the first is kept. */
    record DropDuplicates(List<String> subset) implements Step {
        public DropDuplicates {
            subset = List.copyOf(subset);
        }

        @Override
        public String name() {
            return "drop_duplicates";
        }
    }

    /** Renames columns, old name to new name. */
    record RenameColumns(Map<String, String> mapping) implements Step {
        public RenameColumns {
            mapping = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(mapping));
        }

        @Override
        public String name() {
            return "rename_columns";
        }
    }

    /**
     * Label encoding: each distinct value becomes its rank among the column's sorted distinct values (0, 1, ...), null
     * becomes -1, as pandas' category codes. The mapping is recorded.
     */
    record CategoricalEncoding(List<String> columns) implements Step {
        public CategoricalEncoding {
            columns = List.copyOf(columns);
        }

        @Override
        public String name() {
            return "categorical_encoding";
        }
    }

    /**
     * Fills nulls per column: {@code mean}, {@code median}, {@code mode}, or a literal value. The values used are
     * recorded.
     */
    record FillNa(Map<String, String> strategies) implements Step {
        public FillNa {
            strategies = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(strategies));
        }

        @Override
        public String name() {
            return "fillna";
        }
    }

    /** Standard scaling: (x - mean) / population standard deviation, as scikit-learn's StandardScaler. Recorded. */
    record Normalize(List<String> columns) implements Step {
        public Normalize {
            columns = List.copyOf(columns);
        }

        @Override
        public String name() {
            return "normalize";
        }
    }

    /**
     * Converts column types: {@code int}, {@code float}, {@code str}, {@code bool} or {@code datetime}. A value that
     * does not convert is reported with its count and examples; what happens then is {@code onBadValue}.
     */
    record ConvertTypes(Map<String, String> types, OnBadValue onBadValue) implements Step {
        /** What a value that does not convert does to the run. */
        public enum OnBadValue {
            /** The run fails and nothing is written (the default). */
            FAIL,
            /** It becomes null, and is still reported. */
            NULL
        }

        public ConvertTypes {
            types = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(types));
            Objects.requireNonNull(onBadValue, "onBadValue");
        }

        /** Fails on a value that does not convert. */
        public ConvertTypes(Map<String, String> types) {
            this(types, OnBadValue.FAIL);
        }

        @Override
        public String name() {
            return "dtype_conversion";
        }
    }
}
