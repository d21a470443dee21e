package io.redback.rdw;

import io.redback.rdw.helpers.JsonDocuments;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which documents to read, immutable: a filter in MongoDB's syntax, the fields to return, the sort order and a page.
 * Build it from JSON or fluently; every step returns a new query.
 *
 * <pre>{@code
 * DocumentQuery.where("{\"year\": {\"$gte\": 2024}, \"tags\": {\"$in\": [\"gps\"]}}").sort("-year", "title").limit(20)
 * DocumentQuery.all().eq("status", "done").gt("score", 10).fields("title", "score").skip(20).limit(10)
 * }</pre>
 *
 * Filters may use {@code $and} and {@code $or} to combine, and {@code $eq}, {@code $ne}, {@code $gt}, {@code $gte},
 * {@code $lt}, {@code $lte}, {@code $in}, {@code $nin} and {@code $exists} on a field (a dotted path reaches into
 * nested documents); a plain value means equality, and matches an array that contains it. Anything else, notably
 * {@code $where}, {@code $function}, {@code $expr} and {@code $accumulator}, is refused with an
 * {@link InvalidInputException} when the query is made. Without a sort, documents come in {@code _id} order, which
 * for the ids rdw makes is the order they were inserted in; sorted results are ordered by {@code _id} among equals.
 *
 * @param filter the filter ({@code {}} for every document)
 * @param fields the fields to return (and {@code _id}); empty for whole documents
 * @param sort   sort keys, each a field path, {@code -} in front for descending: {@code ["-year", "title"]}
 * @param skip   documents to skip (for paging)
 * @param limit  at most this many documents; 0 for no limit
 */
public record DocumentQuery(Map<String, Object> filter, List<String> fields, List<String> sort, int skip, int limit) {

    public DocumentQuery {
        filter = DocumentFilter.check(filter);
        fields = paths("fields", fields, false);
        sort = paths("sort", sort, true);
        if (skip < 0) {
            throw new InvalidInputException("skip must be 0 or more, not " + skip);
        }
        if (limit < 0) {
            throw new InvalidInputException("limit must be 0 (no limit) or more, not " + limit);
        }
    }

    /** Every document. */
    public static DocumentQuery all() {
        return new DocumentQuery(Map.of(), List.of(), List.of(), 0, 0);
    }

    /**
     * The documents that match a JSON filter, e.g. {@code {"title": "Rides", "year": {"$gte": 2024}}}.
     *
     * @throws InvalidInputException for text that is not a JSON object or an operator that is not allowed
     */
    public static DocumentQuery where(String filterJson) {
        Map<String, Object> parsed;
        try {
            parsed = JsonDocuments.document(filterJson == null || filterJson.isBlank() ? "{}" : filterJson);
        } catch (InvalidInputException e) {
            throw new InvalidInputException("filter: " + e.getMessage(), e);
        }
        return where(parsed);
    }

    /** The documents that match a filter given as a map (of plain JSON values). */
    public static DocumentQuery where(Map<String, ?> filter) {
        return new DocumentQuery(new LinkedHashMap<>(filter), List.of(), List.of(), 0, 0);
    }

    /** Also: {@code field} equals {@code value} (or is an array that contains it). */
    public DocumentQuery eq(String field, Object value) {
        return and(field, "$eq", value);
    }

    public DocumentQuery ne(String field, Object value) {
        return and(field, "$ne", value);
    }

    public DocumentQuery gt(String field, Object value) {
        return and(field, "$gt", value);
    }

    public DocumentQuery gte(String field, Object value) {
        return and(field, "$gte", value);
    }

    public DocumentQuery lt(String field, Object value) {
        return and(field, "$lt", value);
    }

    public DocumentQuery lte(String field, Object value) {
        return and(field, "$lte", value);
    }

    /** Also: {@code field} is one of the values. */
    public DocumentQuery in(String field, Object... values) {
        return and(field, "$in", Arrays.asList(values));
    }

    /** Also: {@code field} is none of the values. */
    public DocumentQuery nin(String field, Object... values) {
        return and(field, "$nin", Arrays.asList(values));
    }

    /** Also: the document has {@code field} (with any value, null included). */
    public DocumentQuery exists(String field) {
        return and(field, "$exists", true);
    }

    /** Also: the document has no {@code field}. */
    public DocumentQuery missing(String field) {
        return and(field, "$exists", false);
    }

    /** Only these fields (and {@code _id}). */
    public DocumentQuery fields(String... names) {
        return new DocumentQuery(filter, List.of(names), sort, skip, limit);
    }

    /** Sorted by these fields; {@code -} in front for descending: {@code sort("-year", "title")}. */
    public DocumentQuery sort(String... keys) {
        return new DocumentQuery(filter, fields, List.of(keys), skip, limit);
    }

    public DocumentQuery skip(int n) {
        return new DocumentQuery(filter, fields, sort, n, limit);
    }

    /** At most {@code n} documents; 0 for no limit. */
    public DocumentQuery limit(int n) {
        return new DocumentQuery(filter, fields, sort, skip, n);
    }

    /** The filter as JSON text. */
    public String filterJson() {
        return JsonDocuments.text(filter);
    }

    private DocumentQuery and(String field, String op, Object value) {
        JsonDocuments.path("filter", field);
        Map<String, Object> condition = new LinkedHashMap<>();
        condition.put(op, value);
        Map<String, Object> next = new LinkedHashMap<>(filter);
        Object existing = next.get(field);
        if (!next.containsKey(field)) {
            next.put(field, condition);
        } else if (existing instanceof Map<?, ?> ops && !ops.isEmpty()
                && ops.keySet().iterator().next().toString().startsWith("$") && !ops.containsKey(op)) {
            Map<String, Object> merged = new LinkedHashMap<>();
            ops.forEach((k, v) -> merged.put(k.toString(), v));
            merged.put(op, value);
            next.put(field, merged);
        } else {
            // the field has a condition already that this one cannot merge with: both must hold
            List<Object> all = new ArrayList<>();
            if (next.remove("$and") instanceof List<?> list) {
                all.addAll(list);
            }
            Map<String, Object> term = new LinkedHashMap<>();
            term.put(field, condition);
            all.add(term);
            next.put("$and", all);
        }
        return new DocumentQuery(next, fields, sort, skip, limit);
    }

    private static List<String> paths(String what, List<String> paths, boolean signed) {
        if (paths == null) {
            return List.of();
        }
        Set<String> seen = new HashSet<>();
        for (String p : paths) {
            String field = signed && p != null && (p.startsWith("-") || p.startsWith("+")) ? p.substring(1) : p;
            JsonDocuments.path(what, field);
            if (!seen.add(field)) {
                throw new InvalidInputException(what + " names " + field + " twice");
            }
        }
        return List.copyOf(paths);
    }

    @Override
    public String toString() {
        return "DocumentQuery" + filterJson() + (fields.isEmpty() ? "" : " fields " + fields)
                + (sort.isEmpty() ? "" : " sort " + sort) + (skip == 0 ? "" : " skip " + skip)
                + (limit == 0 ? "" : " limit " + limit);
    }
}
