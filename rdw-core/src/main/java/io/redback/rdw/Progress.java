package io.redback.rdw;

/**
 * How far a long operation is: the bytes of an upload, the documents of a load, a pipeline's percent. Given to a
 * {@link ProgressListener}.
 *
 * @param done  units done so far
 * @param total units in all, or -1 when unknown (a load does not know how many documents a file holds)
 * @param unit  what is counted
 */
public record Progress(long done, long total, Unit unit) {

    /** What a {@link Progress} counts. */
    public enum Unit { BYTES, DOCUMENTS, ROWS, PERCENT }

    /** {@code done / total} from 0 to 1, or -1 when the total is unknown. */
    public double fraction() {
        return total <= 0 ? (total == 0 ? 1 : -1) : Math.min(1.0, (double) done / total);
    }

    /** {@link #fraction()} as a percentage, or -1 when the total is unknown. */
    public double percent() {
        double f = fraction();
        return f < 0 ? -1 : f * 100;
    }

    @Override
    public String toString() {
        return total < 0 ? done + " " + unit.name().toLowerCase(java.util.Locale.ROOT)
                : String.format(java.util.Locale.ROOT, "%.1f%% (%d of %d %s)", percent(), done, total,
                unit.name().toLowerCase(java.util.Locale.ROOT));
    }
}
