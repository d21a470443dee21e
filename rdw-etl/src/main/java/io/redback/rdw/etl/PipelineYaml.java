package io.redback.rdw.etl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.redback.rdw.InvalidInputException;
import io.redback.rdw.etl.contracts.Contract;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a pipeline from the YAML layout of the upload service's {@code config.yaml}:
 * <pre>
 * tabular:
 *   preprocessing:
 *     cleaning:
 *       drop_columns: [notes]
 *       rename_columns: {"Speed km/h": speed}
 *       dropna: {subset: [speed], how: any}      # or: true
 *       drop_duplicates: true                     # or: {subset: [id]}
 *       fillna: {speed: median, device: unknown}
 *     transformation:
 *       categorical_encoding: [device]
 *       normalize: [speed]
 *     validation:
 *       dtype_conversion: {id: int, when: datetime}
 * </pre>
 * Sections and keys run in the order they are written; {@code false} skips a step; the presets {@code clean_up: true}
 * and {@code ml_prep: true} are accepted too. An unknown key is an error that names it. A top-level
 * {@code contract: rides.odcs.yaml} (relative to the YAML's folder) names the data contract the output must keep.
 */
final class PipelineYaml {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final List<String> SECTIONS = List.of("cleaning", "transformation", "validation");
    private static final List<String> KEYS = List.of("clean_up", "ml_prep", "drop_columns", "rename_columns", "dropna",
            "drop_duplicates", "fillna", "categorical_encoding", "normalize", "dtype_conversion");

    private PipelineYaml() {
    }

    static Pipeline read(Path file) {
        JsonNode root;
        try {
            root = YAML.readTree(Files.newBufferedReader(file));
        } catch (IOException e) {
            throw new InvalidInputException(file + ": not readable as YAML: " + e.getMessage().lines().findFirst().orElse(""), e);
        }
        JsonNode pre = root == null ? null : root.path("tabular").path("preprocessing");
        if (pre == null || !pre.isObject()) {
            throw new InvalidInputException(file + ": expected tabular.preprocessing with cleaning, transformation "
                    + "and validation sections");
        }
        List<Step> steps = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> sections = pre.fields(); sections.hasNext(); ) {
            Map.Entry<String, JsonNode> section = sections.next();
            if (!SECTIONS.contains(section.getKey())) {
                throw new InvalidInputException(file + ": unknown section tabular.preprocessing." + section.getKey()
                        + "; expected " + SECTIONS);
            }
            for (Iterator<Map.Entry<String, JsonNode>> keys = section.getValue().fields(); keys.hasNext(); ) {
                Map.Entry<String, JsonNode> key = keys.next();
                Step step = step(file, section.getKey() + "." + key.getKey(), key.getKey(), key.getValue());
                if (step != null) {
                    steps.add(step);
                }
            }
        }
        if (steps.isEmpty()) {
            throw new InvalidInputException(file + ": the pipeline has no steps");
        }
        String name = file.getFileName().toString().replaceFirst("\\.ya?ml$", "");
        JsonNode contract = root.get("contract");
        if (contract != null && !contract.isNull()) {
            if (!contract.isTextual()) {
                throw new InvalidInputException(file + ": contract: expected the path of an ODCS contract file");
            }
            Path folder = file.toAbsolutePath().getParent();
            return new Pipeline(name, steps, Contract.read(folder.resolve(contract.asText())));
        }
        return new Pipeline(name, steps);
    }

    private static Step step(Path file, String where, String key, JsonNode v) {
        if (v.isBoolean() && !v.asBoolean() || v.isNull()) {
            return null;
        }
        String at = file + ": " + where;
        return switch (key) {
            case "clean_up" -> new Step.CleanUp();
            case "ml_prep" -> new Step.MlPrep(v.path("scale_identifiers").asBoolean(false)
                    ? Step.MlPrep.Identifiers.SCALE : Step.MlPrep.Identifiers.KEEP);
            case "drop_columns" -> new Step.DropColumns(names(at, v.isObject() ? v.path("columns") : v));
            case "rename_columns" -> new Step.RenameColumns(map(at, v));
            case "dropna" -> new Step.DropNa(v.isObject() ? names(at, v.path("subset"), true) : List.of(),
                    v.isObject() && "all".equals(v.path("how").asText("any")) ? Step.DropNa.How.ALL : Step.DropNa.How.ANY);
            case "drop_duplicates" -> new Step.DropDuplicates(v.isObject() ? names(at, v.path("subset"), true) : List.of());
            case "fillna" -> new Step.FillNa(map(at, v));
            case "categorical_encoding" -> new Step.CategoricalEncoding(names(at, v.isObject() ? v.path("columns") : v));
            case "normalize" -> new Step.Normalize(names(at, v.isObject() ? v.path("columns") : v));
            case "dtype_conversion" -> {
                Map<String, String> types = map(at, v.has("columns") ? v.get("columns") : v);
                types.remove("on_error");
                yield new Step.ConvertTypes(types, "null".equals(v.path("on_error").asText("fail"))
                        ? Step.ConvertTypes.OnBadValue.NULL : Step.ConvertTypes.OnBadValue.FAIL);
            }
            default -> throw new InvalidInputException(at + " is not a step rdw knows; known steps: " + KEYS);
        };
    }

    private static List<String> names(String at, JsonNode v) {
        return names(at, v, false);
    }

    private static List<String> names(String at, JsonNode v, boolean optional) {
        if (v.isMissingNode() && optional) {
            return List.of();
        }
        if (v.isTextual()) {
            return List.of(v.asText());
        }
        if (!v.isArray() || v.isEmpty()) {
            throw new InvalidInputException(at + ": expected a list of column names");
        }
        List<String> out = new ArrayList<>();
        v.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static Map<String, String> map(String at, JsonNode v) {
        if (!v.isObject() || v.isEmpty()) {
            throw new InvalidInputException(at + ": expected a mapping of column names to values");
        }
        Map<String, String> out = new LinkedHashMap<>();
        v.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }
}
