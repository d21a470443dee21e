package io.redback.rdw.documents.mongo;

import org.bson.Document;
import org.bson.types.Binary;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * rdw's plain JSON values to BSON and back. Ids of 24 lower-case hex digits (the ones rdw makes) are ObjectIds in
 * MongoDB, as the ids of documents other tools wrote are, and come back as hex text; other ids stay strings.
 * MongoDB's other types come back as JSON can carry them: dates as ISO-8601 text, decimals as BigDecimal, binary as
 * Base64.
 */
final class MongoValues {
    private static final Pattern OBJECT_ID = Pattern.compile("[0-9a-f]{24}");

    private MongoValues() {
    }

    /** An id as MongoDB stores it. */
    static Object id(String id) {
        return OBJECT_ID.matcher(id).matches() ? new ObjectId(id) : id;
    }

    /** A document (or fields to set) as BSON, its {@code _id} as MongoDB stores it. */
    static Document toBson(Map<String, Object> doc) {
        Document out = new Document();
        for (Map.Entry<String, Object> e : doc.entrySet()) {
            out.put(e.getKey(), e.getKey().equals("_id") && e.getValue() instanceof String s ? id(s) : value(e.getValue()));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Object value(Object v) {
        if (v instanceof Map<?, ?> m) {
            return toBson((Map<String, Object>) m);
        }
        if (v instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (Object x : list) {
                out.add(value(x));
            }
            return out;
        }
        if (v instanceof BigDecimal d) {
            return new Decimal128(d);
        }
        return v;
    }

    /**
     * A filter as BSON: like a document, but the values compared with {@code _id} (directly, in an operator or in an
     * {@code $in} list) become ObjectIds where the stored ids are.
     */
    @SuppressWarnings("unchecked")
    static Document filter(Map<String, Object> filter) {
        Document out = new Document();
        for (Map.Entry<String, Object> e : filter.entrySet()) {
            String key = e.getKey();
            Object v = e.getValue();
            if (key.equals("$and") || key.equals("$or")) {
                List<Object> parts = new ArrayList<>();
                for (Object part : (List<Object>) v) {
                    parts.add(filter((Map<String, Object>) part));
                }
                out.put(key, parts);
            } else if (key.equals("_id")) {
                out.put(key, idOperand(v));
            } else {
                out.put(key, value(v));
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Object idOperand(Object v) {
        if (v instanceof String s) {
            return id(s);
        }
        if (v instanceof List<?> list) {
            return list.stream().map(MongoValues::idOperand).toList();
        }
        if (v instanceof Map<?, ?> m) {
            Document ops = new Document();
            ((Map<String, Object>) m).forEach((op, operand) -> ops.put(op, op.startsWith("$") ? idOperand(operand) : value(operand)));
            return ops;
        }
        return value(v);
    }

    /** A stored document as plain JSON values. */
    static Map<String, Object> toMap(Map<String, Object> doc) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : doc.entrySet()) {
            Object v = plain(e.getValue());
            out.put(e.getKey(), e.getKey().equals("_id") && v != null && !(v instanceof String) ? String.valueOf(v) : v);
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Object plain(Object v) {
        if (v == null || v instanceof String || v instanceof Boolean || v instanceof Integer || v instanceof Long
                || v instanceof Double) {
            return v;
        }
        if (v instanceof Map<?, ?> m) {
            return toMap((Map<String, Object>) m);
        }
        if (v instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (Object x : list) {
                out.add(plain(x));
            }
            return out;
        }
        if (v instanceof ObjectId id) {
            return id.toHexString();
        }
        if (v instanceof Decimal128 d) {
            return d.isNaN() || d.isInfinite() ? d.toString() : d.bigDecimalValue();
        }
        if (v instanceof Date d) {
            return d.toInstant().toString();
        }
        if (v instanceof Binary b) {
            return Base64.getEncoder().encodeToString(b.getData());
        }
        if (v instanceof Number n) {
            return n;
        }
        return String.valueOf(v);
    }
}
