package io.redback.rdw;

import io.redback.rdw.helpers.AtomicFiles;
import io.redback.rdw.internal.RecordMapper;
import io.redback.rdw.internal.ResultData;
import io.redback.rdw.internal.ResultText;
import io.redback.rdw.spi.RowCursor;
import io.redback.rdw.spi.SqlRuntime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The rows of a query, read lazily from the engine: iterate once (for-each, {@link #stream()}), map onto records
 * ({@link #as}), look at them ({@link #show()}, {@link #toText}, {@link #toHtml}) or export them, in any format, with
 * {@link #export}. Close it (try-with-resources) when you stop early; reading to the end closes it too.
 *
 * <pre>{@code
 * try (QueryResult r = warehouse.query("SELECT device, count(*) AS n FROM ... GROUP BY device")) {
 *     for (Row row : r) System.out.println(row.getString("device") + " " + row.getLong("n"));
 * }
 * dw.query("SELECT * FROM ...").export(Path.of("rides.parquet"));          // or .csv, .json, .html, .txt
 * }</pre>
 */
public final class QueryResult implements Iterable<Row>, AutoCloseable {
    private final RowCursor cursor;
    private final List<Column> columns;
    private final Supplier<SqlRuntime> runtime;
    private boolean iterated;
    private boolean closed;

    /** A result over an engine's cursor; it cannot export Parquet (a client's results can). */
    public QueryResult(RowCursor cursor) {
        this(cursor, () -> {
            throw new ConfigurationException("this result was not made by a client, so it has no SQL runtime to write "
                    + "Parquet with; run the query through WarehouseClient.query");
        });
    }

    QueryResult(RowCursor cursor, Supplier<SqlRuntime> runtime) {
        this.cursor = cursor;
        this.columns = List.copyOf(cursor.columns());
        this.runtime = runtime;
    }

    public List<Column> columns() {
        return columns;
    }

    /**
     * The engine's own view of the rows, for power users: {@code result.unwrap(ArrowBatches.class)} gives the Arrow
     * record batches of a Dremio query (over Flight SQL as they stream; over REST a page each, when every column has a
     * plain type). Empty when the engine offers no such view.
     */
    public <T> Optional<T> unwrap(Class<T> type) {
        return type.isInstance(cursor) ? Optional.of(type.cast(cursor)) : Optional.empty();
    }

    /** The rows; a result can be iterated once. */
    @Override
    public Iterator<Row> iterator() {
        if (iterated) {
            throw new IllegalStateException("a QueryResult can be read once; run the query again to read it again");
        }
        iterated = true;
        return new Iterator<>() {
            private Row next;

            @Override
            public boolean hasNext() {
                if (next == null && !closed) {
                    if (cursor.next()) {
                        Object[] values = new Object[columns.size()];
                        for (int i = 0; i < values.length; i++) {
                            values[i] = cursor.value(i);
                        }
                        next = new Row(columns, values);
                    } else {
                        close();
                    }
                }
                return next != null;
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                Row row = next;
                next = null;
                return row;
            }
        };
    }

    public Stream<Row> stream() {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(iterator(), Spliterator.ORDERED), false)
                .onClose(this::close);
    }

    /** All rows in memory. */
    public List<Row> toList() {
        List<Row> rows = new ArrayList<>();
        forEach(rows::add);
        return rows;
    }

    /**
     * The rows as Java records: each record component takes the column of the same name (case and underscores
     * ignored: {@code heart_rate_bpm} fills {@code heartRateBpm}).
     * <pre>{@code
     * record Ride(String deviceType, long rides) { }
     * List<Ride> rides = dw.query("SELECT device_type, count(*) AS rides FROM ... GROUP BY 1").as(Ride.class).toList();
     * }</pre>
     */
    public <R> Stream<R> as(Class<R> recordType) {
        RecordMapper<R> mapper = new RecordMapper<>(recordType, columns);
        return stream().map(mapper::map);
    }

    /** Prints the first 20 rows as a text table to standard output (for JShell and scripts). */
    public void show() {
        System.out.print(toText(20));
        System.out.flush();
    }

    /**
     * The first {@code maxRows} rows as a text table followed by a row count line. Reads at most
     * {@code maxRows + 1} rows and closes the result.
     */
    public String toText(int maxRows) {
        try {
            return ResultText.text(columns, iterator(), maxRows).text();
        } finally {
            close();
        }
    }

    /** The first {@code maxRows} rows as an HTML table (a notebook displays it); reads and closes the result. */
    public String toHtml(int maxRows) {
        try {
            return ResultText.html(columns, iterator(), maxRows).text();
        } finally {
            close();
        }
    }

    /**
     * Writes the rows to a file in the format its extension names ({@code .csv}, {@code .json}, {@code .html},
     * {@code .txt}, {@code .parquet}). The file appears only when complete; an existing file is refused.
     *
     * @return the number of rows written
     * @throws AlreadyExistsException if the file exists (see {@link ExportOptions#overwrite()})
     */
    public long export(Path file) {
        return export(file, o -> { });
    }

    /**
     * Writes the rows to a file, with options: {@code result.export(Path.of("out.data"), o -> o.format(ResultFormat.CSV).overwrite())}.
     * CSV, JSON and Parquet get every row; a text or HTML table the first {@link ExportOptions#maxRows(int)}. Closes
     * the result.
     *
     * @return the number of rows written
     */
    public long export(Path file, Consumer<ExportOptions> options) {
        ExportOptions o = new ExportOptions();
        options.accept(o);
        ResultFormat format = o.format() != null ? o.format() : ResultFormat.of(file);
        try {
            return AtomicFiles.write(file, o.existing(), partial -> {
                if (format == ResultFormat.PARQUET) {
                    return runtime.get().writeParquet(columns, iterator(), partial);
                }
                try (Writer w = Files.newBufferedWriter(partial, StandardCharsets.UTF_8)) {
                    return write(w, format, o.maxRows());
                }
            });
        } finally {
            close();
        }
    }

    /**
     * Writes the rows to a stream (a terminal, a servlet response) in a text format; Parquet needs a file. Closes the
     * result, not the stream.
     *
     * @return the number of rows written
     */
    public long export(Appendable out, ResultFormat format) {
        if (format == ResultFormat.PARQUET) {
            throw new InvalidInputException("Parquet is written to a file: use export(Path)");
        }
        try {
            return write(out, format, ExportOptions.DEFAULT_TABLE_ROWS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            close();
        }
    }

    private long write(Appendable out, ResultFormat format, int maxRows) throws IOException {
        return switch (format) {
            case CSV -> ResultData.csv(columns, iterator(), out);
            case JSON -> ResultData.json(columns, iterator(), out instanceof Writer w ? w : new AppendableWriter(out));
            case TEXT -> append(out, ResultText.text(columns, iterator(), maxRows));
            case HTML -> append(out, ResultText.html(columns, iterator(), maxRows));
            case PARQUET -> throw new IllegalStateException("Parquet goes to a file");
        };
    }

    private static long append(Appendable out, ResultText.Table table) throws IOException {
        out.append(table.text());
        return table.rows();
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            cursor.close();
        }
    }

    @Override
    public String toString() {
        return "QueryResult" + columns;
    }

    /** An Appendable seen as a Writer, for the JSON generator. */
    private static final class AppendableWriter extends Writer {
        private final Appendable out;

        AppendableWriter(Appendable out) {
            this.out = out;
        }

        @Override
        public void write(char[] cbuf, int off, int len) throws IOException {
            out.append(new String(cbuf, off, len));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
