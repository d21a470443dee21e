package io.redback.rdw.spi;

import io.redback.rdw.ProgressListener;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One job's private work database in a {@link SqlRuntime}: load files into tables, run statements, read small
 * results, write a query's rows to a file. Its data spills to disk past the runtime's memory limit (into
 * {@link #workDir()}, or a folder of the runtime's own), so inputs larger than memory fit. Not thread-safe: one job, one thread.
 *
 * <p>Errors are rdw's own and start with the workspace's name (the input file, usually): a malformed file or a value
 * that does not fit is {@link io.redback.rdw.InvalidInputException} (with the file and line where known), a statement
 * that runs out of memory {@link SqlMemoryLimitException}, an engine that fails
 * {@link io.redback.rdw.BackendUnavailableException}. A failed call leaves the workspace usable.
 *
 * <p>Checked through its runtime by {@code io.redback.rdw.tck.SqlRuntimeContract} from rdw-tck.
 */
public interface SqlWorkspace extends AutoCloseable {

    /** The text values a {@link #load} reads as null: pandas' default missing-value markers. */
    List<String> NULL_MARKERS = List.of("", "#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "-NaN", "-nan",
            "1.#IND", "1.#QNAN", "<NA>", "N/A", "NA", "NULL", "NaN", "None", "n/a", "nan", "null");

    /**
     * Loads a file into the new table {@code table}, in file order, with a type for every column. Delimited text is
     * read with its header's names, values in {@link #NULL_MARKERS} as null, types taken from a sample and verified
     * over every row (a value that does not fit widens its column: integer, then floating point, then text); JSON is
     * read as records; Parquet keeps its types. A malformed file (a ragged row, an unclosed quote, text that is not
     * UTF-8, a header without rows) is refused with its first bad line, and no table is left.
     *
     * @param label the file's name for messages, e.g. {@code rides.csv} or {@code bronze:project1/rides.csv}
     * @throws io.redback.rdw.InvalidInputException if the file is malformed or empty
     */
    LoadedTable load(String table, Path file, FileFormat format, String label);

    /** Runs a statement that returns no rows: creates a table or view of this job, say. */
    void execute(String sql);

    /** Runs a query whose result is small (statistics, counts, examples) and returns its rows in memory. */
    SqlResult query(String sql);

    /**
     * Writes the rows of {@code query} to {@code target} in {@code format}, streaming (out of core), as
     * {@code COPY ... TO} does. The file appears only when complete, replacing one already there; a failed copy
     * leaves nothing behind.
     *
     * @return the number of rows written
     * @throws IllegalArgumentException if the format cannot be written ({@link FileFormat#writable()})
     */
    long copy(String query, Path target, FileFormat format);

    /**
     * Tells {@code listener} how far each operation of this workspace ({@link #load}, {@link #execute},
     * {@link #query}, {@link #copy}) is while it runs, as a {@link io.redback.rdw.Progress.Unit#PERCENT PERCENT} of
     * 100: from time to time, never going back within one operation, and 100 when it has completed. It may be called
     * from another thread than the operation's; keep it quick. Replaces an earlier listener.
     */
    void progress(ProgressListener listener);

    /** How this workspace's engine spells literals, identifiers and the few functions standard SQL leaves open. */
    SqlDialect dialect();

    /** The job's work folder, given to {@link SqlRuntime#workspace}; the runtime may spill there or into its own. */
    Path workDir();

    /**
     * Where this workspace's time went so far, for a profile: what {@link #load} did step by step (the names start
     * with {@code "read: "}) and each {@link #copy} ({@code "write"}), in the order they first ran; a step that ran
     * again adds up. Empty when the runtime does not tell.
     */
    default Map<String, Duration> timings() {
        return Map.of();
    }

    /** Drops the work database. The files written by {@link #copy} stay. */
    @Override
    void close();
}
