package io.redback.rdw;

import io.redback.rdw.helpers.AtomicFiles;

import java.util.Objects;

/**
 * The rarer choices of {@link QueryResult#export(java.nio.file.Path, java.util.function.Consumer)}:
 * {@code result.export(Path.of("top.csv"), o -> o.overwrite())}.
 */
public final class ExportOptions {
    /** Rows a text or HTML table shows when none is given: tables are for reading, not for all of a large result. */
    public static final int DEFAULT_TABLE_ROWS = 1000;

    private ResultFormat format;
    private AtomicFiles.Existing existing = AtomicFiles.Existing.REFUSE;
    private int maxRows = DEFAULT_TABLE_ROWS;

    ExportOptions() {
    }

    /** The format, instead of the one the file's extension names. */
    public ExportOptions format(ResultFormat value) {
        this.format = Objects.requireNonNull(value);
        return this;
    }

    /** Replace the file if it exists (otherwise an existing file is never touched). */
    public ExportOptions overwrite() {
        this.existing = AtomicFiles.Existing.REPLACE;
        return this;
    }

    /** Rows a {@link ResultFormat#TEXT} or {@link ResultFormat#HTML} table shows (the others write every row). */
    public ExportOptions maxRows(int value) {
        if (value < 1) {
            throw new InvalidInputException("a table shows at least 1 row, not " + value);
        }
        this.maxRows = value;
        return this;
    }

    ResultFormat format() {
        return format;
    }

    AtomicFiles.Existing existing() {
        return existing;
    }

    int maxRows() {
        return maxRows;
    }
}
