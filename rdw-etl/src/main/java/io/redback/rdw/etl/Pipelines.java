package io.redback.rdw.etl;

import io.redback.rdw.AlreadyExistsException;
import io.redback.rdw.InvalidInputException;
import io.redback.rdw.RdwConfig;
import io.redback.rdw.Warehouse;
import io.redback.rdw.WarehouseClient;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The warehouse's pipelines. {@code clean} is the upload service's "Data Clean Up": drop empty columns, standardise
 * column names, drop rows with fewer than two values, drop duplicates, add {@code extract_date} and
 * {@code unique_id} — with column types kept, out of core, and a precise error for a malformed file.
 *
 * <pre>{@code
 * Pipelines.clean(Path.of("rides.csv"), Path.of("rides_clean.parquet"));      // local files
 * CleanResult r = Pipelines.clean("project1/2025/rides_20251125T101500123Z.csv"); // bronze -> silver
 * }</pre>
 */
public final class Pipelines {
    private Pipelines() {
    }

    /** Pipelines on a given warehouse. */
    public static WarehousePipelines on(WarehouseClient client) {
        return new WarehousePipelines(client);
    }

    /** Cleans a bronze CSV of the default warehouse ({@link Warehouse#client()}) into silver Parquet. */
    public static CleanResult clean(String bronzeKey) {
        return on(Warehouse.client()).clean(bronzeKey);
    }

    /**
     * Cleans a local CSV file into {@code output} (Parquet or CSV, by its extension). The output appears only when
     * complete; an existing output is not replaced.
     */
    public static CleanResult clean(Path input, Path output) {
        return clean(input, output, RdwConfig.load());
    }

    /** As {@link #clean(Path, Path)}, with the engine settings (memory, threads) of {@code config}. */
    public static CleanResult clean(Path input, Path output, RdwConfig config) {
        if (!Files.isRegularFile(input)) {
            throw new InvalidInputException("no such file: " + input);
        }
        CleanJob.Format format = CleanJob.formatOf(output);
        if (Files.exists(output)) {
            throw new AlreadyExistsException(output + " already exists; remove it or choose another output");
        }
        return new CleanJob(config, CleanJob.today()).run(input, input.getFileName().toString(), output, format);
    }
}
