package io.redback.rdw.etl;

import io.redback.rdw.Warehouse;
import io.redback.rdw.WarehouseClient;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.function.Consumer;

/**
 * The warehouse's pipelines, on local files or on bronze objects ({@link #on(WarehouseClient)}):
 * <ul>
 *   <li>{@code clean}: the upload service's "Data Clean Up" (drop empty columns, standardise names, drop rows with
 *       fewer than two values, drop duplicates, add {@code extract_date} and {@code unique_id});</li>
 *   <li>{@code mlPrep}: "Preprocessing for Machine Learning" (median fill and z-scores of numeric columns, identifiers
 *       left alone, the statistics recorded);</li>
 *   <li>{@code run}: any {@link Pipeline}, built in Java or read from YAML.</li>
 * </ul>
 * Inputs: CSV, TXT (delimiter detected), JSON (array or one record per line), XLSX. Outputs by extension: Parquet,
 * CSV, JSON. Types are inferred from every value and kept. A malformed input is refused with where, and nothing is
 * written.
 * <pre>{@code
 * Pipelines.clean(Path.of("rides.csv"), Path.of("rides_clean.parquet"));              // with Warehouse.client()
 * PipelineResult r = Pipelines.on(dw).mlPrep("project1/2025/rides_20251125T101500123Z.csv");  // bronze -> silver
 * }</pre>
 */
public final class Pipelines {
    private Pipelines() {
    }

    /** Pipelines on a given warehouse. */
    public static WarehousePipelines on(WarehouseClient client) {
        return new WarehousePipelines(client);
    }

    /** Cleans a bronze object of the default warehouse ({@link Warehouse#client()}) into silver Parquet. */
    public static PipelineResult clean(String bronzeKey) {
        return on(Warehouse.client()).clean(bronzeKey);
    }

    /** ML prep of a bronze object of the default warehouse into silver Parquet. */
    public static PipelineResult mlPrep(String bronzeKey) {
        return on(Warehouse.client()).mlPrep(bronzeKey);
    }

    /** Cleans a local file into {@code output} (Parquet, CSV or JSON by extension) with the default client's runtime. */
    public static PipelineResult clean(Path input, Path output) {
        return run(Pipeline.clean(), input, output, o -> { });
    }

    /** ML prep of a local file into {@code output}, with the default client's runtime. */
    public static PipelineResult mlPrep(Path input, Path output) {
        return run(Pipeline.mlPrep(), input, output, o -> { });
    }

    /**
     * Runs a pipeline on a local file with the SQL runtime of the default client ({@link Warehouse#client()}, or the
     * one given to {@link Warehouse#use}), under its memory limit and threads. The output appears only when complete;
     * an existing output is replaced only with {@link RunOptions#overwrite()}.
     */
    public static PipelineResult run(Pipeline pipeline, Path input, Path output, Consumer<RunOptions> options) {
        return on(Warehouse.client()).run(pipeline, input, output, options);
    }

    /** Runs a pipeline on a local file with the SQL runtime of {@code client}. */
    public static PipelineResult run(Pipeline pipeline, Path input, Path output, WarehouseClient client,
                                     Consumer<RunOptions> options) {
        return on(client).run(pipeline, input, output, options);
    }

    /**
     * The pipeline as one SQL statement over {@code sourceRelation} (the input's columns as text, as Dremio reads a CSV
     * file: e.g. {@code "lake"."dw-bucket-bronze"."project1"."rides.csv"}), for Dremio to run as
     * {@code CREATE TABLE ... AS}. Types and column decisions come from the local {@code sample} of the same data,
     * read with the default client's runtime.
     */
    public static String sql(Pipeline pipeline, Path sample, String sourceRelation) {
        return on(Warehouse.client()).sql(pipeline, sample, sourceRelation);
    }

    static LocalDate today() {
        return LocalDate.now(ZoneOffset.UTC);
    }
}
