package io.redback.rdw.query.dremio;

import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DateMilliVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * A checksum of one column's values read straight from its Arrow vectors, that does not depend on how the rows were cut
 * into batches nor on the vector's width or unit (a 32- or 64-bit integer, a timestamp in milliseconds or
 * microseconds): the same values give the same checksum over Flight and over REST.
 */
final class ArrowChecksum {
    private static final long NULL = 0x9E3779B97F4A7C15L;

    private ArrowChecksum() {
    }

    /** {@code sum} with the first {@code rows} values of {@code v} added, in order. */
    static long add(long sum, FieldVector v, int rows) {
        for (int i = 0; i < rows; i++) {
            sum = sum * 31 + (v.isNull(i) ? NULL : value(v, i));
        }
        return sum;
    }

    private static long value(FieldVector v, int i) {
        if (v instanceof BaseIntVector n) {
            return n.getValueAsLong(i);
        }
        if (v instanceof Float8Vector f) {
            return Double.doubleToLongBits(f.get(i));
        }
        if (v instanceof Float4Vector f) {
            return Double.doubleToLongBits(f.get(i));
        }
        if (v instanceof BitVector b) {
            return b.get(i);
        }
        if (v instanceof VarCharVector || v instanceof VarBinaryVector) {
            return v.hashCode(i); // of the value's bytes
        }
        if (v instanceof TimeStampVector t) {
            long raw = t.get(i);
            return switch (((ArrowType.Timestamp) v.getField().getType()).getUnit()) {
                case SECOND -> raw * 1_000_000L;
                case MILLISECOND -> raw * 1_000L;
                case MICROSECOND -> raw;
                case NANOSECOND -> raw / 1_000L;
            };
        }
        if (v instanceof DateDayVector d) {
            return d.get(i);
        }
        if (v instanceof DateMilliVector d) {
            return Math.floorDiv(d.get(i), 86_400_000L);
        }
        if (v instanceof DecimalVector d) {
            return d.getObject(i).stripTrailingZeros().hashCode();
        }
        throw new IllegalArgumentException("no checksum for a column of " + v.getField().getType() + " (" + v.getName() + ")");
    }
}
