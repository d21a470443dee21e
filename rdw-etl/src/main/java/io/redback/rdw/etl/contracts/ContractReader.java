package io.redback.rdw.etl.contracts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.redback.rdw.InvalidInputException;
import io.redback.rdw.etl.contracts.CheckSpec.Arguments;
import io.redback.rdw.etl.contracts.CheckSpec.Kind;
import io.redback.rdw.helpers.Names;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads an ODCS contract: validated against its version's JSON Schema ({@link ContractSchemas}), then each object's
 * checks written out, the library metrics in both spellings ({@code metric:} of v3.1, {@code rule:} of v3.0 with its
 * names {@code duplicateCount} and {@code validValues}) and the checks the schema implies.
 */
final class ContractReader {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    /** The v3.0 rule names that v3.1 renamed. */
    private static final Map<String, String> OLD_RULES = Map.of("duplicateCount", "duplicateValues",
            "validValues", "invalidValues");
    private static final Map<String, Kind> METRICS = Map.of("nullValues", Kind.NULL_VALUES,
            "missingValues", Kind.MISSING_VALUES, "invalidValues", Kind.INVALID_VALUES,
            "duplicateValues", Kind.DUPLICATE_VALUES, "rowCount", Kind.ROW_COUNT);

    private final String label;

    private ContractReader(String label) {
        this.label = label;
    }

    static Contract parse(String text, String label) {
        JsonNode root;
        try {
            root = YAML.readTree(text);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr();
            throw new InvalidInputException(label + ": not readable as YAML" + where + ": "
                    + Names.printable(e.getOriginalMessage()), e);
        }
        if (root == null || !root.isObject()) {
            throw new InvalidInputException(label + ": a contract is a YAML mapping with apiVersion, kind, id, version "
                    + "and status; this is " + (root == null ? "empty" : "a " + root.getNodeType().name().toLowerCase(Locale.ROOT)));
        }
        JsonNode api = root.get("apiVersion");
        if (api == null || !api.isTextual()) {
            throw new InvalidInputException(label + ": $.apiVersion: missing; an ODCS contract starts with "
                    + "apiVersion: v3.1.0 (or v3.0.x)");
        }
        ContractSchemas.validate(root, api.asText(), label);
        ContractReader reader = new ContractReader(label);
        List<ContractObject> objects = new ArrayList<>();
        JsonNode schema = root.path("schema");
        for (int i = 0; i < schema.size(); i++) {
            objects.add(reader.object(schema.get(i), "$.schema[" + i + "]"));
        }
        return new Contract(api.asText(), root.path("id").asText(), root.path("version").asText(),
                root.path("status").asText(), text(root, "name"), objects, text);
    }

    private ContractObject object(JsonNode o, String path) {
        String name = o.path("name").asText();
        List<CheckSpec> checks = new ArrayList<>();
        List<String> notRun = new ArrayList<>();
        List<String> columns = new ArrayList<>();
        List<Key> keys = new ArrayList<>();
        JsonNode props = o.path("properties");
        int keyCount = 0;
        for (JsonNode p : props) {
            keyCount += p.path("primaryKey").asBoolean(false) ? 1 : 0;
        }
        for (int i = 0; i < props.size(); i++) {
            JsonNode p = props.get(i);
            String at = path + ".properties[" + i + "]";
            String column = column(p);
            columns.add(column);
            if (p.path("primaryKey").asBoolean(false)) {
                keys.add(new Key(column, position(p), i));
            }
            property(name, p, column, keyCount > 1, at, checks, notRun);
        }
        keys.sort(Comparator.comparingInt(Key::position).thenComparingInt(Key::order));
        List<String> keyColumns = keys.stream().map(Key::column).toList();
        if (keys.size() > 1) {
            checks.add(implied(name, null, "primaryKey", "primary key (" + String.join(", ", keyColumns) + ") is unique",
                    Kind.DUPLICATE_VALUES, keyColumns, Arguments.NONE, path));
        }
        JsonNode quality = o.path("quality");
        for (int i = 0; i < quality.size(); i++) {
            CheckSpec c = quality(name, null, columns, quality.get(i), path + ".quality[" + i + "]", notRun);
            if (c != null) {
                checks.add(c);
            }
        }
        return new ContractObject(name, text(o, "physicalName"), columns, keyColumns, checks, notRun);
    }

    private record Key(String column, int position, int order) {
    }

    /** A property's checks; with {@code compositeKey}, a key part is not unique alone (the key is checked whole). */
    private void property(String object, JsonNode p, String column, boolean compositeKey, String at,
                          List<CheckSpec> checks, List<String> notRun) {
        String type = text(p, "logicalType");
        checks.add(implied(object, column, "present", column + " is present", Kind.PRESENT, null, Arguments.NONE, at));
        if (type != null && !type.equals("object") && !type.equals("array")) {
            checks.add(implied(object, column, "logicalType", column + " is " + type, Kind.LOGICAL_TYPE, null,
                    new Arguments(null, null, null, null, null, null, null, null, null, type), at));
        }
        boolean key = p.path("primaryKey").asBoolean(false);
        if (p.path("required").asBoolean(false) || key) {
            checks.add(implied(object, column, key ? "primaryKey.notNull" : "required",
                    column + (key ? " (primary key) has no nulls" : " is required (no nulls)"),
                    Kind.NULL_VALUES, null, Arguments.NONE, at));
        }
        if (p.path("unique").asBoolean(false) || (key && !compositeKey)) {
            checks.add(implied(object, column, key ? "primaryKey" : "unique",
                    column + (key ? " (primary key) is unique" : " is unique"), Kind.DUPLICATE_VALUES, null,
                    Arguments.NONE, at));
        }
        JsonNode options = p.path("logicalTypeOptions");
        if (options.isObject() && options.size() > 0) {
            Arguments args = new Arguments(null, null, text(options, "pattern"), text(options, "minimum"),
                    text(options, "maximum"), text(options, "exclusiveMinimum"), text(options, "exclusiveMaximum"),
                    integer(options, "minLength"), integer(options, "maxLength"), type);
            if (args.pattern() != null || args.minimum() != null || args.maximum() != null
                    || args.exclusiveMinimum() != null || args.exclusiveMaximum() != null || args.minLength() != null
                    || args.maxLength() != null) {
                checks.add(implied(object, column, "logicalTypeOptions", column + " within its logicalTypeOptions",
                        Kind.INVALID_VALUES, null, args, at + ".logicalTypeOptions"));
            }
        }
        if (p.has("properties") || p.has("items")) {
            notRun.add(at + ": the nested properties of " + column + " (rdw checks top-level columns)");
        }
        JsonNode quality = p.path("quality");
        for (int i = 0; i < quality.size(); i++) {
            CheckSpec c = quality(object, column, List.of(), quality.get(i), at + ".quality[" + i + "]", notRun);
            if (c != null) {
                checks.add(c);
            }
        }
    }

    private CheckSpec implied(String object, String column, String what, String name, Kind kind, List<String> columns,
                              Arguments args, String at) {
        String id = object + (column == null ? "" : "." + column) + "." + what;
        return new CheckSpec(id, name, object, column, kind, columns, defaultComparison(kind), Comparison.Unit.ROWS,
                "error", args, null, at);
    }

    private static Comparison defaultComparison(Kind kind) {
        return kind == Kind.ROW_COUNT ? Comparison.of("mustBeGreaterThan", BigDecimal.ZERO)
                : Comparison.of("mustBe", BigDecimal.ZERO);
    }

    /** A {@code quality} entry as a check; null for text and custom checks, which are listed as not run. */
    private CheckSpec quality(String object, String column, List<String> objectColumns, JsonNode q, String at,
                              List<String> notRun) {
        String type = q.path("type").asText("library").toLowerCase(Locale.ROOT);
        if (type.equals("text") || type.equals("custom")) {
            notRun.add(at + ": a " + type + " check" + (q.has("engine") ? " for " + q.path("engine").asText() : "")
                    + " (rdw runs library and sql checks)");
            return null;
        }
        Comparison.Unit unit = Comparison.Unit.of(text(q, "unit"));
        if (unit == null) {
            throw error(at + ".unit", "is " + Names.printable(q.path("unit").asText()) + "; use rows or percent");
        }
        Comparison comparison = comparison(q, at);
        String id = text(q, "id");
        String name = text(q, "name");
        String severity = q.path("severity").asText("error");
        if (type.equals("sql")) {
            String query = text(q, "query");
            if (query == null || query.isBlank()) {
                throw error(at, "a sql check needs a query");
            }
            return new CheckSpec(id != null ? id : object + (column == null ? "" : "." + column) + ".sql",
                    name != null ? name : "sql" + (column == null ? "" : " on " + column), object, column, Kind.SQL,
                    null, comparison != null ? comparison : Comparison.of("mustBe", BigDecimal.ZERO), unit, severity,
                    Arguments.NONE, query, at);
        }
        if (!type.equals("library")) {
            throw error(at + ".type", "is " + Names.printable(type) + "; use library, sql, text or custom");
        }
        String metric = text(q, "metric") != null ? text(q, "metric") : text(q, "rule");
        if (metric == null) {
            throw error(at, "a library check names its metric (metric: nullValues, or rule: in ODCS v3.0)");
        }
        Kind kind = METRICS.get(OLD_RULES.getOrDefault(metric, metric));
        if (kind == null) {
            throw error(at + (q.has("metric") ? ".metric" : ".rule"), Names.printable(metric)
                    + " is not a metric rdw knows; use nullValues, missingValues, invalidValues, duplicateValues or "
                    + "rowCount (v3.0: duplicateCount, validValues)");
        }
        JsonNode a = q.path("arguments");
        List<Object> valid = list(a.has("validValues") ? a.get("validValues") : q.get("validValues"));
        List<Object> missing = list(a.has("missingValues") ? a.get("missingValues") : q.get("missingValues"));
        String pattern = a.has("pattern") ? text(a, "pattern") : text(q, "pattern");
        List<String> columns = null;
        JsonNode keys = a.has("properties") ? a.get("properties") : q.get("properties");
        if (kind == Kind.DUPLICATE_VALUES && keys != null && keys.isArray() && keys.size() > 0) {
            columns = new ArrayList<>();
            for (JsonNode k : keys) {
                columns.add(k.asText());
            }
        }
        if (column == null && kind != Kind.ROW_COUNT && columns == null) {
            throw error(at, metric + " on an object needs arguments.properties (the columns it is about); put it "
                    + "under a property to check one column");
        }
        if (kind == Kind.INVALID_VALUES && valid == null && pattern == null) {
            throw error(at + ".arguments", "invalidValues needs validValues or pattern");
        }
        if (kind == Kind.ROW_COUNT && unit == Comparison.Unit.PERCENT) {
            throw error(at + ".unit", "rowCount is counted in rows, not percent");
        }
        String checkName = name != null ? name : metric + (column != null ? " of " + column
                : columns != null ? " of (" + String.join(", ", columns) + ")" : "");
        return new CheckSpec(id != null ? id : object + (column == null ? "" : "." + column) + "." + metric,
                checkName, object, kind == Kind.ROW_COUNT ? null : column, kind, columns,
                comparison != null ? comparison : defaultComparison(kind), unit, severity,
                new Arguments(missing, valid, pattern, null, null, null, null, null, null, null), null, at);
    }

    private Comparison comparison(JsonNode q, String at) {
        List<Comparison.Condition> conditions = new ArrayList<>();
        for (String op : Comparison.OPERATORS) {
            JsonNode v = q.get(op);
            if (v == null) {
                continue;
            }
            List<BigDecimal> values = new ArrayList<>();
            if (op.endsWith("Between")) {
                if (!v.isArray() || v.size() != 2) {
                    throw error(at + "." + op, "takes two numbers: [low, high]");
                }
                values.add(number(v.get(0), at + "." + op + "[0]"));
                values.add(number(v.get(1), at + "." + op + "[1]"));
            } else {
                values.add(number(v, at + "." + op));
            }
            conditions.add(new Comparison.Condition(op, values));
        }
        return conditions.isEmpty() ? null : new Comparison(conditions);
    }

    private BigDecimal number(JsonNode v, String at) {
        if (v.isNumber()) {
            return v.decimalValue();
        }
        if (v.isBoolean()) {
            return v.booleanValue() ? BigDecimal.ONE : BigDecimal.ZERO;
        }
        try {
            return new BigDecimal(v.asText().trim());
        } catch (NumberFormatException e) {
            throw error(at, Names.printable(v.asText()) + " is not a number");
        }
    }

    private InvalidInputException error(String at, String message) {
        return new InvalidInputException(label + ": " + at + ": " + message);
    }

    /** Where a key part goes in its key; ODCS writes -1 for "no position". */
    private static int position(JsonNode p) {
        int at = p.path("primaryKeyPosition").asInt(-1);
        return at < 0 ? Integer.MAX_VALUE : at;
    }

    /** A property's column: its physical name where it has one. */
    private static String column(JsonNode p) {
        String physical = text(p, "physicalName");
        return physical != null ? physical : p.path("name").asText();
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static Integer integer(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || !v.canConvertToInt() ? null : v.asInt();
    }

    private static List<Object> list(JsonNode v) {
        if (v == null || !v.isArray()) {
            return null;
        }
        List<Object> out = new ArrayList<>();
        for (JsonNode e : v) {
            out.add(e.isNull() ? null : e.isNumber() ? e.decimalValue() : e.isBoolean() ? e.booleanValue() : e.asText());
        }
        return out;
    }
}
