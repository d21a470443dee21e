package io.redback.rdw.etl;

import io.redback.rdw.Bucket;
import io.redback.rdw.InvalidInputException;
import io.redback.rdw.Layer;
import io.redback.rdw.ObjectInfo;
import io.redback.rdw.ObjectRef;
import io.redback.rdw.WarehouseClient;
import io.redback.rdw.internal.Hashing;
import io.redback.rdw.internal.Tags;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Pipelines on one warehouse: read a bronze object, write the result to silver with its lineage (source key, the
 * source's SHA-256, a hash of the pipeline's specification) and one provenance event. Get one from
 * {@link Pipelines#on(WarehouseClient)}.
 */
public final class WarehousePipelines {
    private final WarehouseClient client;

    WarehousePipelines(WarehouseClient client) {
        this.client = Objects.requireNonNull(client);
    }

    /** "Data Clean Up" of a bronze CSV into silver Parquet. */
    public CleanResult clean(String bronzeKey) {
        return clean(bronzeKey, o -> { });
    }

    /**
     * "Data Clean Up" of a bronze CSV into silver Parquet. Running it again on the same bronze object returns the
     * existing silver object without writing anything.
     *
     * @throws io.redback.rdw.NotFoundException      if there is no such bronze object
     * @throws InvalidInputException                 if the object is not a well-formed CSV (nothing is written)
     * @throws io.redback.rdw.AlreadyExistsException if the silver key holds other data and overwrite was not asked
     */
    public CleanResult clean(String bronzeKey, Consumer<CleanOptions> options) {
        CleanOptions o = new CleanOptions();
        options.accept(o);
        long started = System.nanoTime();
        Bucket bronze = client.bucket(Layer.BRONZE);
        Bucket silver = client.bucket(Layer.SILVER);
        ObjectInfo source = bronze.stat(bronzeKey);
        String lower = bronzeKey.toLowerCase(Locale.ROOT);
        if (!lower.endsWith(".csv") && !lower.endsWith(".txt")) {
            throw new InvalidInputException(source.ref() + ": Data Clean Up reads CSV files; this object is not one");
        }
        String sourceSha = source.sha256().orElseGet(() -> sha256Of(bronze, bronzeKey));
        String specHash = Hashing.sha256(CleanJob.SPEC);
        String silverKey = o.outputKey != null ? o.outputKey : bronzeKey.substring(0, bronzeKey.lastIndexOf('.'))
                + "_processed.parquet";
        if (silver.exists(silverKey)) {
            ObjectInfo existing = silver.stat(silverKey);
            Map<String, String> tags = existing.metadata();
            if (sourceSha.equals(tags.get(Tags.SOURCE_SHA256)) && specHash.equals(tags.get(Tags.PIPELINE_SPEC))
                    && source.ref().toString().equals(tags.get(Tags.SOURCE_OBJECT))) {
                return new CleanResult(source.ref().toString(), existing.ref().toString(), -1, -1, Map.of(),
                        java.util.List.of(), Duration.ofNanos(System.nanoTime() - started), existing, true);
            }
        }
        Path work = null;
        try {
            work = Files.createTempDirectory("rdw-clean-object-");
            Path input = bronze.localFile(bronzeKey).orElse(null);
            if (input == null) {
                input = work.resolve("input.csv");
                try (InputStream in = bronze.open(bronzeKey)) {
                    Files.copy(in, input, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            Path output = work.resolve("output.parquet");
            CleanResult local = new CleanJob(client.config(), LocalDate.now(java.time.ZoneOffset.UTC))
                    .run(input, source.ref().toString(), output, CleanJob.Format.PARQUET);
            ObjectRef from = source.ref();
            ObjectInfo written = silver.put(silverKey, output, p -> {
                p.derivedFrom(from, sourceSha, "clean", specHash).sourceFile(from.toString())
                        .contentType("application/vnd.apache.parquet")
                        .eventMetadata("preprocessing_option", "clean")
                        .eventMetadata("rows_in", local.rowsIn())
                        .eventMetadata("rows_out", local.rowsOut())
                        .eventMetadata("dropped_columns", local.droppedColumns());
                if (o.overwrite) {
                    p.overwrite();
                }
            });
            return new CleanResult(source.ref().toString(), written.ref().toString(), local.rowsIn(), local.rowsOut(),
                    local.columns(), local.droppedColumns(), Duration.ofNanos(System.nanoTime() - started), written, false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clean " + source.ref() + ": " + e.getMessage(), e);
        } finally {
            CleanJob.deleteTree(work);
        }
    }

    private static String sha256Of(Bucket bucket, String key) {
        try (InputStream in = bucket.open(key)) {
            return Hashing.sha256(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + key, e);
        }
    }
}
