package io.redback.rdw.documents.embedded;

import io.redback.rdw.InvalidInputException;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * JSON values as MongoDB compares them, for the embedded store: numbers compare by value whatever their Java type
 * (2 equals 2.0), types order null &lt; numbers &lt; strings &lt; documents &lt; arrays &lt; booleans, a dotted path
 * reaches into nested documents and through arrays, and an array field matches a value it contains.
 */
final class DocumentValues {
    private DocumentValues() {
    }

    /** Every value at a dotted path (several when the path goes through an array); empty if there is none. */
    static List<Object> lookup(Map<String, Object> doc, String path) {
        List<Object> current = new ArrayList<>();
        current.add(doc);
        for (String segment : path.split("\\.")) {
            List<Object> next = new ArrayList<>();
            for (Object c : current) {
                step(c, segment, next, true);
            }
            current = next;
            if (current.isEmpty()) {
                break;
            }
        }
        return current;
    }

    private static void step(Object c, String segment, List<Object> out, boolean throughArrays) {
        if (c instanceof Map<?, ?> m) {
            if (m.containsKey(segment)) {
                out.add(m.get(segment));
            }
        } else if (c instanceof List<?> list) {
            if (isIndex(segment) && Integer.parseInt(segment) < list.size()) {
                out.add(list.get(Integer.parseInt(segment)));
            } else if (throughArrays) {
                for (Object e : list) {
                    if (e instanceof Map) {
                        step(e, segment, out, false);
                    }
                }
            }
        }
    }

    private static boolean isIndex(String s) {
        return !s.isEmpty() && s.length() < 10 && s.chars().allMatch(Character::isDigit);
    }

    /** The order of types when sorting, as in MongoDB (missing sorts as null). */
    static int rank(Object v) {
        if (v == null) {
            return 1;
        }
        if (v instanceof Number) {
            return 2;
        }
        if (v instanceof String) {
            return 3;
        }
        if (v instanceof Map) {
            return 4;
        }
        if (v instanceof List) {
            return 5;
        }
        return v instanceof Boolean ? 6 : 7;
    }

    /** A total order over JSON values: by type, then by value. */
    static int compare(Object a, Object b) {
        int r = Integer.compare(rank(a), rank(b));
        if (r != 0) {
            return r;
        }
        if (a instanceof Number x && b instanceof Number y) {
            return compareNumbers(x, y);
        }
        if (a instanceof String x && b instanceof String y) {
            return x.compareTo(y);
        }
        if (a instanceof Boolean x && b instanceof Boolean y) {
            return Boolean.compare(x, y);
        }
        if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            Iterator<? extends Map.Entry<?, ?>> i = x.entrySet().iterator();
            Iterator<? extends Map.Entry<?, ?>> j = y.entrySet().iterator();
            while (i.hasNext() && j.hasNext()) {
                Map.Entry<?, ?> p = i.next();
                Map.Entry<?, ?> q = j.next();
                int c = compare(p.getValue(), q.getValue());
                if (c == 0) {
                    c = String.valueOf(p.getKey()).compareTo(String.valueOf(q.getKey()));
                }
                if (c != 0) {
                    return c;
                }
            }
            return Boolean.compare(i.hasNext(), j.hasNext());
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            for (int k = 0; k < Math.min(x.size(), y.size()); k++) {
                int c = compare(x.get(k), y.get(k));
                if (c != 0) {
                    return c;
                }
            }
            return Integer.compare(x.size(), y.size());
        }
        return String.valueOf(a).compareTo(String.valueOf(b));
    }

    static int compareNumbers(Number a, Number b) {
        if (integral(a) && integral(b)) {
            return Long.compare(a.longValue(), b.longValue());
        }
        return decimal(a).compareTo(decimal(b));
    }

    private static boolean integral(Number n) {
        return n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte;
    }

    private static BigDecimal decimal(Number n) {
        if (n instanceof BigDecimal d) {
            return d;
        }
        if (integral(n)) {
            return BigDecimal.valueOf(n.longValue());
        }
        if (n instanceof Double || n instanceof Float) {
            return BigDecimal.valueOf(n.doubleValue());
        }
        return new BigDecimal(n.toString());
    }

    /** Equality by value: numbers by magnitude, documents field by field, arrays element by element. */
    static boolean equal(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return compareNumbers(x, y) == 0;
        }
        if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (Map.Entry<?, ?> e : x.entrySet()) {
                if (!y.containsKey(e.getKey()) || !equal(e.getValue(), y.get(e.getKey()))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (int k = 0; k < x.size(); k++) {
                if (!equal(x.get(k), y.get(k))) {
                    return false;
                }
            }
            return true;
        }
        return Objects.equals(a, b);
    }

    /** The value a document sorts by: the smallest element of an array ascending, the largest descending. */
    static Object sortKey(Map<String, Object> doc, String path, boolean descending) {
        List<Object> candidates = new ArrayList<>();
        for (Object v : lookup(doc, path)) {
            if (v instanceof List<?> list && !list.isEmpty()) {
                candidates.addAll(list);
            } else {
                candidates.add(v);
            }
        }
        Object best = null;
        boolean first = true;
        for (Object c : candidates) {
            if (first || (descending ? compare(c, best) > 0 : compare(c, best) < 0)) {
                best = c;
                first = false;
            }
        }
        return best;
    }

    /** Only the named paths (and {@code _id}), in the document's own field order, as MongoDB projects. */
    static Map<String, Object> project(Map<String, Object> doc, List<String> fields) {
        List<String[]> paths = new ArrayList<>();
        paths.add(new String[]{"_id"});
        for (String f : fields) {
            paths.add(f.split("\\."));
        }
        return project(doc, paths, 0);
    }

    private static Map<String, Object> project(Map<?, ?> doc, List<String[]> paths, int depth) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : doc.entrySet()) {
            String key = String.valueOf(e.getKey());
            List<String[]> deeper = new ArrayList<>();
            boolean whole = false;
            for (String[] p : paths) {
                if (p.length > depth && p[depth].equals(key)) {
                    if (p.length == depth + 1) {
                        whole = true;
                    } else {
                        deeper.add(p);
                    }
                }
            }
            Object v = e.getValue();
            if (whole) {
                out.put(key, v);
            } else if (!deeper.isEmpty()) {
                if (v instanceof Map<?, ?> m) {
                    out.put(key, project(m, deeper, depth + 1));
                } else if (v instanceof List<?> list) {
                    List<Object> projected = new ArrayList<>();
                    for (Object x : list) {
                        if (x instanceof Map<?, ?> m) {
                            projected.add(project(m, deeper, depth + 1));
                        }
                    }
                    out.put(key, projected);
                }
            }
        }
        return out;
    }

    /** Sets a dotted path, creating the documents on the way. */
    @SuppressWarnings("unchecked")
    static void set(Map<String, Object> doc, String path, Object value) {
        String[] segments = path.split("\\.");
        Map<String, Object> current = doc;
        for (int i = 0; i < segments.length - 1; i++) {
            Object next = current.get(segments[i]);
            if (next == null && !current.containsKey(segments[i])) {
                next = new LinkedHashMap<String, Object>();
                current.put(segments[i], next);
            }
            if (!(next instanceof Map)) {
                throw new InvalidInputException("cannot set " + path + ": "
                        + String.join(".", java.util.Arrays.copyOf(segments, i + 1)) + " is not a document");
            }
            current = (Map<String, Object>) next;
        }
        current.put(segments[segments.length - 1], value);
    }
}
