package io.redback.rdw.jupyter;

import io.redback.rdw.InvalidInputException;
import io.redback.rdw.helpers.Values;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.Histogram;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.TimeZone;

/** Draws a {@link io.redback.rdw.jupyter.Chart.Spec} over its rows with XChart, as PNG or SVG. */
final class ChartPainter {
    static {
        // a kernel or a command has no screen: AWT must not look for one (set before AWT first loads)
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private ChartPainter() {
    }

    static byte[] png(io.redback.rdw.jupyter.Chart.Spec spec, ChartData data) {
        try {
            return BitmapEncoder.getBitmapBytes(draw(spec, data), BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot draw the chart as PNG: " + e.getMessage(), e);
        }
    }

    static byte[] svg(io.redback.rdw.jupyter.Chart.Spec spec, ChartData data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            VectorGraphicsEncoder.saveVectorGraphic(draw(spec, data), out, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot draw the chart as SVG: " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    private static Chart<?, ?> draw(io.redback.rdw.jupyter.Chart.Spec spec, ChartData data) {
        Chart<?, ?> chart = switch (spec.kind()) {
            case BAR -> bar(spec, data);
            case LINE, SCATTER -> xy(spec, data);
            case HISTOGRAM -> histogram(spec, data);
        };
        chart.setTitle(spec.title());
        chart.getStyler().setLegendVisible(false);
        return chart;
    }

    private static CategoryChart bar(io.redback.rdw.jupyter.Chart.Spec spec, ChartData data) {
        int xi = ChartData.indexOf(data.columns(), spec.x());
        int yi = ChartData.indexOf(data.columns(), spec.y());
        List<String> xs = new ArrayList<>();
        List<Number> ys = new ArrayList<>();
        for (Object[] row : data.rows()) {
            if (row[yi] instanceof Number n) {
                xs.add(row[xi] == null ? "null" : Values.text(row[xi]));
                ys.add(n.doubleValue());
            }
        }
        requirePoints(xs.size(), spec);
        CategoryChart chart = new CategoryChart(spec.width(), spec.height());
        chart.setXAxisTitle(spec.x());
        chart.setYAxisTitle(spec.y());
        if (xs.size() > 12) {
            chart.getStyler().setXAxisLabelRotation(45);
        }
        chart.addSeries(spec.y(), xs, ys);
        return chart;
    }

    private static XYChart xy(io.redback.rdw.jupyter.Chart.Spec spec, ChartData data) {
        int xi = ChartData.indexOf(data.columns(), spec.x());
        int yi = ChartData.indexOf(data.columns(), spec.y());
        List<Object[]> points = new ArrayList<>();
        for (Object[] row : data.rows()) {
            Object xv = xValue(row[xi]);
            if (xv != null && row[yi] instanceof Number n) {
                points.add(new Object[] {xv, n.doubleValue()});
            }
        }
        requirePoints(points.size(), spec);
        if (spec.kind() == io.redback.rdw.jupyter.Chart.Kind.LINE) {
            // a line joins its points in x order, whatever order the query gave them in
            points.sort(Comparator.comparingDouble(p -> p[0] instanceof Date d ? d.getTime() : ((Number) p[0]).doubleValue()));
        }
        XYChart chart = new XYChart(spec.width(), spec.height());
        chart.setXAxisTitle(spec.x());
        chart.setYAxisTitle(spec.y());
        XYSeries.XYSeriesRenderStyle style = spec.kind() == io.redback.rdw.jupyter.Chart.Kind.LINE
                ? XYSeries.XYSeriesRenderStyle.Line : XYSeries.XYSeriesRenderStyle.Scatter;
        chart.getStyler().setDefaultSeriesRenderStyle(style);
        chart.getStyler().setTimezone(TimeZone.getTimeZone(ZoneOffset.UTC));
        chart.getStyler().setMarkerSize(spec.kind() == io.redback.rdw.jupyter.Chart.Kind.LINE && points.size() > 50 ? 0 : 5);
        List<Object> xs = points.stream().map(p -> p[0]).toList();
        List<Number> ys = points.stream().map(p -> (Number) p[1]).toList();
        chart.addSeries(spec.y(), xs, ys);
        return chart;
    }

    private static CategoryChart histogram(io.redback.rdw.jupyter.Chart.Spec spec, ChartData data) {
        int xi = ChartData.indexOf(data.columns(), spec.x());
        List<Double> values = new ArrayList<>();
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (Object[] row : data.rows()) {
            if (row[xi] instanceof Number n && Double.isFinite(n.doubleValue())) {
                double v = n.doubleValue();
                values.add(v);
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        requirePoints(values.size(), spec);
        if (min == max) {
            // one distinct value: a bin of width one around it, rather than bins of width zero
            min -= 0.5;
            max += 0.5;
        }
        Histogram h = new Histogram(values, spec.bins(), min, max);
        CategoryChart chart = new CategoryChart(spec.width(), spec.height());
        chart.setXAxisTitle(spec.x());
        chart.setYAxisTitle("count");
        Styler styler = chart.getStyler();
        styler.setDecimalPattern("#,##0.###");
        chart.getStyler().setAvailableSpaceFill(0.96);
        if (spec.bins() > 12) {
            chart.getStyler().setXAxisLabelRotation(45);
        }
        chart.addSeries("count", h.getxAxisData(), h.getyAxisData());
        return chart;
    }

    /** An x value XChart can place: a number, or a date for dates and timestamps (read as UTC). */
    private static Object xValue(Object v) {
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        if (v instanceof LocalDate d) {
            return Date.from(d.atStartOfDay(ZoneOffset.UTC).toInstant());
        }
        if (v instanceof LocalDateTime t) {
            return Date.from(t.toInstant(ZoneOffset.UTC));
        }
        if (v instanceof Instant i) {
            return Date.from(i);
        }
        if (v instanceof OffsetDateTime t) {
            return Date.from(t.toInstant());
        }
        if (v instanceof ZonedDateTime t) {
            return Date.from(t.toInstant());
        }
        return v instanceof Date d ? d : null;
    }

    private static void requirePoints(int count, io.redback.rdw.jupyter.Chart.Spec spec) {
        if (count == 0) {
            throw new InvalidInputException("nothing to chart: no row has a value in "
                    + (spec.y() == null ? "'" + spec.x() + "'" : "both '" + spec.x() + "' and '" + spec.y() + "'"));
        }
    }
}
