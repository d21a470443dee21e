package io.redback.rdw.documents.embedded;

import io.redback.rdw.InvalidInputException;

import java.util.List;
import java.util.Map;

/**
 * Evaluates a filter (already checked by rdw: only {@code $and}, {@code $or} and the comparison operators) against a
 * document, with MongoDB's meaning: a plain value is equality, an array field matches if any element does, a filter
 * for {@code null} also matches a missing field, and {@code $gt} and its kin compare values of the same kind only.
 */
final class DocumentMatcher {
    private DocumentMatcher() {
    }

    @SuppressWarnings("unchecked")
    static boolean matches(Map<String, Object> doc, Map<String, Object> filter) {
        for (Map.Entry<String, Object> e : filter.entrySet()) {
            String key = e.getKey();
            if (key.equals("$and")) {
                for (Object part : (List<Object>) e.getValue()) {
                    if (!matches(doc, (Map<String, Object>) part)) {
                        return false;
                    }
                }
            } else if (key.equals("$or")) {
                boolean any = false;
                for (Object part : (List<Object>) e.getValue()) {
                    if (matches(doc, (Map<String, Object>) part)) {
                        any = true;
                        break;
                    }
                }
                if (!any) {
                    return false;
                }
            } else if (!field(DocumentValues.lookup(doc, key), e.getValue())) {
                return false;
            }
        }
        return true;
    }

    private static boolean field(List<Object> values, Object condition) {
        if (condition instanceof Map<?, ?> ops && !ops.isEmpty() && String.valueOf(ops.keySet().iterator().next()).startsWith("$")) {
            for (Map.Entry<?, ?> op : ops.entrySet()) {
                if (!operator(values, String.valueOf(op.getKey()), op.getValue())) {
                    return false;
                }
            }
            return true;
        }
        return eq(values, condition);
    }

    private static boolean operator(List<Object> values, String op, Object operand) {
        return switch (op) {
            case "$eq" -> eq(values, operand);
            case "$ne" -> !eq(values, operand);
            case "$in" -> in(values, (List<?>) operand);
            case "$nin" -> !in(values, (List<?>) operand);
            case "$exists" -> !values.isEmpty() == (Boolean) operand;
            case "$gt", "$gte", "$lt", "$lte" -> compare(values, op, operand);
            // rdw refuses every other operator before a filter gets here
            default -> throw new InvalidInputException("operator " + op + " is not supported");
        };
    }

    private static boolean in(List<Object> values, List<?> operands) {
        for (Object o : operands) {
            if (eq(values, o)) {
                return true;
            }
        }
        return false;
    }

    private static boolean eq(List<Object> values, Object operand) {
        if (operand == null && values.isEmpty()) {
            return true;
        }
        for (Object v : values) {
            if (DocumentValues.equal(v, operand)) {
                return true;
            }
            if (v instanceof List<?> list && !(operand instanceof List)) {
                for (Object element : list) {
                    if (DocumentValues.equal(element, operand)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static boolean compare(List<Object> values, String op, Object operand) {
        if (operand == null) {
            // null is only equal to itself: $gte and $lte null match null (and missing), $gt and $lt nothing
            return (op.equals("$gte") || op.equals("$lte")) && eq(values, null);
        }
        for (Object v : values) {
            if (compareOne(v, op, operand)) {
                return true;
            }
            if (v instanceof List<?> list && !(operand instanceof List)) {
                for (Object element : list) {
                    if (compareOne(element, op, operand)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static boolean compareOne(Object v, String op, Object operand) {
        if (v == null || DocumentValues.rank(v) != DocumentValues.rank(operand)) {
            return false;
        }
        int c = DocumentValues.compare(v, operand);
        return switch (op) {
            case "$gt" -> c > 0;
            case "$gte" -> c >= 0;
            case "$lt" -> c < 0;
            default -> c <= 0;
        };
    }
}
