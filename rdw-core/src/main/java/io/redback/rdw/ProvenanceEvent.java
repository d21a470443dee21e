package io.redback.rdw;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * One event of the provenance record: a row of the warehouse's {@code provenance} table
 * ({@code event_id .. custom_metadata}) plus what rdw adds: the object's SHA-256, its layer, the rdw version and,
 * for derived data, its {@link Lineage}.
 *
 * @param eventId         unique id of the event
 * @param eventSource     what produced it, e.g. {@code rdw:sdk} or {@code rdw:cli}
 * @param eventType       {@code file:uploaded}, {@code object:written}, {@code object:derived}, {@code object:deleted},
 *                        or for documents {@code document:inserted}, {@code document:updated},
 *                        {@code document:replaced}, {@code document:deleted}, {@code documents:loaded} (one per batch
 *                        of a load) and {@code document:insert-failed} (an insert that stopped part-way); and
 *                        {@code pipeline:failed}, a run on a bronze object that wrote nothing (the event is on that
 *                        object, with the error); {@code file:rejected}, a write a content scanner refused, and
 *                        {@code scan:skipped}, content stored unscanned
 * @param timestamp       when the write completed
 * @param userId          who wrote
 * @param sourceIp        the writer's address where known, else {@code null}
 * @param bucketName      bucket written to (for documents: the collection)
 * @param objectKey       key written (for documents: {@code project/documents/ID}, or {@code project/documents/}
 *                        for several)
 * @param objectSize      bytes written
 * @param objectEtag      the store's entity tag, where it has one
 * @param contentType     MIME type
 * @param serviceEndpoint the backend written to ({@code embedded:/path} or a URL without credentials)
 * @param sha256          hex SHA-256 of the content
 * @param layer           medallion layer ({@code null} for documents, which live outside the buckets)
 * @param rdwVersion      version of rdw that wrote
 * @param lineage         where derived data came from, or {@code null} for raw uploads
 * @param customMetadata  the event's extra fields ({@code original_filename}, {@code project}, ...)
 */
public record ProvenanceEvent(
        UUID eventId,
        String eventSource,
        String eventType,
        Instant timestamp,
        String userId,
        String sourceIp,
        String bucketName,
        String objectKey,
        Long objectSize,
        String objectEtag,
        String contentType,
        String serviceEndpoint,
        String sha256,
        Layer layer,
        String rdwVersion,
        Lineage lineage,
        Map<String, Object> customMetadata) {

    public static final String FILE_UPLOADED = "file:uploaded";
    public static final String OBJECT_WRITTEN = "object:written";
    public static final String OBJECT_DERIVED = "object:derived";
    public static final String OBJECT_DELETED = "object:deleted";
    public static final String DOCUMENT_INSERTED = "document:inserted";
    public static final String DOCUMENT_UPDATED = "document:updated";
    public static final String DOCUMENT_REPLACED = "document:replaced";
    public static final String DOCUMENT_DELETED = "document:deleted";
    /** One batch of a bulk load: each batch is stored, and recorded, on its own. */
    public static final String DOCUMENTS_LOADED = "documents:loaded";
    /** An insert that failed after it may have stored some of its documents: they are listed, so none goes unrecorded. */
    public static final String DOCUMENT_INSERT_FAILED = "document:insert-failed";

    /** A pipeline run that failed and wrote nothing: recorded on its bronze input, with {@code error} and {@code output_key}. */
    public static final String PIPELINE_FAILED = "pipeline:failed";
    /**
     * A commit to a versioned table (create, append, overwrite, rollback, merge, a branch or tag made or removed):
     * recorded on the table's folder, with {@code table}, {@code operation}, {@code branch}, {@code snapshot_id},
     * {@code parent_id}, {@code added_rows}, {@code total_rows} and {@code metadata_location}.
     */
    public static final String TABLE_COMMITTED = "table:committed";
    /**
     * A pipeline's output that broke its data contract, so nothing was written: recorded on the bronze input, with
     * {@code contract_id}, {@code contract_version}, {@code contract_sha256}, {@code output_key} and {@code failed_checks}.
     */
    public static final String CONTRACT_FAILED = "contract:failed";

    /**
     * A write a content scanner refused: nothing was stored. The event names who tried to write what (bucket, key,
     * size, SHA-256) and, in {@code custom_metadata}, why: {@code reason} (the scanner's message), {@code signature}
     * (what it found, when it names it) and {@code scanner}.
     */
    public static final String FILE_REJECTED = "file:rejected";
    /**
     * Content stored without being scanned, because the scanner could not be asked and is configured to let content
     * through then (fail open); recorded after the write's own event, with {@code reason}, {@code scanner} and
     * {@code event_id} (the write's event) in {@code custom_metadata}.
     */
    public static final String SCAN_SKIPPED = "scan:skipped";

    public ProvenanceEvent {
        customMetadata = customMetadata == null ? Map.of() : Map.copyOf(customMetadata);
    }

    /**
     * Where derived data came from.
     *
     * @param source       the object it was computed from
     * @param sourceSha256 the SHA-256 of that object's content when it was read
     * @param pipeline     the pipeline's name, e.g. {@code clean}
     * @param specHash     a hash of the pipeline's specification (its steps and options)
     */
    public record Lineage(ObjectRef source, String sourceSha256, String pipeline, String specHash) {
    }
}
