package io.redback.rdw;

import com.fasterxml.jackson.core.JsonGenerator;
import io.redback.rdw.helpers.Json;
import io.redback.rdw.helpers.Values;
import io.redback.rdw.spi.RowCursor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The rows of a query, read lazily from the engine: iterate once (for-each, {@link #stream()}), or render with
 * {@link #show()}, {@link #writeCsv}, {@link #writeJson}. Close it (try-with-resources) when you stop early;
 * reading to the end closes it too.
 *
 * <pre>{@code
 * try (QueryResult r = warehouse.query("SELECT device, count(*) AS n FROM ... GROUP BY device")) {
 *     for (Row row : r) System.out.println(row.getString("device") + " " + row.getLong("n"));
 * }
 * }</pre>
 */
public final class QueryResult implements Iterable<Row>, AutoCloseable {
    private final RowCursor cursor;
    private final List<Column> columns;
    private boolean iterated;
    private boolean closed;

    private final java.util.function.Supplier<io.redback.rdw.spi.SqlRuntime> runtime;

    public QueryResult(RowCursor cursor) {
        this(cursor, () -> {
            throw new ConfigurationException("this result has no SQL runtime to write Parquet with");
        });
    }

    QueryResult(RowCursor cursor, java.util.function.Supplier<io.redback.rdw.spi.SqlRuntime> runtime) {
        this.cursor = cursor;
        this.columns = List.copyOf(cursor.columns());
        this.runtime = runtime;
    }

    public List<Column> columns() {
        return columns;
    }

    /**
     * The engine's own view of the rows, for power users: {@code result.unwrap(ArrowBatches.class)} gives the Arrow
     * record batches of a Flight SQL query. Empty when the engine offers no such view.
     */
    public <T> java.util.Optional<T> unwrap(Class<T> type) {
        return type.isInstance(cursor) ? java.util.Optional.of(type.cast(cursor)) : java.util.Optional.empty();
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
        io.redback.rdw.internal.RecordMapper<R> mapper = new io.redback.rdw.internal.RecordMapper<>(recordType, columns);
        return stream().map(mapper::map);
    }

    /** The first {@code maxRows} rows as an HTML table (a notebook displays it); reads and closes the result. */
    public String toHtml(int maxRows) {
        StringBuilder b = new StringBuilder("<table class=\"rdw-result\">\n<thead><tr>");
        for (Column c : columns) {
            b.append("<th title=\"").append(html(c.type())).append("\">").append(html(c.name())).append("</th>");
        }
        b.append("</tr></thead>\n<tbody>\n");
        int n = 0;
        boolean more = false;
        for (Row row : this) {
            if (n == maxRows) {
                more = true;
                break;
            }
            b.append("<tr>");
            for (int i = 0; i < columns.size(); i++) {
                String text = Values.text(row.get(i));
                b.append("<td>").append(text == null ? "<i>null</i>" : html(text)).append("</td>");
            }
            b.append("</tr>\n");
            n++;
        }
        close();
        b.append("</tbody>\n</table>\n<p>").append(more ? "first " + maxRows + " rows shown; there are more"
                : n + (n == 1 ? " row" : " rows")).append("</p>\n");
        return b.toString();
    }

    private static String html(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
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
        List<String[]> cells = new ArrayList<>();
        boolean more = false;
        Iterator<Row> it = iterator();
        while (it.hasNext()) {
            Row row = it.next();
            if (cells.size() == maxRows) {
                more = true;
                break;
            }
            String[] line = new String[columns.size()];
            for (int i = 0; i < line.length; i++) {
                String text = Values.text(row.get(i));
                line[i] = text == null ? "null" : text.replace("\n", "\\n").replace("\r", "\\r");
            }
            cells.add(line);
        }
        close();
        int[] width = new int[columns.size()];
        for (int i = 0; i < width.length; i++) {
            width[i] = columns.get(i).name().length();
            for (String[] line : cells) {
                width[i] = Math.max(width[i], line[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        StringBuilder rule = new StringBuilder();
        for (int i = 0; i < width.length; i++) {
            out.append(i == 0 ? "" : " | ").append(pad(columns.get(i).name(), width[i], false));
            rule.append(i == 0 ? "" : "-+-").append("-".repeat(width[i]));
        }
        strip(out).append('\n').append(rule).append('\n');
        for (String[] line : cells) {
            for (int i = 0; i < line.length; i++) {
                boolean numeric = isNumeric(columns.get(i).type());
                out.append(i == 0 ? "" : " | ").append(pad(line[i], width[i], numeric));
            }
            strip(out).append('\n');
        }
        out.append(more ? "(first " + maxRows + " rows shown; there are more)\n"
                : "(" + cells.size() + (cells.size() == 1 ? " row)\n" : " rows)\n"));
        return out.toString();
    }

    /** Writes all rows as CSV with a header line (RFC 4180 quoting, {@code \n} line ends, null as empty). */
    public void writeCsv(Appendable out) {
        try {
            for (int i = 0; i < columns.size(); i++) {
                out.append(i == 0 ? "" : ",").append(csv(columns.get(i).name()));
            }
            out.append('\n');
            for (Row row : this) {
                for (int i = 0; i < columns.size(); i++) {
                    String text = Values.text(row.get(i));
                    out.append(i == 0 ? "" : ",").append(text == null ? "" : csv(text));
                }
                out.append('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes all rows in the JSON shape of Dremio's job results, which the existing query proxy returns:
     * {@code {"schema":[{"name":..,"type":{"name":..}}],"rows":[{col: value}],"rowCount":n}}.
     */
    public void writeJson(Writer out) {
        try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(out)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.writeStartObject();
            g.writeArrayFieldStart("schema");
            for (Column c : columns) {
                g.writeStartObject();
                g.writeStringField("name", c.name());
                g.writeObjectFieldStart("type");
                g.writeStringField("name", c.type());
                g.writeEndObject();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("rows");
            long count = 0;
            for (Row row : this) {
                g.writeStartObject();
                for (int i = 0; i < columns.size(); i++) {
                    g.writeFieldName(columns.get(i).name());
                    writeJsonValue(g, row.get(i));
                }
                g.writeEndObject();
                count++;
            }
            g.writeEndArray();
            g.writeNumberField("rowCount", count);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeJsonValue(JsonGenerator g, Object v) throws IOException {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            g.writeNumber(((Number) v).longValue());
        } else if (v instanceof BigInteger b) {
            g.writeNumber(b);
        } else if (v instanceof BigDecimal b) {
            g.writeNumber(b);
        } else if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                g.writeString(Double.toString(d));
            } else {
                g.writeNumber(d);
            }
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (v instanceof List<?> || v instanceof java.util.Map<?, ?>) {
            Json.MAPPER.writeValue(g, v);
        } else {
            g.writeString(Values.text(v));
        }
    }

    private static boolean isNumeric(String type) {
        return switch (type) {
            case "BIGINT", "INTEGER", "SMALLINT", "TINYINT", "DOUBLE", "FLOAT", "DECIMAL" -> true;
            default -> false;
        };
    }

    /** Drops the padding at the end of the current line. */
    private static StringBuilder strip(StringBuilder b) {
        int end = b.length();
        while (end > 0 && b.charAt(end - 1) == ' ') {
            end--;
        }
        b.setLength(end);
        return b;
    }

    private static String pad(String text, int width, boolean right) {
        String fill = " ".repeat(Math.max(0, width - text.length()));
        return right ? fill + text : text + fill;
    }

    private static String csv(String text) {
        if (text.indexOf(',') < 0 && text.indexOf('"') < 0 && text.indexOf('\n') < 0 && text.indexOf('\r') < 0) {
            return text;
        }
        return '"' + text.replace("\"", "\"\"") + '"';
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
}
