package io.redback.rdw;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a collection's documents must look like, checked on every insert, replace, update and load before anything is
 * written. A document that breaks the rule is refused with an {@link InvalidInputException} that names the field.
 *
 * <pre>{@code
 * Documents notes = dw.documents("project1").withRule(DocumentRule.TITLE_AND_CONTENT);
 * notes.insert("{\"title\": \"Rides\"}");   // refused: field 'content' is missing; it must be a string
 * }</pre>
 *
 * Write your own by implementing {@link #check}; {@link #checkFields} is asked about updates that set only some
 * fields.
 */
public interface DocumentRule {

    /** No rule: any JSON object is a document. */
    DocumentRule NONE = new Fields("none", List.of());

    /** The document service's rule: {@code title} and {@code content} are required and are strings. */
    DocumentRule TITLE_AND_CONTENT = requireStrings("title", "content");

    /** What is wrong with a whole document, or empty if it passes. */
    Optional<String> check(Map<String, Object> document);

    /** What is wrong with setting these fields (dotted paths) on a document that passed, or empty if nothing is. */
    default Optional<String> checkFields(Map<String, Object> fields) {
        return Optional.empty();
    }

    /** A rule that requires these top-level fields, each a string. */
    static DocumentRule requireStrings(String... fields) {
        return new Fields(String.join("-and-", fields), List.of(fields));
    }

    /**
     * The preset of this name: {@code none} or {@code title-and-content}.
     *
     * @throws InvalidInputException for another name
     */
    static DocumentRule named(String name) {
        return switch (name == null ? "" : name) {
            case "none" -> NONE;
            case "title-and-content" -> TITLE_AND_CONTENT;
            default -> throw new InvalidInputException("no document rule named " + io.redback.rdw.helpers.Names
                    .printable(name) + "; the presets are none and title-and-content");
        };
    }

    /**
     * Required string fields.
     *
     * @param name   how the rule is named in messages
     * @param fields the fields that must be strings
     */
    record Fields(String name, List<String> fields) implements DocumentRule {
        public Fields {
            fields = List.copyOf(fields);
        }

        @Override
        public Optional<String> check(Map<String, Object> document) {
            for (String f : fields) {
                if (!document.containsKey(f) || document.get(f) == null) {
                    return Optional.of("field '" + f + "' is missing; it must be a string");
                }
                if (!(document.get(f) instanceof String)) {
                    return Optional.of("field '" + f + "' must be a string, not " + kind(document.get(f)));
                }
            }
            return Optional.empty();
        }

        @Override
        public Optional<String> checkFields(Map<String, Object> set) {
            for (Map.Entry<String, Object> e : set.entrySet()) {
                for (String f : fields) {
                    if (e.getKey().startsWith(f + ".")) {
                        return Optional.of("field '" + f + "' must stay a string; " + e.getKey() + " would make it a document");
                    }
                    if (e.getKey().equals(f) && !(e.getValue() instanceof String)) {
                        return Optional.of("field '" + f + "' must be a string, not " + kind(e.getValue()));
                    }
                }
            }
            return Optional.empty();
        }

        private static String kind(Object v) {
            if (v == null) {
                return "null";
            }
            if (v instanceof Number) {
                return "a number";
            }
            if (v instanceof Boolean) {
                return "a boolean";
            }
            if (v instanceof List) {
                return "an array";
            }
            return v instanceof Map ? "a document" : v.getClass().getSimpleName();
        }

        @Override
        public String toString() {
            return "DocumentRule[" + name + "]";
        }
    }
}
