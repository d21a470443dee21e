package io.redback.rdw.query.dremio;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeMilliVector;
import org.apache.arrow.vector.TimeStampMilliVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Dremio's JSON results pages as Arrow record batches, so that {@code ArrowBatches} works over REST as over Flight:
 * one batch per page, in the Arrow types Dremio's Flight endpoint sends (BIGINT as 64-bit integers, INTEGER as 32-bit,
 * TIMESTAMP and TIME to the millisecond, DATE in days, DECIMAL with its precision and scale). Only results whose
 * columns are all of these plain types have batches; LIST, STRUCT, MAP and types rdw does not know have rows only.
 */
final class RestBatches implements AutoCloseable {
    private final List<DremioValues.Field> fields;
    private final VectorSchemaRoot root;

    private RestBatches(List<DremioValues.Field> fields, Schema schema, BufferAllocator allocator) {
        this.fields = fields;
        this.root = VectorSchemaRoot.create(schema, allocator);
    }

    /** Batches for a result with these columns, or null when a column's type has no plain Arrow form. */
    static Schema schema(List<DremioValues.Field> fields) {
        List<Field> out = new ArrayList<>();
        for (DremioValues.Field f : fields) {
            ArrowType type = arrowType(f.type());
            if (type == null) {
                return null;
            }
            out.add(new Field(f.name(), FieldType.nullable(type), null));
        }
        return new Schema(out);
    }

    static RestBatches of(List<DremioValues.Field> fields, Schema schema, BufferAllocator allocator) {
        return new RestBatches(fields, schema, allocator);
    }

    private static ArrowType arrowType(DremioValues.Type t) {
        return switch (t.name()) {
            case "BIGINT" -> new ArrowType.Int(64, true);
            case "INTEGER", "SMALLINT", "TINYINT" -> new ArrowType.Int(32, true);
            case "DOUBLE" -> new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
            case "FLOAT" -> new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
            case "DECIMAL" -> t.scale() == null ? null
                    : new ArrowType.Decimal(t.precision() == null ? 38 : t.precision(), t.scale(), 128);
            case "BOOLEAN" -> ArrowType.Bool.INSTANCE;
            case "VARCHAR", "CHAR" -> ArrowType.Utf8.INSTANCE;
            case "DATE" -> new ArrowType.Date(DateUnit.DAY);
            case "TIME" -> new ArrowType.Time(TimeUnit.MILLISECOND, 32);
            case "TIMESTAMP" -> new ArrowType.Timestamp(TimeUnit.MILLISECOND, null);
            case "VARBINARY", "BINARY" -> ArrowType.Binary.INSTANCE;
            default -> null;
        };
    }

    /** The batch of one page's rows; its vectors are refilled by the next page. */
    VectorSchemaRoot fill(JsonNode rows, ValueError error) {
        root.allocateNew();
        for (int c = 0; c < fields.size(); c++) {
            DremioValues.Field f = fields.get(c);
            FieldVector vector = root.getVector(c);
            for (int r = 0; r < rows.size(); r++) {
                JsonNode v = rows.get(r).get(f.name());
                try {
                    set(vector, r, DremioValues.convert(v, f.type()));
                } catch (IllegalArgumentException | ArithmeticException | ClassCastException e) {
                    throw error.of(v, f, r, e);
                }
            }
            vector.setValueCount(rows.size());
        }
        root.setRowCount(rows.size());
        return root;
    }

    /** The exception for a value Dremio sent that its column's type cannot hold. */
    @FunctionalInterface
    interface ValueError {
        RuntimeException of(JsonNode value, DremioValues.Field field, int rowInPage, RuntimeException cause);
    }

    private static void set(FieldVector v, int row, Object value) {
        if (value == null) {
            v.setNull(row);
        } else if (v instanceof BigIntVector b) {
            b.setSafe(row, ((Number) value).longValue());
        } else if (v instanceof IntVector i) {
            i.setSafe(row, ((Number) value).intValue());
        } else if (v instanceof Float8Vector f) {
            f.setSafe(row, ((Number) value).doubleValue());
        } else if (v instanceof Float4Vector f) {
            f.setSafe(row, ((Number) value).floatValue());
        } else if (v instanceof DecimalVector d) {
            d.setSafe(row, ((BigDecimal) value).setScale(d.getScale(), RoundingMode.UNNECESSARY));
        } else if (v instanceof BitVector b) {
            b.setSafe(row, (Boolean) value ? 1 : 0);
        } else if (v instanceof VarCharVector s) {
            s.setSafe(row, ((String) value).getBytes(StandardCharsets.UTF_8));
        } else if (v instanceof DateDayVector d) {
            d.setSafe(row, (int) ((LocalDate) value).toEpochDay());
        } else if (v instanceof TimeMilliVector t) {
            t.setSafe(row, (int) (((LocalTime) value).toNanoOfDay() / 1_000_000L));
        } else if (v instanceof TimeStampMilliVector t) {
            t.setSafe(row, ((LocalDateTime) value).toInstant(ZoneOffset.UTC).toEpochMilli());
        } else {
            ((VarBinaryVector) v).setSafe(row, (byte[]) value);
        }
    }

    @Override
    public void close() {
        root.close();
    }
}
