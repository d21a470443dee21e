package io.redback.rdw.internal;

import io.redback.rdw.helpers.Json;
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
import java.util.Map;

/**
 * Documents in and out: JSON text, maps, records and beans (through Jackson) become plain JSON values
 * ({@code Map}, {@code List}, String, Boolean, Integer, Long, Double, BigDecimal, null), and plain values become
 * any of those again. JSON text is read strictly: a duplicated field or anything after the document is an error.
 */
public final class DocumentCodec {
    /** Parses strictly: a repeated name could hide a second value from a check that reads the first. */
    public static final ObjectMapper STRICT = Json.MAPPER.copy()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private DocumentCodec() {
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

    /** Any value as plain JSON values (for a value in a filter). */
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
     * A stored document as the type a caller asked for: {@code Map} (or Object) as it is, {@code String} as JSON
     * text, {@code JsonNode} as a tree, anything else (records, beans) through Jackson.
     */
    public static <T> T as(Map<String, Object> doc, Class<T> type) {
        if (type == Map.class || type == Object.class) {
            return type.cast(doc);
        }
        if (type == String.class) {
            return type.cast(text(doc));
        }
        if (JsonNode.class.isAssignableFrom(type)) {
            return type.cast(Json.MAPPER.valueToTree(doc));
        }
        try {
            return Json.MAPPER.convertValue(doc, type);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("document " + doc.get("_id") + " cannot be read as a "
                    + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    private static String kind(JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL, MISSING -> "null";
            default -> node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        };
    }
}
