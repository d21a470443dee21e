package io.redback.rdw.etl.contracts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.redback.rdw.spi.SqlDialect;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a first contract from what a dataset holds: one pass for every column's nulls, distinct values and range,
 * then one query per column with few distinct values for its value set.
 */
final class ContractInference {
    /** Columns with at most this many distinct values (and more rows than that) get a valid-value set. */
    static final int MAX_VALUE_SET = 10;
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS));

    private ContractInference() {
    }

    static String infer(CheckTarget target, String datasetName, String dataset) {
        SqlDialect d = target.dialect();
        Map<String, String> columns = target.columns();
        List<String> names = new ArrayList<>(columns.keySet());
        StringBuilder sql = new StringBuilder("SELECT COUNT(*)");
        for (String name : names) {
            String c = d.identifier(name);
            TypeFamily f = TypeFamily.of(columns.get(name));
            sql.append(", COUNT(").append(c).append("), COUNT(DISTINCT ").append(c).append(")");
            if (ranged(f)) {
                sql.append(", MIN(").append(c).append("), MAX(").append(c).append(")");
            }
        }
        List<Object> stats = target.rows(sql.append(" FROM ").append(target.relation()).toString()).get(0);
        long rows = ContractChecker.number(stats.get(0)).longValue();
        List<Map<String, Object>> properties = new ArrayList<>();
        int at = 1;
        for (String name : names) {
            TypeFamily f = TypeFamily.of(columns.get(name));
            long nonNull = ContractChecker.number(stats.get(at++)).longValue();
            long distinct = ContractChecker.number(stats.get(at++)).longValue();
            Object min = ranged(f) ? stats.get(at++) : null;
            Object max = ranged(f) ? stats.get(at++) : null;
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("name", name);
            p.put("logicalType", f.logicalType());
            p.put("physicalType", columns.get(name));
            if (rows > 0 && nonNull == rows) {
                p.put("required", true);
            }
            // unique floating-point values are a coincidence of measurement, not a key
            if (rows > 1 && distinct == nonNull && nonNull > 1 && f != TypeFamily.NUMBER && f != TypeFamily.BOOLEAN) {
                p.put("unique", true);
            }
            if (min != null && max != null) {
                Map<String, Object> options = new LinkedHashMap<>();
                options.put("minimum", limit(min, f));
                options.put("maximum", limit(max, f));
                p.put("logicalTypeOptions", options);
            }
            if (distinct > 0 && distinct <= MAX_VALUE_SET && rows > distinct * 2
                    && (f == TypeFamily.STRING || f == TypeFamily.INTEGER)) {
                List<Object> values = new ArrayList<>();
                String c = d.identifier(name);
                for (List<Object> row : target.rows("SELECT " + c + " FROM " + target.relation() + " WHERE " + c
                        + " IS NOT NULL GROUP BY " + c + " ORDER BY " + c)) {
                    values.add(f == TypeFamily.INTEGER ? ContractChecker.number(row.get(0)) : String.valueOf(row.get(0)));
                }
                Map<String, Object> check = new LinkedHashMap<>();
                check.put("id", id(name) + "_valid_values");
                check.put("metric", "invalidValues");
                check.put("arguments", Map.of("validValues", values));
                check.put("mustBe", 0);
                check.put("description", "the " + values.size() + " values seen when this contract was inferred");
                p.put("quality", List.of(check));
            }
            properties.add(p);
        }
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("name", datasetName.replaceAll("\\.[A-Za-z0-9]+$", ""));
        object.put("physicalType", "table");
        object.put("description", "Inferred by rdw from " + dataset + " (" + rows + " rows) on "
                + LocalDate.now(ZoneOffset.UTC) + "; edit before use.");
        object.put("properties", properties);
        Map<String, Object> rowCount = new LinkedHashMap<>();
        rowCount.put("id", "row_count");
        rowCount.put("metric", "rowCount");
        rowCount.put("mustBeGreaterThan", 0);
        object.put("quality", List.of(rowCount));
        Map<String, Object> contract = new LinkedHashMap<>();
        contract.put("apiVersion", "v3.1.0");
        contract.put("kind", "DataContract");
        contract.put("id", id(String.valueOf(object.get("name"))));
        contract.put("name", object.get("name"));
        contract.put("version", "0.1.0");
        contract.put("status", "draft");
        contract.put("schema", List.of(object));
        try {
            return YAML.writeValueAsString(contract);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean ranged(TypeFamily f) {
        return f == TypeFamily.INTEGER || f == TypeFamily.NUMBER || f == TypeFamily.DATE || f == TypeFamily.TIMESTAMP;
    }

    /** A range's end as the contract writes it: a number for numbers, ISO text for dates and times. */
    private static Object limit(Object v, TypeFamily f) {
        if (f == TypeFamily.INTEGER || f == TypeFamily.NUMBER) {
            BigDecimal n = ContractChecker.number(v);
            return n == null ? null : n.scale() <= 0 ? (Object) n.longValue() : n.doubleValue();
        }
        String text = v.toString();
        return f == TypeFamily.DATE && text.length() > 10 ? text.substring(0, 10) : text.replace(' ', 'T');
    }

    /** An id ODCS accepts: letters, digits, '_' and '-'. */
    private static String id(String name) {
        String s = name.replaceAll("[^A-Za-z0-9_-]+", "_");
        return s.isEmpty() ? "dataset" : s;
    }
}
