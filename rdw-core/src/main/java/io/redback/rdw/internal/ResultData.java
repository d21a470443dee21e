package io.redback.rdw.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import io.redback.rdw.Column;
import io.redback.rdw.Row;
import io.redback.rdw.helpers.Json;
import io.redback.rdw.helpers.Values;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** A result's rows as data for other programs: CSV (Commons CSV) and the query proxy's JSON; every row, streamed. */
public final class ResultData {
    /** RFC 4180 quoting, with {@code \n} line ends as the warehouse's files have them; null is an empty field. */
    private static final CSVFormat CSV = CSVFormat.RFC4180.builder().setRecordSeparator('\n').get();

    private ResultData() {
    }

    /** Writes a header line and every row; returns the number of rows. */
    public static long csv(List<Column> columns, Iterator<Row> rows, Appendable out) throws IOException {
        CSVPrinter printer = new CSVPrinter(out, CSV);
        printer.printRecord(columns.stream().map(Column::name).toList());
        long n = 0;
        Object[] line = new Object[columns.size()];
        while (rows.hasNext()) {
            Row row = rows.next();
            for (int i = 0; i < line.length; i++) {
                line[i] = Values.text(row.get(i));
            }
            printer.printRecord(line);
            n++;
        }
        printer.flush();
        return n;
    }

    /**
     * Writes every row in the JSON shape of Dremio's job results, which the existing query proxy returns:
     * {@code {"schema":[{"name":..,"type":{"name":..}}],"rows":[{col: value}],"rowCount":n}}.
     */
    public static long json(List<Column> columns, Iterator<Row> rows, Writer out) throws IOException {
        long count = 0;
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
            while (rows.hasNext()) {
                Row row = rows.next();
                g.writeStartObject();
                for (int i = 0; i < columns.size(); i++) {
                    g.writeFieldName(columns.get(i).name());
                    value(g, row.get(i));
                }
                g.writeEndObject();
                count++;
            }
            g.writeEndArray();
            g.writeNumberField("rowCount", count);
            g.writeEndObject();
        }
        return count;
    }

    private static void value(JsonGenerator g, Object v) throws IOException {
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
        } else if (v instanceof List<?> || v instanceof Map<?, ?>) {
            Json.MAPPER.writeValue(g, v);
        } else {
            g.writeString(Values.text(v));
        }
    }
}
