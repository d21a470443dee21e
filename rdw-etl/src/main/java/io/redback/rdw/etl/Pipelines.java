package io.redback.rdw.etl;

import io.redback.rdw.AlreadyExistsException;
import io.redback.rdw.RdwConfig;
import io.redback.rdw.Warehouse;
import io.redback.rdw.WarehouseClient;

import java.nio.file.Files;
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
 * Pipelines.clean(Path.of("rides.csv"), Path.of("rides_clean.parquet"));
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

    /** Cleans a local file into {@code output} (Parquet, CSV or JSON by extension). */
    public static PipelineResult clean(Path input, Path output) {
        return run(Pipeline.clean(), input, output, RdwConfig.load(), o -> { });
    }

    /** ML prep of a local file into {@code output}. */
    public static PipelineResult mlPrep(Path input, Path output) {
        return run(Pipeline.mlPrep(), input, output, RdwConfig.load(), o -> { });
    }

    /**
     * Runs a pipeline on a local file. The output appears only when complete; an existing output is replaced only
     * with {@link RunOptions#overwrite()}.
     *
     * @param config the embedded engine's settings (memory limit, threads)
     */
    public static PipelineResult run(Pipeline pipeline, Path input, Path output, RdwConfig config, Consumer<RunOptions> options) {
        RunOptions o = new RunOptions();
        options.accept(o);
        PipelineJob.Output.of(output);
        if (Files.exists(output) && !o.overwrite) {
            throw new AlreadyExistsException(output + " already exists; choose another output, or overwrite it");
        }
        return new PipelineJob(config, today()).run(pipeline, input, input.getFileName().toString(), output, o);
    }

    /**
     * The pipeline as one SQL statement over {@code sourceRelation} (the input's columns as text, as Dremio reads a CSV
     * file: e.g. {@code "lake"."dw-bucket-bronze"."project1"."rides.csv"}), for Dremio to run as
     * {@code CREATE TABLE ... AS}. Types and column decisions come from the local {@code sample} of the same data.
     */
    public static String sql(Pipeline pipeline, Path sample, String sourceRelation, RdwConfig config) {
        return new PipelineJob(config, today()).portableSql(pipeline, sample, sample.getFileName().toString(),
                sourceRelation, new RunOptions());
    }

    static LocalDate today() {
        return LocalDate.now(ZoneOffset.UTC);
    }
}
