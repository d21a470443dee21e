package io.redback.rdw.query.dremio;

import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DateMilliVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeMicroVector;
import org.apache.arrow.vector.TimeMilliVector;
import org.apache.arrow.vector.TimeNanoVector;
import org.apache.arrow.vector.TimeSecVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.util.Text;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/** Arrow values as the plain Java values rdw promises, and Arrow types by their Dremio names. */
final class ArrowValues {
    private ArrowValues() {
    }

    /** Dremio's name of an Arrow column type. */
    static String typeName(Field field) {
        ArrowType t = field.getType();
        return switch (t.getTypeID()) {
            case Int -> ((ArrowType.Int) t).getBitWidth() == 64 ? "BIGINT" : "INTEGER";
            case FloatingPoint -> ((ArrowType.FloatingPoint) t).getPrecision()
                    == org.apache.arrow.vector.types.FloatingPointPrecision.DOUBLE ? "DOUBLE" : "FLOAT";
            case Utf8, LargeUtf8, Utf8View -> "VARCHAR";
            case Bool -> "BOOLEAN";
            case Decimal -> "DECIMAL";
            case Date -> "DATE";
            case Time -> "TIME";
            case Timestamp -> "TIMESTAMP";
            case Binary, LargeBinary, FixedSizeBinary, BinaryView -> "VARBINARY";
            case List, LargeList, FixedSizeList, ListView -> "LIST";
            case Struct -> "STRUCT";
            case Map -> "MAP";
            case Null -> "NULL";
            default -> t.getTypeID().name().toUpperCase(java.util.Locale.ROOT);
        };
    }

    /** The value at {@code row}: {@code Long}, {@code Double}, {@code String}, {@code LocalDateTime}, ... or null. */
    static Object get(FieldVector v, int row) {
        return reader(v).apply(row);
    }

    /**
     * A reader of one vector's values, chosen once per batch so that reading a value is a null check and a typed
     * get, not a chain of type tests.
     */
    static IntFunction<Object> reader(FieldVector v) {
        IntFunction<Object> value = valueReader(v);
        return row -> v.isNull(row) ? null : value.apply(row);
    }

    private static IntFunction<Object> valueReader(FieldVector v) {
        if (v instanceof BigIntVector b) {
            return b::get;
        }
        if (v instanceof IntVector i) {
            return i::get;
        }
        if (v instanceof SmallIntVector s) {
            return row -> (int) s.get(row);
        }
        if (v instanceof TinyIntVector t) {
            return row -> (int) t.get(row);
        }
        if (v instanceof Float8Vector f) {
            return f::get;
        }
        if (v instanceof Float4Vector f) {
            return f::get;
        }
        if (v instanceof BitVector b) {
            return row -> b.get(row) != 0;
        }
        if (v instanceof VarCharVector s) {
            return row -> new String(s.get(row), StandardCharsets.UTF_8);
        }
        if (v instanceof DateDayVector d) {
            return row -> LocalDate.ofEpochDay(d.get(row));
        }
        if (v instanceof DateMilliVector d) {
            return row -> LocalDate.ofEpochDay(Math.floorDiv(d.get(row), 86_400_000L));
        }
        if (v instanceof TimeStampVector ts) {
            TimeUnit unit = ((ArrowType.Timestamp) v.getField().getType()).getUnit();
            return row -> timestamp(ts.get(row), unit);
        }
        if (v instanceof TimeMilliVector t) {
            return row -> LocalTime.ofNanoOfDay(t.get(row) * 1_000_000L);
        }
        if (v instanceof TimeMicroVector t) {
            return row -> LocalTime.ofNanoOfDay(t.get(row) * 1_000L);
        }
        if (v instanceof TimeNanoVector t) {
            return row -> LocalTime.ofNanoOfDay(t.get(row));
        }
        if (v instanceof TimeSecVector t) {
            return row -> LocalTime.ofSecondOfDay(t.get(row));
        }
        if (v instanceof VarBinaryVector b) {
            return b::get;
        }
        return row -> plain(v.getObject(row));
    }

    /** Dremio has no zoned timestamp: an instant is shown as its UTC wall time. */
    private static Object timestamp(long value, TimeUnit unit) {
        Instant instant = switch (unit) {
            case SECOND -> Instant.ofEpochSecond(value);
            case MILLISECOND -> Instant.ofEpochMilli(value);
            case MICROSECOND -> Instant.ofEpochSecond(Math.floorDiv(value, 1_000_000L), Math.floorMod(value, 1_000_000L) * 1_000L);
            case NANOSECOND -> Instant.ofEpochSecond(Math.floorDiv(value, 1_000_000_000L), Math.floorMod(value, 1_000_000_000L));
        };
        return instant.atOffset(ZoneOffset.UTC).toLocalDateTime();
    }

    /** Nested values (lists, structs, maps) with Arrow's text type turned into strings. */
    private static Object plain(Object o) {
        if (o instanceof Text t) {
            return t.toString();
        }
        if (o instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            list.forEach(e -> out.add(plain(e)));
            return out;
        }
        if (o instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, e) -> out.put(String.valueOf(plain(k)), plain(e)));
            return out;
        }
        return o;
    }
}
