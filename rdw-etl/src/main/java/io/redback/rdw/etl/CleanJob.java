package io.redback.rdw.etl;

import io.redback.rdw.BackendUnavailableException;
import io.redback.rdw.InvalidInputException;
import io.redback.rdw.RdwConfig;
import io.redback.rdw.query.embedded.DuckDb;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The upload service's "Data Clean Up", on the embedded SQL engine so it runs out of core and in parallel:
 * <ol>
 *   <li>drop columns whose values are all empty;</li>
 *   <li>standardise column names (trim, lower case, runs of non-alphanumerics to {@code _}, no leading or trailing
 *       {@code _});</li>
 *   <li>drop rows with fewer than 2 non-empty values;</li>
 *   <li>drop exact duplicate rows, keeping the first;</li>
 *   <li>add {@code extract_date} (today, UTC) and {@code unique_id} (0..n-1 in file order).</li>
 * </ol>
 * Empty means what pandas' {@code read_csv} takes for missing (an empty field, {@code NA}, {@code null}, ...), so
 * the same rows survive as in the service. Unlike the service, column types are inferred from every value and kept:
 * integers stay integers, booleans booleans, dates and timestamps become typed. A malformed file is refused with its
 * line number and nothing is written.
 */
final class CleanJob {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(CleanJob.class);
    /** pandas' default missing-value markers. */
    static final List<String> NA_VALUES = List.of("", "#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "-NaN",
            "-nan", "1.#IND", "1.#QNAN", "<NA>", "N/A", "NA", "NULL", "NaN", "None", "n/a", "nan", "null");
    /** Bumped whenever the output of a run on the same input would change; part of the spec hash. */
    static final String SPEC = "clean/v1: drop-empty-columns, standard-names, min-2-values, drop-duplicates, "
            + "extract_date, unique_id; na=pandas-default; types=bigint,double,boolean,date,timestamp,timestamptz";

    private static final String INTEGER = "[+-]?[0-9]+";
    private static final String DATE = "[0-9]{4}-[0-9]{2}-[0-9]{2}";
    private static final String LOCAL_TS = DATE + "[T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]{1,9})?)?";
    private static final String ZONED_TS = LOCAL_TS + "(Z|[+-][0-9]{2}(:?[0-9]{2})?)";

    /** Output formats, chosen by the output file's extension. */
    enum Format { PARQUET, CSV }

    private final RdwConfig config;
    private final LocalDate extractDate;

    CleanJob(RdwConfig config, LocalDate extractDate) {
        this.config = config;
        this.extractDate = extractDate;
    }

    static LocalDate today() {
        return LocalDate.now(ZoneOffset.UTC);
    }

    static Format formatOf(Path output) {
        String name = output.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".parquet")) {
            return Format.PARQUET;
        }
        if (name.endsWith(".csv")) {
            return Format.CSV;
        }
        throw new InvalidInputException("output " + output.getFileName()
                + ": the format comes from the extension: use .parquet or .csv");
    }

    /**
     * Cleans {@code input} (CSV) into {@code output}, which appears only when complete.
     *
     * @param label how to name the input in messages (a file name or an object reference)
     */
    CleanResult run(Path input, String label, Path output, Format format) {
        long started = System.nanoTime();
        CsvHeader header = CsvHeader.read(input, label);
        Path work = null;
        Path partial = null;
        try {
            work = Files.createTempDirectory("rdw-clean-");
            partial = output.resolveSibling("." + output.getFileName() + ".part");
            // an in-memory database: DuckDB moves its blocks to the work folder when they outgrow the memory limit
            try (Connection db = DuckDb.open(config, null, work, List.of());
                 Statement st = db.createStatement()) {
                int n = header.names().size();
                long t0 = System.nanoTime();
                load(st, input, label, n);
                long rowsIn = count(st, "SELECT count(*) FROM raw");
                LOG.info("{}: read {} rows in {} ms", label, rowsIn, (System.nanoTime() - t0) / 1_000_000);
                if (rowsIn == 0) {
                    throw new InvalidInputException(label + ": the file has a header but no data rows", label, 2, null);
                }
                long t1 = System.nanoTime();
                String[] types = inferTypes(st, n);
                LOG.info("{}: inferred types in {} ms", label, (System.nanoTime() - t1) / 1_000_000);
                List<String> names = standardNames(header.names());
                List<Integer> kept = new ArrayList<>();
                List<String> dropped = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    if (types[i] == null) {
                        dropped.add(header.names().get(i));
                    } else {
                        kept.add(i);
                    }
                }
                Map<String, String> columns = new LinkedHashMap<>();
                String select = cleanQuery(kept, names, types, columns);
                Files.deleteIfExists(partial);
                long t2 = System.nanoTime();
                long rowsOut = st.executeUpdate("COPY (" + select + ") TO " + DuckDb.quote(partial.toString())
                        + (format == Format.PARQUET ? " (FORMAT parquet, COMPRESSION zstd)" : " (FORMAT csv, HEADER true)"));
                LOG.info("{}: cleaned and wrote {} rows in {} ms", label, rowsOut, (System.nanoTime() - t2) / 1_000_000);
                Files.move(partial, output, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                return new CleanResult(label, output.toString(), rowsIn, rowsOut, columns, dropped,
                        Duration.ofNanos(System.nanoTime() - started), null, false);
            }
        } catch (SQLException e) {
            throw new BackendUnavailableException(label + ": the embedded SQL engine failed: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new BackendUnavailableException(label + ": cannot write " + output + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(partial);
            deleteTree(work);
        }
    }

    /** Reads every field as text into table {@code raw}, in file order; refuses the file if any line is malformed. */
    private static void load(Statement st, Path input, String label, int n) throws SQLException {
        StringBuilder columns = new StringBuilder("{");
        for (int i = 0; i < n; i++) {
            columns.append(i == 0 ? "" : ", ").append(DuckDb.quote("c" + i)).append(": 'VARCHAR'");
        }
        columns.append('}');
        StringBuilder na = new StringBuilder("[");
        for (String v : NA_VALUES) {
            na.append(na.length() > 1 ? ", " : "").append(DuckDb.quote(v));
        }
        na.append(']');
        st.execute("CREATE TABLE raw AS SELECT * FROM read_csv(" + DuckDb.quote(input.toString())
                + ", columns = " + columns + ", header = true, auto_detect = false, delim = ',', quote = '\"',"
                + " escape = '\"', nullstr = " + na + ", strict_mode = true, null_padding = false,"
                + " ignore_errors = true, store_rejects = true, rejects_table = 'rejects', rejects_scan = 'reject_scans',"
                + " max_line_size = 8388608, encoding = 'utf-8')");
        try (ResultSet r = st.executeQuery("SELECT line, error_type, column_name, error_message, "
                + "(SELECT count(*) FROM rejects) FROM rejects ORDER BY line LIMIT 1")) {
            if (r.next()) {
                long line = r.getLong(1);
                long more = r.getLong(5) - 1;
                throw new InvalidInputException(label + ": line " + line + ": " + explain(r.getString(2), n)
                        + (more > 0 ? " (and " + more + " more malformed line" + (more == 1 ? ")" : "s)") : "")
                        + "; nothing was written", label, line, null);
            }
        }
    }

    private static String explain(String errorType, int columns) {
        return switch (errorType) {
            case "MISSING COLUMNS" -> "fewer fields than the header's " + columns;
            case "TOO MANY COLUMNS" -> "more fields than the header's " + columns;
            case "UNQUOTED VALUE" -> "a quoted field is never closed, or text follows its closing quote";
            case "INVALID ENCODING" -> "the text is not valid UTF-8; save the file as UTF-8";
            case "LINE SIZE OVER MAXIMUM" -> "the line is longer than 8 MiB";
            default -> errorType.toLowerCase(Locale.ROOT);
        };
    }

    /**
     * The SQL type each column can take given all its values, or {@code null} for a column that is entirely empty.
     * One cheap scan over every column narrows the candidates; a second scan runs the exact (regular expression)
     * checks only on columns that could be numbers or dates.
     */
    private static String[] inferTypes(Statement st, int n) throws SQLException {
        long[][] first = new long[n][];
        StringBuilder q = new StringBuilder("SELECT ");
        for (int i = 0; i < n; i++) {
            String c = DuckDb.identifier("c" + i);
            q.append(i == 0 ? "" : ", ").append("count(").append(c).append("), count(TRY_CAST(").append(c)
                    .append(" AS DOUBLE)), count(*) FILTER (lower(").append(c)
                    .append(") IN ('true', 'false')), count(*) FILTER (").append(c).append(" LIKE '____-__-__%')");
        }
        try (ResultSet r = st.executeQuery(q.append(" FROM raw").toString())) {
            r.next();
            for (int i = 0; i < n; i++) {
                first[i] = new long[]{r.getLong(4 * i + 1), r.getLong(4 * i + 2), r.getLong(4 * i + 3), r.getLong(4 * i + 4)};
            }
        }
        String[] types = new String[n];
        List<String> checks = new ArrayList<>();
        List<Integer> checked = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long nonNull = first[i][0];
            String c = DuckDb.identifier("c" + i);
            if (nonNull == 0) {
                continue;
            } else if (first[i][1] == nonNull) {
                types[i] = "DOUBLE";
                checks.add(exact(c, INTEGER, "BIGINT"));
            } else if (first[i][2] == nonNull) {
                types[i] = "BOOLEAN";
                continue;
            } else if (first[i][3] == nonNull) {
                types[i] = "VARCHAR";
                checks.add(exact(c, DATE, "DATE") + ", " + exact(c, LOCAL_TS, "TIMESTAMP") + ", " + exact(c, ZONED_TS, "TIMESTAMPTZ"));
            } else {
                types[i] = "VARCHAR";
                continue;
            }
            checked.add(i);
        }
        if (checked.isEmpty()) {
            return types;
        }
        try (ResultSet r = st.executeQuery("SELECT " + String.join(", ", checks) + " FROM raw")) {
            r.next();
            int at = 1;
            for (int i : checked) {
                long nonNull = first[i][0];
                if (types[i].equals("DOUBLE")) {
                    if (r.getLong(at++) == nonNull) {
                        types[i] = "BIGINT";
                    }
                } else {
                    long date = r.getLong(at++);
                    long local = r.getLong(at++);
                    long zoned = r.getLong(at++);
                    types[i] = date == nonNull ? "DATE" : local == nonNull ? "TIMESTAMP" : zoned == nonNull ? "TIMESTAMPTZ" : "VARCHAR";
                }
            }
        }
        return types;
    }

    /** Counts values that match {@code pattern} exactly and convert to {@code type}. */
    private static String exact(String column, String pattern, String type) {
        return "count(*) FILTER (regexp_full_match(" + column + ", '" + pattern + "') AND TRY_CAST(" + column + " AS "
                + type + ") IS NOT NULL)";
    }

    /**
     * Typed columns, rows with at least two values, the first of each set of duplicates, in file order, with
     * extract_date and unique_id appended.
     */
    private String cleanQuery(List<Integer> kept, List<String> names, String[] types, Map<String, String> columns) {
        StringBuilder typed = new StringBuilder("SELECT rowid AS __rn");
        StringBuilder nonNull = new StringBuilder();
        StringBuilder out = new StringBuilder();
        for (int i : kept) {
            String raw = DuckDb.identifier("c" + i);
            String name = names.get(i);
            String cast = switch (types[i]) {
                case "BOOLEAN" -> "lower(" + raw + ") = 'true'";
                case "VARCHAR" -> raw;
                default -> "CAST(" + raw + " AS " + types[i] + ")";
            };
            typed.append(", CASE WHEN ").append(raw).append(" IS NULL THEN NULL ELSE ").append(cast).append(" END AS ")
                    .append(DuckDb.identifier(name));
            nonNull.append(nonNull.isEmpty() ? "" : " + ").append("(").append(raw).append(" IS NOT NULL)::INTEGER");
            if (!name.equals("extract_date") && !name.equals("unique_id")) {
                out.append(DuckDb.identifier(name)).append(", ");
                columns.put(name, types[i]);
            }
        }
        columns.put("extract_date", "DATE");
        columns.put("unique_id", "BIGINT");
        String filtered = typed + " FROM raw WHERE " + nonNull + " >= 2";
        // GROUP BY ALL groups on every typed column, so rows that are equal value for value collapse to the first
        String deduplicated = "SELECT min(__rn) AS __rn, * EXCLUDE (__rn) FROM (" + filtered + ") GROUP BY ALL";
        return "SELECT " + out + "DATE " + DuckDb.quote(extractDate.toString()) + " AS extract_date, "
                + "row_number() OVER (ORDER BY __rn) - 1 AS unique_id FROM (" + deduplicated + ") ORDER BY __rn";
    }

    /**
     * The service's column names: trim, lower case, runs of characters other than ASCII letters and digits become
     * {@code _}, leading and trailing {@code _} removed. As in pandas, an empty header becomes {@code Unnamed: i}
     * and a repeated one {@code name.1}; where standardising makes two names equal, the later ones get
     * {@code _2}, {@code _3}, ... so every column stays addressable.
     */
    static List<String> standardNames(List<String> header) {
        List<String> out = new ArrayList<>();
        Set<String> seenRaw = new HashSet<>();
        Set<String> taken = new HashSet<>();
        for (int i = 0; i < header.size(); i++) {
            String raw = header.get(i).isEmpty() ? "Unnamed: " + i : header.get(i);
            String base = raw;
            for (int k = 1; !seenRaw.add(raw); k++) {
                raw = base + "." + k;
            }
            String name = raw.strip().toLowerCase(Locale.ROOT).replaceAll("[^0-9a-z]+", "_").replaceAll("^_+|_+$", "");
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

    private static long count(Statement st, String sql) throws SQLException {
        try (ResultSet r = st.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    private static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // a hidden .part file; the next run replaces it
            }
        }
    }

    /** Removes a temporary folder and everything in it, as far as it can. */
    static void deleteTree(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(CleanJob::deleteQuietly);
        } catch (IOException ignored) {
            // temporary folder; the OS cleans it eventually
        }
    }
}
