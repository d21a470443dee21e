package io.redback.rdw;

import io.redback.rdw.helpers.JsonDocuments;
import io.redback.rdw.helpers.Names;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The operator allow-list of {@link DocumentQuery}: filters may combine with {@code $and} and {@code $or} and compare
 * a field with a short list of operators, and use nothing that runs code ({@code $where}, {@code $function},
 * {@code $expr}, {@code $accumulator}) or that rdw does not know. Stores may rely on a query's filter having passed.
 */
final class DocumentFilter {
    private static final Set<String> LOGICAL = Set.of("$and", "$or");
    private static final Set<String> COMPARISONS = Set.of("$eq", "$ne", "$gt", "$gte", "$lt", "$lte", "$in", "$nin",
            "$exists");
    private static final String ALLOWED = "$and and $or to combine filters; $eq, $ne, $gt, $gte, $lt, $lte, $in, $nin"
            + " and $exists on a field";

    private DocumentFilter() {
    }

    /**
     * Checks a filter and returns a deep, unmodifiable copy of it.
     *
     * @throws InvalidInputException naming the operator or field that is not allowed
     */
    static Map<String, Object> check(Map<String, ?> filter) {
        if (filter == null) {
            return Map.of();
        }
        return filter(filter, 1);
    }

    private static Map<String, Object> filter(Map<String, ?> filter, int depth) {
        depth(depth);
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, ?> e : filter.entrySet()) {
            String key = e.getKey();
            Object value = e.getValue();
            if (key.startsWith("$")) {
                if (!LOGICAL.contains(key)) {
                    throw refused(key);
                }
                if (!(value instanceof List<?> list) || list.isEmpty()) {
                    throw new InvalidInputException(key + " needs a non-empty array of filters");
                }
                List<Object> parts = new ArrayList<>();
                for (Object part : list) {
                    if (!(part instanceof Map<?, ?> m)) {
                        throw new InvalidInputException(key + " needs an array of filters (JSON objects), found " + part);
                    }
                    parts.add(filter(stringKeys(m), depth + 1));
                }
                out.put(key, Collections.unmodifiableList(parts));
            } else {
                JsonDocuments.path("filter", key);
                out.put(key, condition(key, value, depth + 1));
            }
        }
        return Collections.unmodifiableMap(out);
    }

    private static Object condition(String field, Object value, int depth) {
        if (!(value instanceof Map<?, ?> map) || map.keySet().stream().noneMatch(k -> String.valueOf(k).startsWith("$"))) {
            return literal(field, value, depth);
        }
        Map<String, Object> ops = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String op = String.valueOf(e.getKey());
            if (!op.startsWith("$")) {
                throw new InvalidInputException("filter on " + field + " mixes operators with the field "
                        + Names.printable(op) + "; use only operators ({\"$gt\": 1}) or only a document to match");
            }
            if (!COMPARISONS.contains(op)) {
                throw refused(op);
            }
            Object operand = e.getValue();
            switch (op) {
                case "$in", "$nin" -> {
                    if (!(operand instanceof List<?> list)) {
                        throw new InvalidInputException(op + " on " + field + " needs an array of values");
                    }
                    List<Object> values = new ArrayList<>();
                    for (Object v : list) {
                        values.add(literal(field, v, depth + 1));
                    }
                    ops.put(op, Collections.unmodifiableList(values));
                }
                case "$exists" -> {
                    if (!(operand instanceof Boolean)) {
                        throw new InvalidInputException("$exists on " + field + " needs true or false");
                    }
                    ops.put(op, operand);
                }
                default -> ops.put(op, literal(field, operand, depth + 1));
            }
        }
        return Collections.unmodifiableMap(ops);
    }

    /** A value to compare with: any JSON value, but an embedded document must not hide operators. */
    private static Object literal(String field, Object value, int depth) {
        depth(depth);
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                String name = String.valueOf(e.getKey());
                if (name.startsWith("$")) {
                    throw refused(name);
                }
                JsonDocuments.fieldName(name, field);
                out.put(name, literal(field + "." + name, e.getValue(), depth + 1));
            }
            return Collections.unmodifiableMap(out);
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            for (Object v : list) {
                out.add(literal(field, v, depth + 1));
            }
            return Collections.unmodifiableList(out);
        }
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Number) {
            return value;
        }
        return literal(field, JsonDocuments.value(value), depth);
    }

    private static void depth(int depth) {
        if (depth > JsonDocuments.MAX_DEPTH) {
            throw new InvalidInputException("filter nests deeper than " + JsonDocuments.MAX_DEPTH + " levels");
        }
    }

    private static InvalidInputException refused(String op) {
        return new InvalidInputException("operator " + Names.printable(op) + " is not allowed in a filter; rdw allows "
                + ALLOWED);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, ?> stringKeys(Map<?, ?> m) {
        for (Object k : m.keySet()) {
            if (!(k instanceof String)) {
                throw new InvalidInputException("filter field names must be strings, found " + k);
            }
        }
        return (Map<String, ?>) m;
    }
}
