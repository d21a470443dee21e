package io.redback.rdw.helpers;

import io.redback.rdw.InvalidInputException;

import java.util.regex.Pattern;

/**
 * Validation of everything that becomes part of an object key. The accepted alphabet is ASCII letters, digits,
 * {@code . _ -}: no separators, traversal, control characters, bidi marks, percent-encoding or whitespace can
 * get through, whatever the platform. Messages quote the offending value in escaped, printable form.
 */
public final class Names {
    public static final int MAX_KEY_LENGTH = 1024;
    public static final int MAX_SEGMENT_LENGTH = 255;

    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]*");
    private static final Pattern SIMPLE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*");
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

    private Names() {
    }

    /**
     * What a key may be, as every refusal of a key says it: {@value}.
     */
    public static final String KEY_RULE = "a key is at most 1024 characters of path segments separated by single '/', "
            + "each 1 to 255 letters, digits, '.', '_' and '-', not starting with '.'";

    /**
     * Checks a full object key: segments separated by {@code /}, each a {@linkplain #segment safe segment}. A refusal
     * names the key in {@linkplain #printable printable} form and ends with {@link #KEY_RULE}.
     *
     * @return the key, unchanged
     */
    public static String key(String key) {
        return checkKey("object key", key, key);
    }

    /** Checks {@code body}, the part of {@code value} that must be a key; messages name {@code value}. */
    private static String checkKey(String kind, String value, String body) {
        String what = kind + " " + printable(value);
        if (body == null || body.isBlank()) {
            throw new InvalidInputException(what + " is empty or blank; " + KEY_RULE);
        }
        if (body.length() > MAX_KEY_LENGTH) {
            throw new InvalidInputException(what + " is " + body.length() + " characters long; at most "
                    + MAX_KEY_LENGTH + " are allowed; " + KEY_RULE);
        }
        if (body.startsWith("/")) {
            throw new InvalidInputException(what + " starts with '/': it must be relative to its bucket; " + KEY_RULE);
        }
        for (String segment : body.split("/", -1)) {
            try {
                segment(what, segment);
            } catch (InvalidInputException e) {
                throw new InvalidInputException(e.getMessage() + "; " + KEY_RULE);
            }
        }
        return value;
    }

    /**
     * Checks one path segment of a key: 1..255 characters of {@code [A-Za-z0-9._-]}, not starting with a dot
     * (so neither {@code .} nor {@code ..} nor hidden names).
     */
    public static String segment(String what, String segment) {
        if (segment == null || segment.isEmpty()) {
            throw new InvalidInputException(what + " has an empty path segment (a '/' at the start or end, or '//')");
        }
        if (segment.length() > MAX_SEGMENT_LENGTH) {
            throw new InvalidInputException(what + " has a segment of " + segment.length()
                    + " characters; at most " + MAX_SEGMENT_LENGTH + " are allowed");
        }
        if (segment.equals(".") || segment.equals("..")) {
            throw new InvalidInputException(what + " contains '" + segment + "': relative path segments are not allowed");
        }
        if (!SEGMENT.matcher(segment).matches()) {
            throw new InvalidInputException(what + " has an unsafe segment " + printable(segment)
                    + ": use letters, digits, '.', '_' and '-' only, not starting with '.'");
        }
        return segment;
    }

    /** What a project, a name or a student may be, as every refusal of one says it: {@value}. */
    public static final String SIMPLE_RULE = "use letters, digits, '_' and '-', starting with a letter or digit";

    /**
     * Checks a name made of letters, digits, '_' and '-', starting with a letter or digit, at most {@code max} long. A
     * refusal names the value in {@linkplain #printable printable} form and says what is allowed ({@link #SIMPLE_RULE}).
     */
    public static String simple(String what, String value, int max) {
        if (value == null || value.isBlank()) {
            throw new InvalidInputException(what + " " + printable(value) + " is empty or blank: " + SIMPLE_RULE);
        }
        if (value.length() > max) {
            throw new InvalidInputException(what + " " + printable(value) + " is " + value.length()
                    + " characters long; at most " + max + " are allowed: " + SIMPLE_RULE);
        }
        if (!SIMPLE.matcher(value).matches()) {
            throw new InvalidInputException(what + " " + printable(value) + " is not allowed: " + SIMPLE_RULE);
        }
        return value;
    }

    /**
     * Checks a bucket name as S3 and MinIO accept it: 3 to 63 lower-case letters, digits, '.' and '-', starting and
     * ending with a letter or digit, without '..'. A valid name is also a safe folder name.
     *
     * @return the name, unchanged
     */
    public static String bucket(String bucket) {
        if (bucket == null || !BUCKET.matcher(bucket).matches() || bucket.contains("..")) {
            throw new InvalidInputException("bucket name " + printable(bucket) + " is not valid: use 3-63 lower-case "
                    + "letters, digits, '.' and '-', starting and ending with a letter or digit");
        }
        return bucket;
    }

    /**
     * Checks a listing prefix: like a key, but it may end with {@code /} or with a partial segment, and may be empty.
     */
    public static String prefix(String prefix) {
        if (prefix == null || prefix.isEmpty()) {
            return "";
        }
        String body = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
        return checkKey("listing prefix", prefix, body.isEmpty() ? prefix : body);
    }

    /**
     * Makes text safe for object metadata (S3 allows US-ASCII only): printable ASCII is kept, anything else is
     * written as {@code \}{@code uXXXX}; cut at 255 characters.
     */
    public static String ascii(String value) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < value.length() && out.length() < 255; i++) {
            char c = value.charAt(i);
            if (c >= 0x20 && c < 0x7f) {
                out.append(c);
            } else {
                out.append(String.format("\\u%04x", (int) c));
            }
        }
        return out.toString();
    }

    /**
     * Renders untrusted text for a message: quoted, non-printable and non-ASCII characters escaped as
     * {@code \}{@code uXXXX}, cut at 120 characters. Keeps terminals and logs safe from control and bidi characters.
     */
    public static String printable(String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder("'");
        int limit = Math.min(value.length(), 120);
        for (int i = 0; i < limit; i++) {
            char c = value.charAt(i);
            if (c >= 0x20 && c < 0x7f && c != '\'' && c != '\\') {
                out.append(c);
            } else if (c == '\'' || c == '\\') {
                out.append('\\').append(c);
            } else {
                out.append(String.format("\\u%04x", (int) c));
            }
        }
        if (value.length() > limit) {
            out.append("...(").append(value.length()).append(" chars)");
        }
        return out.append('\'').toString();
    }
}
