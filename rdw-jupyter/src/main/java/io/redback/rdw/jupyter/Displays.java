package io.redback.rdw.jupyter;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.redback.rdw.Column;
import io.redback.rdw.Health;
import io.redback.rdw.ObjectInfo;
import io.redback.rdw.ProvenanceEvent;
import io.redback.rdw.QueryResult;
import io.redback.rdw.Row;
import io.redback.rdw.ScanReport;
import io.redback.rdw.helpers.Json;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** rdw's values as {@link Grid}s: what each column of a result, an event, an object or a check shows. */
final class Displays {
    private Displays() {
    }

    /**
     * The first {@code max} rows of a result, read from its cursor: at most {@code max + 1} rows are read (the extra
     * one only says there are more), then the result is closed, so a million-row result costs {@code max + 1} rows.
     */
    static Grid result(QueryResult result, int max) {
        List<Column> columns = result.columns();
        List<String> names = columns.stream().map(Column::name).toList();
        List<String> types = columns.stream().map(Column::type).toList();
        List<List<Object>> rows = new ArrayList<>();
        boolean more = false;
        try {
            Iterator<Row> it = result.iterator();
            while (it.hasNext()) {
                Row row = it.next();
                if (rows.size() == max) {
                    more = true;
                    break;
                }
                rows.add(row.values());
            }
        } catch (IllegalStateException alreadyRead) {
            return new Grid(names, types, List.of(), "this result was already read: run the query again to see its rows");
        } finally {
            result.close();
        }
        String note = more ? "first " + max + " rows shown; there are more" : count(rows.size(), "row");
        return new Grid(names, types, rows, note);
    }

    /** Rows in memory: their columns are those of the first row (rows carry names, not types). */
    static Grid rows(List<Row> rows, int max) {
        Row first = rows.get(0);
        List<String> names = new ArrayList<>(first.toMap().keySet());
        if (names.size() != first.values().size()) {
            // two columns of one name (SELECT 1 AS a, 2 AS a) share a map key: name them by position instead
            names = java.util.stream.IntStream.rangeClosed(1, first.values().size()).mapToObj(i -> "column " + i).toList();
        }
        return list(names, rows, max, "row", Row::values);
    }

    static Grid provenance(List<ProvenanceEvent> events, int max) {
        return list(List.of("time", "type", "user", "object", "size", "sha256"), events, max, "event", e -> Arrays.asList(
                time(e.timestamp()), e.eventType(), e.userId(), object(e), e.objectSize() == null ? null : size(e.objectSize()),
                shortHash(e.sha256())));
    }

    static Grid objects(List<ObjectInfo> objects, int max) {
        return list(List.of("key", "layer", "size", "modified", "sha256"), objects, max, "object", o -> Arrays.asList(
                o.key(), o.layer() == null ? null : o.layer().id(), size(o.size()),
                time(o.lastModified()), shortHash(o.sha256().orElse(null))));
    }

    static Grid scans(List<ScanReport> reports, int max) {
        return list(List.of("target", "outcome", "detail"), reports, max, "scan", r -> Arrays.asList(
                r.target(), new Grid.Styled(r.outcome().name(), switch (r.outcome()) {
                    case CLEAN -> "#2e7d32";
                    case INFECTED -> "#c62828";
                    case SKIPPED -> "#ef6c00";
                }), r.detail()));
    }

    /** The doctor table: one check a line, its status in colour. */
    static Grid health(List<Health> checks, int max) {
        Grid grid = list(List.of("component", "backend", "status", "latency", "message"), checks, max, "check",
                h -> Arrays.asList(h.component(), h.backend(), new Grid.Styled(h.status().name(), switch (h.status()) {
                    case UP -> "#2e7d32";
                    case DEGRADED -> "#ef6c00";
                    case DOWN -> "#c62828";
                    case UNKNOWN -> "#757575";
                }), h.latency().toMillis() + " ms", h.message()));
        long down = checks.stream().filter(h -> h.status() == Health.Status.DOWN).count();
        return new Grid(grid.headers(), null, grid.rows(), grid.note() + (down == 0 ? "; nothing is down" : "; " + down + " down"));
    }

    /** A page of documents: one column per top-level field (nested values as JSON), {@code _id} first. */
    static Grid documents(List<Map<String, Object>> documents, int max) {
        Set<String> fields = new LinkedHashSet<>();
        if (documents.stream().limit(max).anyMatch(d -> d.containsKey("_id"))) {
            fields.add("_id");
        }
        documents.stream().limit(max).forEach(d -> fields.addAll(d.keySet()));
        List<String> names = List.copyOf(fields);
        return list(names, documents, max, "document", d -> {
            List<Object> cells = new ArrayList<>();
            for (String f : names) {
                Object v = d.get(f);
                cells.add(v instanceof Map || v instanceof List ? json(v, false) : v);
            }
            return cells;
        });
    }

    /** The first {@code max} documents as indented JSON: the plain-text form of a page of documents. */
    static String documentsJson(List<Map<String, Object>> documents, int max) {
        String text = json(documents.subList(0, Math.min(max, documents.size())), true);
        return documents.size() > max ? text + "\n(first " + max + " of " + documents.size() + " documents shown)\n" : text + "\n";
    }

    /** A list as a grid: the first {@code max} items, and a note that counts them all. */
    static <T> Grid list(List<String> headers, List<T> items, int max, String noun, Function<T, List<Object>> cells) {
        List<List<Object>> rows = items.stream().limit(max).map(cells).toList();
        String note = items.size() > max ? "first " + max + " of " + items.size() + " " + noun + "s shown"
                : count(items.size(), noun);
        return new Grid(headers, null, rows, note);
    }

    static String count(long n, String noun) {
        return String.format("%,d", n) + " " + noun + (n == 1 ? "" : "s");
    }

    /** A size for people: {@code 512 B}, {@code 1.5 KiB}, {@code 3.2 MiB}. */
    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(java.util.Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    static String shortHash(String sha256) {
        return sha256 == null ? null : sha256.length() > 12 ? sha256.substring(0, 12) + "…" : sha256;
    }

    static String time(Instant t) {
        return t == null ? null : t.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** Where an event wrote: {@code layer:key} for objects, {@code collection/key} for documents. */
    static String object(ProvenanceEvent e) {
        return e.layer() != null ? e.layer().id() + ":" + e.objectKey()
                : e.bucketName() + "/" + e.objectKey();
    }

    static String json(Object value, boolean pretty) {
        try {
            return pretty ? Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(value)
                    : Json.MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            return String.valueOf(value);
        }
    }
}
