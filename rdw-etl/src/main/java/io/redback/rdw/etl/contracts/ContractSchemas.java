package io.redback.rdw.etl.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.AnnotationKeyword;
import io.redback.rdw.InvalidInputException;
import io.redback.rdw.helpers.Names;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The official JSON Schemas of the ODCS versions rdw reads, bundled from bitol-io/open-data-contract-standard
 * (Apache License 2.0): a contract is validated against its own version's schema before anything of it is used.
 */
final class ContractSchemas {
    /** The {@code apiVersion}s rdw reads, each with the schema file that defines it. */
    static final List<String> VERSIONS = List.of("v3.0.0", "v3.0.1", "v3.0.2", "v3.1.0");
    private static final int MAX_ERRORS = 5;
    private static final Map<String, Schema> LOADED = new ConcurrentHashMap<>();

    private ContractSchemas() {
    }

    /** Throws, naming the path of each offending key, when {@code contract} does not follow its version's schema. */
    static void validate(JsonNode contract, String apiVersion, String label) {
        if (!VERSIONS.contains(apiVersion)) {
            throw new InvalidInputException(label + ": $.apiVersion: " + Names.printable(apiVersion)
                    + " is not a version rdw reads; use one of " + String.join(", ", VERSIONS)
                    + " (Open Data Contract Standard)");
        }
        List<Error> errors = LOADED.computeIfAbsent(apiVersion, ContractSchemas::load).validate(contract);
        if (errors.isEmpty()) {
            return;
        }
        throw new InvalidInputException(label + ": not a valid ODCS " + apiVersion + " contract:\n  "
                + String.join("\n  ", lines(errors)));
    }

    /**
     * One line per offending key, as {@code $.schema[0].quality[1].mustBeBetween: ...}. An error under a key says more
     * than the errors of the keys above it, which are left out; the alternatives a {@code oneOf} tried (each of the
     * eight operators "not found") are said once.
     */
    static List<String> lines(List<Error> errors) {
        Map<String, List<Error>> byPath = new java.util.LinkedHashMap<>();
        for (Error e : errors) {
            byPath.computeIfAbsent(path(e), k -> new java.util.ArrayList<>()).add(e);
        }
        List<String> out = new java.util.ArrayList<>();
        for (Map.Entry<String, List<Error>> at : byPath.entrySet()) {
            String path = at.getKey();
            boolean deeper = byPath.keySet().stream().anyMatch(p -> !p.equals(path)
                    && (p.startsWith(path + ".") || p.startsWith(path + "[")));
            if (deeper) {
                continue;
            }
            List<Error> here = at.getValue();
            boolean oneOf = here.stream().anyMatch(e -> "oneOf".equals(e.getKeyword()));
            List<String> alternatives = here.stream().filter(e -> "required".equals(e.getKeyword()))
                    .map(e -> String.valueOf(e.getProperty())).toList();
            if (oneOf && alternatives.size() > 1) {
                out.add(path + ": needs exactly one of " + String.join(", ", alternatives));
                continue;
            }
            here.stream().map(e -> path + ": " + Names.printable(text(e))).distinct().forEach(out::add);
        }
        boolean options = out.stream().anyMatch(l -> l.contains(".logicalTypeOptions"));
        if (out.size() > MAX_ERRORS) {
            int more = out.size() - MAX_ERRORS;
            out = new java.util.ArrayList<>(out.subList(0, MAX_ERRORS));
            out.add("(" + more + " more)");
        }
        if (options) {
            // ODCS's schema picks the options' types by logicalType, and reads a property without one as a timestamp
            out.add("(logicalTypeOptions are read by the property's logicalType: declare it, e.g. logicalType: number)");
        }
        return out;
    }

    /** {@code /schema/0/quality/1} as {@code $.schema[0].quality[1]}. */
    private static String path(Error e) {
        String pointer = e.getInstanceLocation().toString();
        if (pointer.startsWith("$")) {
            return pointer;
        }
        StringBuilder b = new StringBuilder("$");
        for (String part : pointer.split("/")) {
            if (!part.isEmpty()) {
                b.append(part.matches("[0-9]+") ? "[" + part + "]" : "." + part.replace("~1", "/").replace("~0", "~"));
            }
        }
        return b.toString();
    }

    private static String text(Error e) {
        String m = e.getMessage();
        return m.length() > 1 && m.startsWith("'") && m.endsWith("'") ? m.substring(1, m.length() - 1).replace("\\'", "'") : m;
    }

    private static Schema load(String version) {
        String resource = "odcs-json-schema-" + version + ".json";
        try (InputStream in = ContractSchemas.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the bundled schema " + resource + " is missing from rdw-etl");
            }
            // ODCS's schema keeps its server definitions under names that are not JSON Schema keywords: they are
            // annotations, not something to warn about on every read
            Dialect dialect = Dialect.builder(Dialects.getDraft201909())
                    .unknownKeywordFactory((name, context) -> new AnnotationKeyword(name)).build();
            return SchemaRegistry.withDefaultDialect(dialect).getSchema(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the bundled schema " + resource, e);
        }
    }
}
