package io.redback.rdw.stream.mqtt;

import io.redback.rdw.AlreadyExistsException;
import io.redback.rdw.Bucket;
import io.redback.rdw.DatasetLocation;
import io.redback.rdw.InvalidInputException;
import io.redback.rdw.ObjectRef;
import io.redback.rdw.PutOptions;
import io.redback.rdw.spi.SqlRuntime;
import io.redback.rdw.stream.MqttBatchInfo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Where an ingestion's batches go: one bronze object each, {@code <location>/mqtt_<first>_<last>.jsonl} (UTC to the
 * millisecond), its rejects in a sidecar beside it, and, when asked, every record on a Kafka topic as well.
 */
final class IngestTarget implements AutoCloseable {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'")
            .withZone(ZoneOffset.UTC);
    static final String CONTENT_TYPE = "application/x-ndjson";
    static final String PARQUET_TYPE = "application/vnd.apache.parquet";

    private final Bucket bronze;
    private final DatasetLocation location;
    private final Path folder;
    private final RecordForwarder forward;
    private final String filter;
    private final String clientId;
    private final String broker;
    private final SqlRuntime parquet;

    /** @param parquet the runtime that writes batches as Parquet, or {@code null} for JSON Lines */
    IngestTarget(Bucket bronze, DatasetLocation location, Path folder, RecordForwarder forward, String filter,
                 String clientId, String broker, SqlRuntime parquet) {
        this.parquet = parquet;
        this.bronze = bronze;
        this.location = location;
        this.folder = folder;
        this.forward = forward;
        this.filter = filter;
        this.clientId = clientId;
        this.broker = broker;
    }

    DatasetLocation location() {
        return location;
    }

    MqttBatch newBatch() {
        return new MqttBatch(folder, forward != null);
    }

    boolean stored(String key) {
        return bronze.exists(key);
    }

    /**
     * Stores a batch: its key goes into the ledger first, then the records to Kafka (when asked), then the object with
     * its provenance. A batch the ledger shows stored already (a store that failed after writing) is not stored again.
     */
    MqttBatchInfo store(MqttBatch batch, Redeliveries ledger) {
        Path records = batch.records();
        Path rejects = batch.rejects();
        if (records == null && rejects == null) {
            return info(batch, null, null);
        }
        long[] fingerprints = batch.fingerprints();
        // only a batch tried before may be stored already: two batches of the same messages are two batches
        Optional<String> already = batch.attempt() > 0 ? ledger.storedAs(fingerprints, this::stored) : Optional.empty();
        if (already.isPresent()) {
            return info(batch, records == null ? null : already.get(), rejects == null ? null
                    : records == null ? already.get() : Bucket.sidecarKey(already.get(), "rejects.jsonl"));
        }
        Path data = records == null || parquet == null ? records : ParquetBatches.convert(parquet, records, folder);
        try {
            return store(batch, ledger, fingerprints, data, rejects);
        } finally {
            if (data != null && data != records) {
                delete(data);
            }
        }
    }

    private MqttBatchInfo store(MqttBatch batch, Redeliveries ledger, long[] fingerprints, Path records, Path rejects) {
        String extension = parquet == null ? ".jsonl" : ".parquet";
        for (int attempt = 0; attempt < 1000; attempt++) {
            String key = location.prefix() + "mqtt_" + STAMP.format(batch.first()) + "_" + STAMP.format(batch.last())
                    + (attempt == 0 ? "" : "_" + attempt) + extension;
            String rejectKey = Bucket.sidecarKey(key, "rejects.jsonl");
            String main = records != null ? key : rejectKey;
            if (stored(main)) {
                continue;
            }
            ledger.storing(new Redeliveries.Batch(main, fingerprints));
            if (forward != null && !batch.forwardRecords().isEmpty()) {
                forward.sendAll(batch.forwardRecords());
            }
            Consumer<PutOptions> options = o -> {
                o.contentType(parquet != null && records != null ? PARQUET_TYPE : CONTENT_TYPE).sourceFile("mqtt_" + clientId + (records != null ? extension : ".rejects.jsonl"))
                        .eventMetadata("mqtt_broker", broker).eventMetadata("mqtt_topic_filter", filter)
                        .eventMetadata("mqtt_client_id", clientId).eventMetadata("mqtt_messages", batch.messages())
                        .eventMetadata("mqtt_rejected", batch.rejected())
                        .eventMetadata("mqtt_first_received", batch.first().toString())
                        .eventMetadata("mqtt_last_received", batch.last().toString());
                if (records != null && rejects != null) {
                    o.companion(rejectKey, rejects);
                }
                if (forward != null) {
                    o.eventMetadata("kafka_topic", forward.destination());
                }
            };
            try {
                bronze.put(main, records != null ? records : rejects, options);
            } catch (AlreadyExistsException e) {
                continue; // another writer took the name between the check and the write
            }
            return info(batch, records == null ? null : key, rejects == null ? null : rejectKey);
        }
        throw new InvalidInputException("no free name for a batch in " + location.prefix() + " after 1000 attempts");
    }

    private static MqttBatchInfo info(MqttBatch batch, String key, String rejectKey) {
        return new MqttBatchInfo(key == null ? null : new ObjectRef(io.redback.rdw.Layer.BRONZE, key),
                rejectKey == null ? null : new ObjectRef(io.redback.rdw.Layer.BRONZE, rejectKey), batch.messages(),
                batch.rejected(), batch.duplicates(), batch.bytes(), batch.first(), batch.last());
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a .part file in rdw's own folder
        }
    }

    /** One ingester per client id and warehouse: two would take the broker's session from each other. */
    static FileLock lock(Path file, String clientId) {
        try {
            Files.createDirectories(file.getParent());
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException sameProcess) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                throw new InvalidInputException("another ingester runs under the MQTT client id " + clientId + " in this "
                        + "warehouse: give this one another (--client-id, " + MqttSettings.CLIENT_ID.name() + ")");
            }
            return lock;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + file + ": " + e.getMessage(), e);
        }
    }

    static void release(FileLock lock) {
        try {
            lock.channel().close();
        } catch (IOException ignored) {
            // the process ends or the next ingester takes it
        }
    }

    @Override
    public void close() {
        if (forward != null) {
            forward.close();
        }
    }
}
