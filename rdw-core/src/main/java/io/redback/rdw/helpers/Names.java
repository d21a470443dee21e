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
     * Checks a full object key: segments separated by {@code /}, each a {@linkplain #segment safe segment}.
     *
     * @return the key, unchanged
     */
    public static String key(String key) {
        if (key == null || key.isBlank()) {
            throw new InvalidInputException("object key is empty");
        }
        if (key.length() > MAX_KEY_LENGTH) {
            throw new InvalidInputException("object key is " + key.length() + " characters long; at most "
                    + MAX_KEY_LENGTH + " are allowed: " + printable(key));
        }
        if (key.startsWith("/")) {
            throw new InvalidInputException("object key must be relative, not start with '/': " + printable(key));
        }
        for (String segment : key.split("/", -1)) {
            segment("object key " + printable(key), segment);
        }
        return key;
    }

    /**
     * Checks one path segment of a key: 1..255 characters of {@code [A-Za-z0-9._-]}, not starting with a dot
     * (so neither {@code .} nor {@code ..} nor hidden names).
     */
    public static String segment(String what, String segment) {
        if (segment == null || segment.isEmpty()) {
            throw new InvalidInputException(what + " has an empty path segment");
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

    /** Checks a name made of letters, digits, '_' and '-', starting with a letter or digit, at most {@code max} long. */
    public static String simple(String what, String value, int max) {
        if (value == null || value.isBlank()) {
            throw new InvalidInputException(what + " is empty");
        }
        if (value.length() > max) {
            throw new InvalidInputException(what + " is " + value.length() + " characters long; at most " + max
                    + " are allowed: " + printable(value));
        }
        if (!SIMPLE.matcher(value).matches()) {
            throw new InvalidInputException(what + " " + printable(value)
                    + " is not allowed: use letters, digits, '_' and '-', starting with a letter or digit");
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
        if (body.isEmpty()) {
            throw new InvalidInputException("prefix must not start with '/': " + printable(prefix));
        }
        key(body);
        return prefix;
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
