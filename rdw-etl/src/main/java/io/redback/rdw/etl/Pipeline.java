package io.redback.rdw.etl;

import io.redback.rdw.etl.contracts.Contract;
import io.redback.rdw.helpers.Hashing;
import io.redback.rdw.helpers.Json;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A named list of {@link Step}s, run in order. The two upload-service options are presets; other pipelines are built
 * in Java or read from YAML (the {@code config.yaml} layout teams use today):
 * <pre>{@code
 * Pipeline p = Pipeline.of("rides", new Step.DropColumns(List.of("notes")), new Step.FillNa(Map.of("speed", "median")));
 * Pipeline q = Pipeline.fromYaml(Path.of("config.yaml"));
 * }</pre>
 * A pipeline may carry a data {@link Contract} its output is checked against before it is written (a YAML pipeline
 * names it with {@code contract: rides.odcs.yaml}); it is not part of {@link #specHash()}, which says what the output
 * is, not what it was checked against.
 *
 * @param contract the contract its output must keep, or null
 */
public record Pipeline(String name, List<Step> steps, Contract contract) {
    /** Bumped when a step's output for the same input changes; part of {@link #specHash()}. */
    static final String ENGINE_VERSION = "rdw-etl/2";

    public Pipeline {
        steps = List.copyOf(steps);
    }

    /** A pipeline without a contract. */
    public Pipeline(String name, List<Step> steps) {
        this(name, steps, null);
    }

    /** This pipeline, its output checked against {@code value} before it is written. */
    public Pipeline withContract(Contract value) {
        return new Pipeline(name, steps, value);
    }

    /** The upload service's "Data Clean Up". */
    public static Pipeline clean() {
        return new Pipeline("clean", List.of(new Step.CleanUp()));
    }

    /** The upload service's "Preprocessing for Machine Learning" (identifier-like columns left alone). */
    public static Pipeline mlPrep() {
        return new Pipeline("ml_prep", List.of(new Step.MlPrep()));
    }

    public static Pipeline of(String name, Step... steps) {
        return new Pipeline(name, List.of(steps));
    }

    /** A pipeline from a YAML file with the {@code tabular.preprocessing.cleaning|transformation|validation} layout. */
    public static Pipeline fromYaml(Path file) {
        return PipelineYaml.read(file);
    }

    /** The pipeline as plain data (step name to its settings), for the spec hash and the recorded lineage. */
    public List<Map<String, Object>> describe() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Step s : steps) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("step", s.name());
            d.putAll(Json.MAPPER.convertValue(s, Map.class));
            out.add(d);
        }
        return out;
    }

    /** A hash of what the pipeline does: equal hashes on equal input mean an equal result. */
    public String specHash() {
        try {
            return Hashing.sha256(ENGINE_VERSION + " " + Json.MAPPER.writeValueAsString(describe()));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
