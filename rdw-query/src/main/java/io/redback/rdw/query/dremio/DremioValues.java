package io.redback.rdw.query.dremio;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the JSON of Dremio's job results into the plain Java values rdw promises, guided by the result's schema:
 * {@code [{"name": "a", "type": {"name": "DECIMAL", "precision": 10, "scale": 2}}, ...]}, where LIST and STRUCT types
 * describe their members in {@code subSchema}.
 */
final class DremioValues {

    /** A column or member type: its name, the precision and scale of a DECIMAL, the members of a LIST or STRUCT. */
    record Type(String name, Integer precision, Integer scale, List<Field> members) {
    }

    record Field(String name, Type type) {
    }

    private DremioValues() {
    }

    static List<Field> schema(JsonNode schema) {
        List<Field> fields = new ArrayList<>();
        for (JsonNode f : schema) {
            fields.add(new Field(f.path("name").asText(""), type(f.path("type"))));
        }
        return fields;
    }

    private static Type type(JsonNode t) {
        Integer precision = t.hasNonNull("precision") ? t.get("precision").asInt() : null;
        Integer scale = t.hasNonNull("scale") ? t.get("scale").asInt() : null;
        List<Field> members = t.has("subSchema") ? schema(t.get("subSchema")) : List.of();
        return new Type(t.path("name").asText("OTHER"), precision, scale, members);
    }

    /**
     * The value of {@code v} as a Java object of the column's type; JSON null stays null.
     *
     * @throws IllegalArgumentException if Dremio sent something the type cannot hold
     */
    static Object convert(JsonNode v, Type t) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            return null;
        }
        try {
            return switch (t.name()) {
                case "BIGINT" -> v.isNumber() ? v.longValue() : Long.parseLong(v.asText().strip());
                case "INTEGER", "SMALLINT", "TINYINT" -> v.isNumber() ? v.intValue() : Integer.parseInt(v.asText().strip());
                // Dremio writes NaN and the infinities as strings
                case "DOUBLE" -> v.isNumber() ? v.doubleValue() : Double.parseDouble(v.asText().strip());
                case "FLOAT" -> v.isNumber() ? v.floatValue() : Float.parseFloat(v.asText().strip());
                case "DECIMAL" -> decimal(v, t.scale());
                case "BOOLEAN" -> v.isBoolean() ? v.booleanValue() : Boolean.valueOf(bool(v.asText()));
                case "VARCHAR", "CHAR" -> v.isTextual() ? v.textValue() : v.toString();
                case "DATE" -> v.isNumber() ? LocalDate.ofInstant(Instant.ofEpochMilli(v.longValue()), ZoneOffset.UTC)
                        : LocalDate.parse(v.asText().strip());
                case "TIME" -> v.isNumber() ? LocalTime.ofNanoOfDay(v.longValue() * 1_000_000)
                        : LocalTime.parse(v.asText().strip());
                case "TIMESTAMP" -> timestamp(v);
                case "VARBINARY", "BINARY" -> v.isBinary() ? v.binaryValue() : Base64.getDecoder().decode(v.asText());
                case "LIST" -> list(v, t.members().isEmpty() ? null : t.members().get(0).type());
                case "STRUCT" -> struct(v, t.members());
                case "MAP" -> map(v);
                default -> plain(v);
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private static boolean bool(String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> throw new IllegalArgumentException("not a boolean: " + text);
        };
    }

    private static BigDecimal decimal(JsonNode v, Integer scale) {
        BigDecimal d = v.isNumber() ? v.decimalValue() : new BigDecimal(v.asText().strip());
        // JSON drops trailing zeros (12.5 for 12.50): restore the column's scale where that loses nothing
        return scale != null && scale > d.scale() ? d.setScale(scale, RoundingMode.UNNECESSARY) : d;
    }

    /** Dremio writes {@code 2025-03-01 10:15:00.000}: a wall time without zone, as Dremio shows it. */
    private static LocalDateTime timestamp(JsonNode v) {
        if (v.isNumber()) {
            return LocalDateTime.ofInstant(Instant.ofEpochMilli(v.longValue()), ZoneOffset.UTC);
        }
        String text = v.asText().strip().replace(' ', 'T');
        try {
            return LocalDateTime.parse(text);
        } catch (DateTimeParseException e) {
            return OffsetDateTime.parse(text).withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
        }
    }

    private static List<Object> list(JsonNode v, Type element) {
        List<Object> out = new ArrayList<>();
        for (JsonNode e : v) {
            out.add(element == null ? plain(e) : convert(e, element));
        }
        return Collections.unmodifiableList(out);
    }

    private static Map<String, Object> struct(JsonNode v, List<Field> members) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : v.properties()) {
            Type type = members.stream().filter(f -> f.name().equals(e.getKey())).map(Field::type).findFirst().orElse(null);
            out.put(e.getKey(), type == null ? plain(e.getValue()) : convert(e.getValue(), type));
        }
        return Collections.unmodifiableMap(out);
    }

    /** A MAP arrives as an object, or as a list of {"key", "value"} entries. */
    private static Map<Object, Object> map(JsonNode v) {
        Map<Object, Object> out = new LinkedHashMap<>();
        if (v.isArray()) {
            for (JsonNode e : v) {
                out.put(plain(e.get("key")), plain(e.get("value")));
            }
        } else {
            for (Map.Entry<String, JsonNode> e : v.properties()) {
                out.put(e.getKey(), plain(e.getValue()));
            }
        }
        return Collections.unmodifiableMap(out);
    }

    /** A value whose type the schema does not give: JSON's own types. */
    static Object plain(JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            return null;
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        if (v.isIntegralNumber()) {
            return v.canConvertToLong() ? (Object) v.longValue() : new BigDecimal(v.bigIntegerValue());
        }
        if (v.isNumber()) {
            return v.doubleValue();
        }
        if (v.isArray()) {
            return list(v, null);
        }
        if (v.isObject()) {
            return struct(v, List.of());
        }
        return v.asText();
    }
}
