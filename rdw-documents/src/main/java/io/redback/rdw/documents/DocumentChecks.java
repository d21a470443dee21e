package io.redback.rdw.documents;

import io.redback.rdw.InvalidInputException;
import io.redback.rdw.helpers.JsonDocuments;
import io.redback.rdw.helpers.Names;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What a document, an id and the fields of an update may contain, checked before anything reaches a store. Field names
 * follow {@link JsonDocuments#fieldName}; filters were checked when their {@link io.redback.rdw.DocumentQuery} was made.
 */
final class DocumentChecks {
    /** MongoDB's limit on one document. */
    static final int MAX_BYTES = 16 * 1024 * 1024;
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");

    private DocumentChecks() {
    }

    /** A document id: 1 to 64 letters, digits, '_' and '-' (rdw's own ids are 24 hex digits). */
    static String id(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new InvalidInputException("document id " + Names.printable(id) + " is not valid: ids are 1 to 64"
                    + " letters, digits, '_' and '-', starting with a letter or digit, e.g. 6650f1c2a4b5c6d7e8f90123");
        }
        return id;
    }

    /** A collection (or project) name: it becomes a MongoDB collection and a folder. */
    static String collection(String what, String name) {
        return Names.simple(what, name, 64);
    }

    /**
     * Checks a document's field names and nesting, and that its {@code _id}, if any, is a valid id.
     *
     * @return the document as JSON
     */
    static byte[] document(Map<String, Object> doc) {
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
    static byte[] sized(Map<String, Object> doc) {
        byte[] json = JsonDocuments.bytes(doc);
        if (json.length > MAX_BYTES) {
            throw new InvalidInputException("document is " + json.length + " bytes as JSON, over the limit of 16 MB ("
                    + MAX_BYTES + " bytes, MongoDB's): split it, or keep the large part in a bucket and its key here");
        }
        return json;
    }

    private static void names(Object value, String path, int depth) {
        if (depth > JsonDocuments.MAX_DEPTH) {
            throw new InvalidInputException("document nests deeper than " + JsonDocuments.MAX_DEPTH + " levels at " + path);
        }
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                String name = String.valueOf(e.getKey());
                String here = path.isEmpty() ? name : path + "." + name;
                JsonDocuments.fieldName(name, path);
                names(e.getValue(), here, depth + 1);
            }
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                names(list.get(i), path + "[" + i + "]", depth + 1);
            }
        }
    }

    /** Fields to set on a document: dotted paths to values; {@code _id} cannot change. */
    static byte[] fields(Map<String, Object> fields) {
        if (fields.isEmpty()) {
            throw new InvalidInputException("no fields to set");
        }
        for (Map.Entry<String, Object> e : fields.entrySet()) {
            JsonDocuments.path("update", e.getKey());
            if (e.getKey().equals("_id") || e.getKey().startsWith("_id.")) {
                throw new InvalidInputException("_id cannot be changed; insert a new document instead");
            }
            names(e.getValue(), e.getKey(), e.getKey().split("\\.").length + 1);
        }
        return sized(fields);
    }
}
