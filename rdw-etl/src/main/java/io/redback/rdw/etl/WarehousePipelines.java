package io.redback.rdw.etl;

import io.redback.rdw.AlreadyExistsException;
import io.redback.rdw.Bucket;
import io.redback.rdw.ConfigurationException;
import io.redback.rdw.InvalidInputException;
import io.redback.rdw.Layer;
import io.redback.rdw.ObjectInfo;
import io.redback.rdw.ObjectRef;
import io.redback.rdw.WarehouseClient;
import io.redback.rdw.helpers.Hashing;
import io.redback.rdw.helpers.Json;
import io.redback.rdw.helpers.TemporaryFiles;
import io.redback.rdw.internal.Tags;
import io.redback.rdw.etl.contracts.CheckResult;
import io.redback.rdw.etl.contracts.ContractFailedException;
import io.redback.rdw.etl.contracts.ContractReport;
import io.redback.rdw.etl.contracts.Contracts;
import io.redback.rdw.spi.DatasetAdmin;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Pipelines on one warehouse, run with its SQL runtime: on local files, or read a bronze object, write the result to silver with its lineage (source key, the
 * source's SHA-256, the pipeline's spec hash), a JSON sidecar of what the steps computed (so a model can apply the
 * same transformation to new data) and one provenance event per object written. Running the same pipeline on the same
 * bronze content again writes nothing. Get one from {@link Pipelines#on(WarehouseClient)}.
 */
public final class WarehousePipelines {
    /** The silver object's tags for the contract its data kept. */
    private static final String CONTRACT_ID = "contract-id";
    private static final String CONTRACT_SHA256 = "contract-sha256";
    private final WarehouseClient client;

    WarehousePipelines(WarehouseClient client) {
        this.client = Objects.requireNonNull(client);
    }

    /** "Data Clean Up" of a bronze object into silver Parquet ({@code <key>_processed.parquet}). */
    public PipelineResult clean(String bronzeKey) {
        return run(Pipeline.clean(), bronzeKey, o -> { });
    }

    public PipelineResult clean(String bronzeKey, Consumer<RunOptions> options) {
        return run(Pipeline.clean(), bronzeKey, options);
    }

    /** ML prep of a bronze object into silver Parquet ({@code <key>_prepared.parquet}). */
    public PipelineResult mlPrep(String bronzeKey) {
        return run(Pipeline.mlPrep(), bronzeKey, o -> { });
    }

    public PipelineResult mlPrep(String bronzeKey, Consumer<RunOptions> options) {
        return run(Pipeline.mlPrep(), bronzeKey, options);
    }

    /** The output broke its contract: recorded on the input with the contract and the checks that failed. */
    private void recordContractFailure(Pipeline pipeline, ObjectInfo source, String sourceSha, String silverKey,
                                       java.time.Instant startedAt, ContractFailedException failure) {
        ContractReport r = failure.report();
        List<Map<String, Object>> failed = new ArrayList<>();
        for (CheckResult c : r.failures()) {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("id", c.id());
            f.put("metric", c.metric());
            f.put("property", c.property());
            f.put("value", c.value());
            f.put("threshold", c.threshold());
            failed.add(f);
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("started_at", startedAt.toString());
        details.put("output_key", silverKey);
        details.put("contract_id", r.contractId());
        details.put("contract_version", r.contractVersion());
        details.put("contract_sha256", r.contractSha256());
        details.put("failed_checks", failed);
        record(io.redback.rdw.ProvenanceEvent.CONTRACT_FAILED, pipeline, source, sourceSha, details, failure);
    }

    /** A run that wrote nothing is recorded too (on its bronze input), so the record shows what was tried and why it failed. */
    private void recordFailure(Pipeline pipeline, ObjectInfo source, String sourceSha, String silverKey,
                               java.time.Instant startedAt, RuntimeException failure) {
        record(io.redback.rdw.ProvenanceEvent.PIPELINE_FAILED, pipeline, source, sourceSha,
                Map.of("started_at", startedAt.toString(), "output_key", silverKey,
                        "error", String.valueOf(failure.getMessage())), failure);
    }

    private void record(String type, Pipeline pipeline, ObjectInfo source, String sourceSha, Map<String, Object> details,
                        RuntimeException failure) {
        var ctx = client.context();
        try {
            ctx.provenance().record(new io.redback.rdw.ProvenanceEvent(java.util.UUID.randomUUID(), ctx.eventSource(),
                    type, ctx.clock().instant(), ctx.config().user(), null,
                    source.bucket(), source.ref().key(), source.size(), null, null, ctx.objectStore().describe(), sourceSha,
                    Layer.BRONZE, WarehouseClient.version(),
                    new io.redback.rdw.ProvenanceEvent.Lineage(source.ref(), sourceSha, pipeline.name(), pipeline.specHash()),
                    details));
        } catch (RuntimeException e) {
            failure.addSuppressed(e); // the run's own failure is what the caller must see
        }
    }

    /**
     * Runs a pipeline on a bronze object into silver Parquet.
     *
     * @throws io.redback.rdw.NotFoundException      if there is no such bronze object
     * @throws InvalidInputException                 if the object is malformed (nothing is written)
     * @throws io.redback.rdw.AlreadyExistsException if the silver key holds data made from another object and overwrite was
     *                                               not asked (a result of this object that is stale is replaced)
     */
    public PipelineResult run(Pipeline pipeline, String bronzeKey, Consumer<RunOptions> options) {
        RunOptions o = options(pipeline, options);
        long started = System.nanoTime();
        java.time.Instant startedAt = client.context().clock().instant();
        Bucket bronze = client.bucket(Layer.BRONZE);
        Bucket silver = client.bucket(Layer.SILVER);
        ObjectInfo source = bronze.stat(bronzeKey);
        String sourceSha = source.sha256().orElseGet(() -> sha256Of(bronze, bronzeKey));
        String specHash = pipeline.specHash();
        String silverKey = o.outputKey != null ? o.outputKey : silverKey(bronzeKey, pipeline);
        boolean replace = o.overwrite;
        if (silver.exists(silverKey)) {
            ObjectInfo existing = silver.stat(silverKey);
            Map<String, String> tags = existing.metadata();
            boolean sameSource = source.ref().toString().equals(tags.get(Tags.SOURCE_OBJECT));
            // a result checked against another contract, or none, is made again under this one
            boolean sameContract = o.contract == null || o.contract.sha256().equals(tags.get(CONTRACT_SHA256));
            if (sameSource && sameContract && sourceSha.equals(tags.get(Tags.SOURCE_SHA256))
                    && specHash.equals(tags.get(Tags.PIPELINE_SPEC))) {
                return new PipelineResult(pipeline.name(), source.ref().toString(), existing.ref().toString(), -1, -1,
                        Map.of(), List.of(), Map.of(), List.of(), Duration.ofNanos(System.nanoTime() - started), existing,
                        PipelineResult.Outcome.REUSED, Map.of(), null);
            }
            // derived from this very object, but its content or the pipeline changed since: that result is stale
            replace |= sameSource;
        }
        boolean overwrite = replace;
        Path work = null;
        try {
            work = TemporaryFiles.createSystemDirectory("run");
            Path input = localCopy(bronze, bronzeKey, work);
            Path output = work.resolve("output.parquet");
            o.contractDataset = new ObjectRef(Layer.SILVER, silverKey).toString();
            PipelineResult local = new PipelineJob(client.context().sqlRuntime(), Pipelines.today(), Contracts.on(client))
                    .run(pipeline, input, source.ref().toString(), output, o);
            ObjectRef from = source.ref();
            // out of the data folder: a folder of Parquet objects must stay one table for Dremio and the embedded engine
            String sidecarKey = Bucket.sidecarKey(silverKey, "pipeline.json");
            Path sidecar = work.resolve("pipeline.json");
            Files.writeString(sidecar, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(
                    sidecar(pipeline, from, sourceSha, silverKey, local)));
            String stats = Json.MAPPER.writeValueAsString(local.stats());
            ObjectInfo written = silver.put(silverKey, output, p -> {
                // the sidecar goes in the same write: one object, its statistics beside it, one provenance event
                p.derivedFrom(from, sourceSha, pipeline.name(), specHash).sourceFile(from.toString())
                        .contentType("application/vnd.apache.parquet").companion(sidecarKey, sidecar)
                        .metadata("pipeline-stats-object", sidecarKey)
                        .eventMetadata("preprocessing_option", pipeline.name())
                        .eventMetadata("started_at", startedAt.toString())
                        .eventMetadata("rows_in", local.rowsIn())
                        .eventMetadata("rows_out", local.rowsOut())
                        .eventMetadata("dropped_columns", local.droppedColumns());
                if (stats.length() <= 1500) {
                    p.metadata("pipeline-stats", stats); // S3 keeps about 2 KB of metadata; the sidecar has it all
                }
                local.contract().ifPresent(c -> {
                    // the contract the output kept, in its lineage: which one, which version, how many checks
                    p.metadata(CONTRACT_ID, c.contractId()).metadata("contract-version", c.contractVersion())
                            .metadata(CONTRACT_SHA256, c.contractSha256())
                            .eventMetadata("contract_id", c.contractId())
                            .eventMetadata("contract_version", c.contractVersion())
                            .eventMetadata("contract_sha256", c.contractSha256())
                            .eventMetadata("contract_checks", c.checks().size())
                            .eventMetadata("contract_warnings", c.count(CheckResult.Result.WARNING));
                });
                if (overwrite) {
                    p.overwrite();
                }
            });
            return local.withSilver(written, Duration.ofNanos(System.nanoTime() - started));
        } catch (IOException e) {
            RuntimeException failure = new UncheckedIOException("cannot run " + pipeline.name() + " on " + source.ref() + ": "
                    + e.getMessage(), e);
            recordFailure(pipeline, source, sourceSha, silverKey, startedAt, failure);
            throw failure;
        } catch (ContractFailedException e) {
            recordContractFailure(pipeline, source, sourceSha, silverKey, startedAt, e);
            throw e;
        } catch (RuntimeException e) {
            recordFailure(pipeline, source, sourceSha, silverKey, startedAt, e);
            throw e;
        } finally {
            TemporaryFiles.deleteTree(work);
        }
    }

    /**
     * Runs a pipeline on a local file with this client's SQL runtime. The output (Parquet, CSV or JSON by extension)
     * appears only when complete; an existing output is replaced only with {@link RunOptions#overwrite()}.
     */
    public PipelineResult run(Pipeline pipeline, Path input, Path output, Consumer<RunOptions> options) {
        RunOptions o = options(pipeline, options);
        PipelineJob.outputFormat(output);
        if (Files.exists(output) && !o.overwrite) {
            throw new AlreadyExistsException(output + " already exists; choose another output, or overwrite it");
        }
        return new PipelineJob(client.context().sqlRuntime(), Pipelines.today(), Contracts.on(client))
                .run(pipeline, input, input.getFileName().toString(), output, o);
    }

    /**
     * The pipeline as one SQL statement over the bronze object as the query engine names it (see
     * {@link #sql(Pipeline, Path, String)}), for data that outgrows one machine; types and column decisions come from
     * the object itself.
     */
    public String sql(Pipeline pipeline, String bronzeKey) {
        Bucket bronze = client.bucket(Layer.BRONZE);
        ObjectInfo source = bronze.stat(bronzeKey);
        if (!source.key().toLowerCase(Locale.ROOT).matches(".*\\.(csv|txt)")) {
            throw new InvalidInputException(source.ref() + ": the SQL form reads CSV and TXT objects");
        }
        Path work = null;
        try {
            work = TemporaryFiles.createSystemDirectory("sql");
            return new PipelineJob(client.context().sqlRuntime(), Pipelines.today(), Contracts.on(client)).portableSql(pipeline,
                    localCopy(bronze, bronzeKey, work), source.ref().toString(), relation(Layer.BRONZE, bronzeKey),
                    new RunOptions());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            TemporaryFiles.deleteTree(work);
        }
    }

    /**
     * The pipeline as one SQL statement over {@code sourceRelation} (the input's columns as text, as Dremio reads a CSV
     * file: e.g. {@code "lake"."dw-bucket-bronze"."project1"."rides.csv"}), for Dremio to run as
     * {@code CREATE TABLE ... AS}. Types and column decisions come from the local {@code sample} of the same data.
     */
    public String sql(Pipeline pipeline, Path sample, String sourceRelation) {
        return new PipelineJob(client.context().sqlRuntime(), Pipelines.today(), Contracts.on(client)).portableSql(pipeline, sample,
                sample.getFileName().toString(), sourceRelation, new RunOptions());
    }

    /**
     * Runs the pipeline on the query engine as {@code CREATE TABLE <table> AS <its SQL form>}, with the engine's
     * administrator credentials (for Dremio: {@code DREMIO_ADMIN_USERNAME}/{@code DREMIO_ADMIN_PASSWORD}).
     *
     * @param table where the result goes, e.g. {@code [lake, dw-bucket-silver, project1, rides_clean]}
     * @throws io.redback.rdw.ConfigurationException if the query engine has no administrator operations (the embedded
     *                                               one) or they are not configured
     */
    public List<String> runOnDremio(Pipeline pipeline, String bronzeKey, List<String> table) {
        DatasetAdmin admin = client.context().datasetAdmin();
        return admin.createTableAs(table, sql(pipeline, bronzeKey));
    }

    /**
     * The object as a relation of the query engine: the path its administrator names it by (for Dremio, the source
     * the buckets are reached through, if any, then the bucket and the key's segments). An engine without
     * administrator operations (the embedded one) reads the bucket and the key's segments.
     */
    private String relation(Layer layer, String key) {
        String bucket = client.config().bucket(layer);
        List<String> path;
        try {
            path = client.context().datasetAdmin().path(bucket, key);
        } catch (ConfigurationException e) {
            path = new ArrayList<>();
            path.add(bucket);
            path.addAll(List.of(key.split("/")));
        }
        return String.join(".", path.stream().map(s -> '"' + s.replace("\"", "\"\"") + '"').toList());
    }

    /** The caller's options; the pipeline's own contract where the caller named none. */
    private static RunOptions options(Pipeline pipeline, Consumer<RunOptions> options) {
        RunOptions o = new RunOptions();
        options.accept(o);
        if (o.contract == null && pipeline.contract() != null) {
            o.contract(pipeline.contract());
        }
        return o;
    }

    private static String silverKey(String bronzeKey, Pipeline pipeline) {
        int dot = bronzeKey.lastIndexOf('.');
        String stem = dot > bronzeKey.lastIndexOf('/') ? bronzeKey.substring(0, dot) : bronzeKey;
        String suffix = switch (pipeline.name()) {
            case "clean" -> "_processed";
            case "ml_prep" -> "_prepared";
            default -> "_" + pipeline.name().replaceAll("[^A-Za-z0-9_-]+", "_");
        };
        return stem + suffix + ".parquet";
    }

    /** What the run did, for a model that must transform new data the same way. */
    private static Map<String, Object> sidecar(Pipeline pipeline, ObjectRef from, String sourceSha, String silverKey,
                                               PipelineResult r) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("pipeline", pipeline.name());
        s.put("steps", pipeline.describe());
        s.put("spec_hash", pipeline.specHash());
        s.put("source", from.toString());
        s.put("source_sha256", sourceSha);
        s.put("output", new ObjectRef(Layer.SILVER, silverKey).toString());
        s.put("rows_in", r.rowsIn());
        s.put("rows_out", r.rowsOut());
        s.put("columns", r.columns());
        s.put("dropped_columns", r.droppedColumns());
        s.put("stats", r.stats());
        s.put("warnings", r.warnings());
        return s;
    }

    /** The object as a local file: the store's own file when it has one, a downloaded copy otherwise. */
    private static Path localCopy(Bucket bucket, String key, Path work) throws IOException {
        Path local = bucket.localFile(key).orElse(null);
        if (local != null) {
            return local;
        }
        Path copy = work.resolve("input" + key.substring(key.lastIndexOf('/') + 1).replaceAll(".*(\\.[A-Za-z0-9]+)$", "$1"));
        try (InputStream in = bucket.open(key)) {
            Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
        }
        return copy;
    }

    private static String sha256Of(Bucket bucket, String key) {
        try (InputStream in = bucket.open(key)) {
            return Hashing.sha256(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + key, e);
        }
    }
}
