package io.redback.rdw.helpers;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.redback.rdw.InvalidInputException;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * JSON documents as plain Java values, and the rules for their field names, shared by the documents API
 * ({@link io.redback.rdw.DocumentQuery}), its implementation and the document stores, so that all of them read and
 * write the same values.
 *
 * <p>Plain values are {@code Map<String, Object>}, {@code List<Object>}, String, Boolean, Integer, Long, Double,
 * BigDecimal and null. JSON text is read strictly: a repeated field or anything after the document is an error. Field
 * names must not be empty, start with {@code $} or contain {@code .} or NUL: MongoDB would read them as operators or
 * paths, so user data could turn into query logic.
 */
public final class JsonDocuments {
    /** MongoDB's limit on nesting, for documents and filters alike. */
    public static final int MAX_DEPTH = 100;

    /** Parses strictly: a repeated name could hide a second value from a check that reads the first. */
    public static final ObjectMapper STRICT = Json.MAPPER.copy()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private JsonDocuments() {
    }

    /**
     * A document from JSON text, a map, a record or a bean.
     *
     * @throws InvalidInputException for text that is not JSON or a value that is not a JSON object
     */
    public static Map<String, Object> document(Object input) {
        if (input == null) {
            throw new InvalidInputException("a document is required, not null");
        }
        JsonNode tree = tree(input);
        if (!tree.isObject()) {
            throw new InvalidInputException("a document must be a JSON object ({...}), not " + kind(tree));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> doc = (Map<String, Object>) plain(tree);
        return doc;
    }

    /** Any value as plain JSON values (for a value in a filter or a field to set). */
    public static Object value(Object input) {
        return input == null ? null : plain(Json.MAPPER.valueToTree(input));
    }

    /** JSON text or an object, as a Jackson tree. */
    public static JsonNode tree(Object input) {
        if (input instanceof CharSequence text) {
            try {
                return STRICT.readTree(text.toString());
            } catch (JsonProcessingException e) {
                throw new InvalidInputException("invalid JSON: " + safe(e.getOriginalMessage()) + at(e), e);
            }
        }
        if (input instanceof JsonNode node) {
            return node;
        }
        try {
            return Json.MAPPER.valueToTree(input);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("cannot turn a " + input.getClass().getSimpleName() + " into JSON: "
                    + e.getMessage(), e);
        }
    }

    /** A parser's message, which quotes the input, made safe for a terminal: only printable ASCII, at most 300 chars. */
    public static String safe(String message) {
        if (message == null) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < message.length() && out.length() < 300; i++) {
            char c = message.charAt(i);
            if (c >= 0x20 && c < 0x7f) {
                out.append(c);
            } else {
                out.append(String.format("\\u%04x", (int) c));
            }
        }
        return out.toString();
    }

    private static String at(JsonProcessingException e) {
        return e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                + e.getLocation().getColumnNr() + ")";
    }

    /** A Jackson tree as plain Java values. */
    public static Object plain(JsonNode node) {
        switch (node.getNodeType()) {
            case OBJECT -> {
                Map<String, Object> map = new LinkedHashMap<>();
                for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    map.put(e.getKey(), plain(e.getValue()));
                }
                return map;
            }
            case ARRAY -> {
                List<Object> list = new ArrayList<>(node.size());
                for (JsonNode n : node) {
                    list.add(plain(n));
                }
                return list;
            }
            case STRING -> {
                return node.textValue();
            }
            case BOOLEAN -> {
                return node.booleanValue();
            }
            case NUMBER -> {
                return number(node);
            }
            case BINARY -> {
                try {
                    return Base64.getEncoder().encodeToString(node.binaryValue());
                } catch (java.io.IOException e) {
                    throw new InvalidInputException("unreadable binary value", e);
                }
            }
            case NULL, MISSING -> {
                return null;
            }
            default -> {
                return node.asText();
            }
        }
    }

    private static Object number(JsonNode node) {
        if (node.isInt()) {
            return node.intValue();
        }
        if (node.isLong()) {
            return node.longValue();
        }
        if (node.isBigInteger() || node.isBigDecimal()) {
            // beyond a long: a decimal, which MongoDB keeps exactly (Decimal128) where it has no big integer
            return new BigDecimal(node.numberValue().toString());
        }
        double d = node.doubleValue();
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw new InvalidInputException("a number in a document must be finite, not " + d);
        }
        return d;
    }

    /** The JSON text of plain values (a document, a filter), without spaces. */
    public static String text(Object value) {
        try {
            return Json.MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new InvalidInputException("cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** The UTF-8 JSON of plain values. */
    public static byte[] bytes(Object value) {
        try {
            return Json.MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new InvalidInputException("cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Checks one field name of a document.
     *
     * @param parent the path of the document it is in, for the message; empty at the top level
     */
    public static String fieldName(String name, String parent) {
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
        return name;
    }

    /**
     * Checks a dotted path to a field ({@code address.city}), for projections, sorts, filters and updates.
     *
     * @param what what the path is for, to start the message: {@code filter}, {@code sort}, {@code update}
     */
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

    private static String kind(JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL, MISSING -> "null";
            default -> node.getNodeType().name().toLowerCase(Locale.ROOT);
        };
    }
}
