package io.redback.rdw.internal;

import io.redback.rdw.helpers.Names;
import io.redback.rdw.InvalidInputException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a document, an id, a field path and a filter may contain, checked before anything reaches a store. Field
 * names that start with {@code $} or contain {@code .} would be read by MongoDB as operators or paths, so user data
 * could turn into query logic; filters may use a short list of comparison operators and nothing that runs code
 * ({@code $where}, {@code $function}, {@code $expr}, {@code $accumulator}) or that rdw does not know.
 */
public final class DocumentChecks {
    /** MongoDB's limit on one document. */
    public static final int MAX_BYTES = 16 * 1024 * 1024;
    /** MongoDB's limit on nesting. */
    public static final int MAX_DEPTH = 100;
    public static final Set<String> LOGICAL = Set.of("$and", "$or");
    public static final Set<String> COMPARISONS = Set.of("$eq", "$ne", "$gt", "$gte", "$lt", "$lte", "$in", "$nin",
            "$exists");
    private static final String ALLOWED = "$and and $or to combine filters; $eq, $ne, $gt, $gte, $lt, $lte, $in, $nin"
            + " and $exists on a field";
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");

    private DocumentChecks() {
    }

    /** A document id: 1 to 64 letters, digits, '_' and '-' (rdw's own ids are 24 hex digits). */
    public static String id(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new InvalidInputException("document id " + Names.printable(id) + " is not valid: ids are 1 to 64"
                    + " letters, digits, '_' and '-', starting with a letter or digit, e.g. 6650f1c2a4b5c6d7e8f90123");
        }
        return id;
    }

    /** A collection (or project) name: it becomes a MongoDB collection and a folder. */
    public static String collection(String what, String name) {
        return Names.simple(what, name, 64);
    }

    /**
     * Checks a document's field names and nesting, and that its {@code _id}, if any, is a valid id.
     *
     * @return the document's size as JSON, in bytes
     */
    public static byte[] document(Map<String, Object> doc) {
        Object id = doc.get("_id");
        if (id != null && !(id instanceof String)) {
            throw new InvalidInputException("_id must be a string id (or left out, and rdw makes one), not " + id);
        }
        if (id != null) {
            id((String) id);
        }
        names(doc, "", 1);
        return sized(doc);
    }

    /** The document's JSON, refused over {@link #MAX_BYTES}. */
    public static byte[] sized(Map<String, Object> doc) {
        byte[] json = DocumentCodec.bytes(doc);
        if (json.length > MAX_BYTES) {
            throw new InvalidInputException("document is " + json.length + " bytes as JSON, over the limit of 16 MB ("
                    + MAX_BYTES + " bytes, MongoDB's): split it, or keep the large part in a bucket and its key here");
        }
        return json;
    }

    private static void names(Object value, String path, int depth) {
        if (depth > MAX_DEPTH) {
            throw new InvalidInputException("document nests deeper than " + MAX_DEPTH + " levels at " + path);
        }
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                String name = String.valueOf(e.getKey());
                String here = path.isEmpty() ? name : path + "." + name;
                name(name, path);
                names(e.getValue(), here, depth + 1);
            }
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                names(list.get(i), path + "[" + i + "]", depth + 1);
            }
        }
    }

    private static void name(String name, String parent) {
        String where = parent.isEmpty() ? "" : " (in " + parent + ")";
        if (name.isEmpty()) {
            throw new InvalidInputException("a field name is empty" + where);
        }
        if (name.startsWith("$")) {
            throw new InvalidInputException("field name " + Names.printable(name) + where + " is not allowed: a name"
                    + " starting with '$' would be read as an operator; rename the field");
        }
        if (name.indexOf('.') >= 0) {
            throw new InvalidInputException("field name " + Names.printable(name) + where + " is not allowed: '.'"
                    + " separates nested fields in paths; rename the field (e.g. with '_')");
        }
        if (name.indexOf('\0') >= 0) {
            throw new InvalidInputException("field name " + Names.printable(name) + where + " contains a NUL character");
        }
    }

    /** A dotted path to a field ({@code address.city}), for projections, sorts, filters and updates. */
    public static String path(String what, String path) {
        if (path == null || path.isEmpty()) {
            throw new InvalidInputException(what + " names an empty field");
        }
        if (path.length() > 1024) {
            throw new InvalidInputException(what + " names a field path of " + path.length() + " characters; at most 1024");
        }
        for (String segment : path.split("\\.", -1)) {
            if (segment.isEmpty()) {
                throw new InvalidInputException(what + " field path " + Names.printable(path) + " has an empty part");
            }
            if (segment.startsWith("$")) {
                throw new InvalidInputException(what + " field path " + Names.printable(path)
                        + " is not allowed: a part starting with '$' would be read as an operator");
            }
            if (segment.indexOf('\0') >= 0) {
                throw new InvalidInputException(what + " field path " + Names.printable(path) + " contains a NUL character");
            }
        }
        return path;
    }

    /** Fields to set on a document: dotted paths to values; {@code _id} cannot change. */
    public static byte[] fields(Map<String, Object> fields) {
        if (fields.isEmpty()) {
            throw new InvalidInputException("no fields to set");
        }
        for (Map.Entry<String, Object> e : fields.entrySet()) {
            path("update", e.getKey());
            if (e.getKey().equals("_id") || e.getKey().startsWith("_id.")) {
                throw new InvalidInputException("_id cannot be changed; insert a new document instead");
            }
            names(e.getValue(), e.getKey(), e.getKey().split("\\.").length + 1);
        }
        return sized(fields);
    }

    /**
     * Checks a filter and returns a deep, unmodifiable copy of it.
     *
     * @throws InvalidInputException naming the operator or field that is not allowed
     */
    public static Map<String, Object> filter(Map<String, ?> filter) {
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
                path("filter", key);
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
                name(name, field);
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
        return literal(field, DocumentCodec.value(value), depth);
    }

    private static void depth(int depth) {
        if (depth > MAX_DEPTH) {
            throw new InvalidInputException("filter nests deeper than " + MAX_DEPTH + " levels");
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
