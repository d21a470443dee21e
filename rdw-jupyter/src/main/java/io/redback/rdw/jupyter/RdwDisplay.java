package io.redback.rdw.jupyter;

import io.redback.rdw.Health;
import io.redback.rdw.LineageTree;
import io.redback.rdw.ObjectInfo;
import io.redback.rdw.ProvenanceEvent;
import io.redback.rdw.QueryResult;
import io.redback.rdw.Row;
import io.redback.rdw.ScanReport;
import io.redback.rdw.etl.contracts.ContractReport;
import org.dflib.jjava.jupyter.kernel.display.RenderContext;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * How rdw's values look in a notebook: registers, on a Jupyter kernel's {@link Renderer}, an HTML display with a
 * plain-text fallback for query results, rows, provenance events, lineage trees, pages of documents, object
 * listings, scan reports, health checks and data contract reports, and a PNG (or SVG) display for {@link Chart}s.
 *
 * <pre>{@code
 * RdwDisplay.register(kernel.getRenderer());   // RdwExtension does this in any JJava kernel
 * }</pre>
 *
 * Results show their first {@value #DEFAULT_ROWS} rows; set the system property {@value #ROWS_PROPERTY} for more.
 */
public final class RdwDisplay {
    /** The system property that sets how many rows (or items) a display shows. */
    public static final String ROWS_PROPERTY = "rdw.display.rows";
    public static final int DEFAULT_ROWS = 50;

    private static final Logger LOG = LoggerFactory.getLogger(RdwDisplay.class);
    private static final MIMEType[] TABLE = {MIMEType.TEXT_HTML, MIMEType.TEXT_PLAIN};

    private RdwDisplay() {
    }

    /** Registers every rdw display on {@code renderer}. */
    public static void register(Renderer renderer) {
        renderer.createRegistration(QueryResult.class).preferring(MIMEType.TEXT_HTML).supporting(TABLE)
                .register((r, ctx) -> put(ctx, Displays.result(r, maxRows())));
        renderer.createRegistration(LineageTree.class).preferring(MIMEType.TEXT_HTML).supporting(TABLE)
                .register((t, ctx) -> {
                    ctx.renderIfRequested(MIMEType.TEXT_HTML, () -> LineageDisplay.html(t));
                    ctx.renderIfRequested(MIMEType.TEXT_PLAIN, () -> t.render());
                });
        renderer.createRegistration(ScanReport.class).preferring(MIMEType.TEXT_HTML).supporting(TABLE)
                .register((r, ctx) -> put(ctx, Displays.scans(List.of(r), 1)));
        // every check of a contract, passed in green and failed in red, a failure's rows inline
        renderer.createRegistration(ContractReport.class).preferring(MIMEType.TEXT_HTML).supporting(TABLE)
                .register((r, ctx) -> {
                    ctx.renderIfRequested(MIMEType.TEXT_HTML, r::toHtml);
                    ctx.renderIfRequested(MIMEType.TEXT_PLAIN, () -> r.toTable(false));
                });
        renderer.createRegistration(Health.class).preferring(MIMEType.TEXT_HTML).supporting(TABLE)
                .register((h, ctx) -> put(ctx, Displays.health(List.of(h), 1)));
        // a list is displayed by what it holds; a list of anything else keeps the kernel's own display
        renderer.createRegistration(List.class).preferring(MIMEType.TEXT_HTML).supporting(TABLE)
                .register((list, ctx) -> renderList(list, ctx));
        renderer.createRegistration(Chart.class).preferring(MIMEType.IMAGE_PNG)
                .supporting(MIMEType.IMAGE_PNG, MIMEType.IMAGE_SVG, MIMEType.TEXT_PLAIN)
                .register((chart, ctx) -> {
                    ctx.renderIfRequested(MIMEType.IMAGE_PNG, () -> Base64.getEncoder().encodeToString(chart.toPng()));
                    ctx.renderIfRequested(MIMEType.IMAGE_SVG, () -> chart.toSvg());
                    ctx.renderIfRequested(MIMEType.TEXT_PLAIN, () -> chart.toString());
                });
    }

    /** How many rows a display shows: {@value #ROWS_PROPERTY}, else {@value #DEFAULT_ROWS}. */
    public static int maxRows() {
        String value = System.getProperty(ROWS_PROPERTY);
        if (value == null || value.isBlank()) {
            return DEFAULT_ROWS;
        }
        try {
            int rows = Integer.parseInt(value.strip());
            if (rows > 0) {
                return rows;
            }
        } catch (NumberFormatException ignored) {
            // falls through to the warning
        }
        LOG.warn("{}={} is not a positive number of rows; showing {}", ROWS_PROPERTY, value, DEFAULT_ROWS);
        return DEFAULT_ROWS;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void renderList(List list, RenderContext ctx) {
        int max = maxRows();
        if (list.isEmpty()) {
            return;
        }
        if (all(list, Row.class::isInstance)) {
            put(ctx, Displays.rows(list, max));
        } else if (all(list, ProvenanceEvent.class::isInstance)) {
            put(ctx, Displays.provenance(list, max));
        } else if (all(list, ObjectInfo.class::isInstance)) {
            put(ctx, Displays.objects(list, max));
        } else if (all(list, ScanReport.class::isInstance)) {
            put(ctx, Displays.scans(list, max));
        } else if (all(list, Health.class::isInstance)) {
            put(ctx, Displays.health(list, max));
        } else if (all(list, RdwDisplay::isDocument)) {
            List<Map<String, Object>> documents = list;
            Grid grid = Displays.documents(documents, max);
            ctx.renderIfRequested(MIMEType.TEXT_HTML, () -> grid.html());
            ctx.renderIfRequested(MIMEType.TEXT_PLAIN, () -> Displays.documentsJson(documents, max));
        }
    }

    private static boolean all(List<?> list, Predicate<Object> test) {
        return list.stream().allMatch(test);
    }

    /** A JSON object as the documents API returns it: a map with string keys. */
    private static boolean isDocument(Object o) {
        return o instanceof Map<?, ?> m && m.keySet().stream().allMatch(String.class::isInstance);
    }

    private static void put(RenderContext ctx, Grid grid) {
        ctx.renderIfRequested(MIMEType.TEXT_HTML, () -> grid.html());
        ctx.renderIfRequested(MIMEType.TEXT_PLAIN, () -> grid.text());
    }
}
