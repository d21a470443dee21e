package io.redback.rdw.jupyter;

import io.redback.rdw.Column;
import io.redback.rdw.InvalidInputException;
import io.redback.rdw.QueryResult;
import io.redback.rdw.helpers.AtomicFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * A chart of a query result, drawn with XChart: a notebook shows it as a PNG (a kernel with {@link RdwDisplay}
 * registered), a script saves it as PNG or SVG.
 *
 * <pre>{@code
 * Chart.bar(dw.query("SELECT device_type, count(*) AS n FROM ... GROUP BY 1")).x("device_type").y("n").title("Rides");
 * Chart.histogram(dw.query("SELECT speed FROM ..."), "speed").bins(30).save(Path.of("speed.svg"));
 * }</pre>
 *
 * The result is read once, when the chart is first drawn, and at most {@link #maxPoints(int)} rows of it (100,000 by
 * default): a larger result is drawn from its first rows and the title says so. Without {@code x}, the first column is
 * the x axis; without {@code y}, the first numeric column after it.
 */
public final class Chart {
    public static final int DEFAULT_WIDTH = 800;
    public static final int DEFAULT_HEIGHT = 500;
    public static final int DEFAULT_BINS = 20;
    public static final int DEFAULT_MAX_POINTS = 100_000;

    private static final Logger LOG = LoggerFactory.getLogger(Chart.class);

    /** What kind of chart. */
    public enum Kind {
        /** One bar per row: x is a category (any type), y a number. */
        BAR,
        /** y against x (a number, a date or a timestamp), joined in x order. */
        LINE,
        /** y against x, both numbers, as points. */
        SCATTER,
        /** How many values of one numeric column fall in each of {@link #bins(int)} equal bins. */
        HISTOGRAM;

        /** {@code bar}, {@code line}, {@code scatter} or {@code histogram}, in any case. */
        public static Kind parse(String name) {
            for (Kind k : values()) {
                if (k.name().equalsIgnoreCase(name == null ? "" : name.strip())) {
                    return k;
                }
            }
            throw new InvalidInputException("unknown chart '" + name + "': use bar, line, scatter or histogram");
        }
    }

    private final Kind kind;
    private final QueryResult source;
    private final List<Column> columns;
    private String x;
    private String y;
    private String title;
    private int bins = DEFAULT_BINS;
    private int width = DEFAULT_WIDTH;
    private int height = DEFAULT_HEIGHT;
    private int maxPoints = DEFAULT_MAX_POINTS;
    private ChartData data;

    private Chart(Kind kind, QueryResult source) {
        this.kind = kind;
        this.source = source;
        this.columns = List.copyOf(source.columns());
    }

    public static Chart of(Kind kind, QueryResult result) {
        return new Chart(kind, result);
    }

    public static Chart bar(QueryResult result) {
        return of(Kind.BAR, result);
    }

    public static Chart line(QueryResult result) {
        return of(Kind.LINE, result);
    }

    public static Chart scatter(QueryResult result) {
        return of(Kind.SCATTER, result);
    }

    /** A histogram of one numeric column. */
    public static Chart histogram(QueryResult result, String column) {
        return of(Kind.HISTOGRAM, result).x(column);
    }

    /** The x column (for a histogram: the column counted). */
    public Chart x(String column) {
        Column c = ChartData.column(columns, column);
        boolean fits = switch (kind) {
            case BAR -> true;
            case LINE -> ChartData.numeric(c) || ChartData.temporal(c);
            case SCATTER, HISTOGRAM -> ChartData.numeric(c);
        };
        if (!fits) {
            throw new InvalidInputException("column '" + c.name() + "' is " + c.type() + ": a " + name() + "'s "
                    + (kind == Kind.HISTOGRAM ? "column" : "x") + " must be numeric"
                    + (kind == Kind.LINE ? " or a date or timestamp" : "") + "; the columns are "
                    + ChartData.describe(columns));
        }
        this.x = c.name();
        return this;
    }

    /** The y column: a number. */
    public Chart y(String column) {
        if (kind == Kind.HISTOGRAM) {
            throw new InvalidInputException("a histogram counts the values of one column: give it with x(column)");
        }
        Column c = ChartData.column(columns, column);
        if (!ChartData.numeric(c)) {
            throw new InvalidInputException("column '" + c.name() + "' is " + c.type() + ": a " + name()
                    + "'s y must be numeric; the columns are " + ChartData.describe(columns));
        }
        this.y = c.name();
        return this;
    }

    public Chart title(String text) {
        this.title = text;
        return this;
    }

    /** How many bins a histogram has (1 to 1000; 20 by default). */
    public Chart bins(int count) {
        if (count < 1 || count > 1000) {
            throw new InvalidInputException("bins must be from 1 to 1000, not " + count);
        }
        this.bins = count;
        return this;
    }

    /** The picture's size in pixels (800x500 by default). */
    public Chart size(int widthPixels, int heightPixels) {
        if (widthPixels < 100 || heightPixels < 100 || widthPixels > 10_000 || heightPixels > 10_000) {
            throw new InvalidInputException("a chart is 100 to 10000 pixels a side, not " + widthPixels + "x" + heightPixels);
        }
        this.width = widthPixels;
        this.height = heightPixels;
        return this;
    }

    /** How many rows at most are drawn (100,000 by default); set it before the chart is first drawn. */
    public Chart maxPoints(int count) {
        if (count < 1) {
            throw new InvalidInputException("maxPoints must be positive, not " + count);
        }
        this.maxPoints = count;
        return this;
    }

    public Kind kind() {
        return kind;
    }

    /** The chart as a PNG image. */
    public byte[] toPng() {
        ChartData d = data();
        return ChartPainter.png(spec(), d);
    }

    /** The chart as an SVG document. */
    public String toSvg() {
        ChartData d = data();
        return new String(ChartPainter.svg(spec(), d), StandardCharsets.UTF_8);
    }

    /**
     * Saves the chart in the format its extension names ({@code .png} or {@code .svg}). The file appears only when
     * complete; an existing file is refused.
     *
     * @return the file written
     * @throws io.redback.rdw.AlreadyExistsException if it exists
     */
    public Path save(Path file) {
        return save(file, AtomicFiles.Existing.REFUSE);
    }

    /** Saves the chart, replacing an existing file when {@code existing} is {@code REPLACE}. */
    public Path save(Path file, AtomicFiles.Existing existing) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!name.endsWith(".png") && !name.endsWith(".svg")) {
            throw new InvalidInputException("save a chart as .png or .svg, not " + file.getFileName());
        }
        return AtomicFiles.write(file, existing, partial -> {
            Files.write(partial, name.endsWith(".png") ? toPng() : toSvg().getBytes(StandardCharsets.UTF_8));
            return file;
        });
    }

    /** What the chart shows, in words (the plain-text form of a chart in a notebook). */
    @Override
    public String toString() {
        Spec s = spec();
        String what = kind == Kind.HISTOGRAM ? "histogram of " + s.x() + " (" + bins + " bins)"
                : name() + " chart of " + s.y() + " by " + s.x();
        return data == null ? what : what + ", " + Displays.count(data.rows().size(), "row")
                + (data.truncated() ? " (the first " + String.format("%,d", maxPoints) + "; there are more)" : "");
    }

    private String name() {
        return kind.name().toLowerCase(Locale.ROOT);
    }

    private ChartData data() {
        if (data == null) {
            data = ChartData.read(source, maxPoints);
            if (data.truncated()) {
                LOG.warn("{} drawn from the first {} rows of a larger result: aggregate or LIMIT the query to chart all "
                        + "of it", name(), maxPoints);
            }
        }
        return data;
    }

    /** What to draw, with the defaults filled in. */
    private Spec spec() {
        String xs = x != null ? x : defaultX();
        String ys = kind == Kind.HISTOGRAM ? null : y != null ? y : defaultY(xs);
        String t = title != null ? title : kind == Kind.HISTOGRAM ? "Histogram of " + xs : ys + " by " + xs;
        if (data != null && data.truncated()) {
            t += " (first " + String.format("%,d", maxPoints) + " rows)";
        }
        return new Spec(kind, xs, ys, t, bins, width, height);
    }

    private String defaultX() {
        if (kind == Kind.HISTOGRAM || kind == Kind.SCATTER) {
            return columns.stream().filter(ChartData::numeric).findFirst().map(Column::name).orElseThrow(() ->
                    new InvalidInputException("no numeric column to draw a " + name() + " of; the columns are "
                            + ChartData.describe(columns)));
        }
        if (columns.isEmpty()) {
            throw new InvalidInputException("this result has no columns to chart");
        }
        return columns.get(0).name();
    }

    private String defaultY(String xColumn) {
        return columns.stream().filter(c -> !c.name().equals(xColumn) && ChartData.numeric(c)).findFirst()
                .map(Column::name).orElseThrow(() -> new InvalidInputException("no numeric column for y besides '"
                        + xColumn + "'; the columns are " + ChartData.describe(columns)));
    }

    /** What a chart draws: the kind, its columns, title, bins and size. */
    record Spec(Kind kind, String x, String y, String title, int bins, int width, int height) {
    }
}
