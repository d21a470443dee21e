package io.redback.rdw;

import io.redback.rdw.internal.Tags;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * What the warehouse knows of a stored object: where it is, its size, and the provenance metadata rdw tagged
 * it with when it was written (who, when, source file, SHA-256, rdw version, layer, pipeline and source object).
 */
public record ObjectInfo(ObjectRef ref, String bucket, long size, Instant lastModified, Map<String, String> metadata) {
    public ObjectInfo {
        metadata = Map.copyOf(metadata);
    }

    public Layer layer() {
        return ref.layer();
    }

    public String key() {
        return ref.key();
    }

    /** Hex SHA-256 of the content, as recorded when rdw wrote it. */
    public Optional<String> sha256() {
        return Optional.ofNullable(metadata.get(Tags.SHA256));
    }

    /** When rdw wrote it. */
    public Optional<Instant> created() {
        return Optional.ofNullable(metadata.get(Tags.CREATED)).map(Instant::parse);
    }

    /** Who wrote it. */
    public Optional<String> user() {
        return Optional.ofNullable(metadata.get(Tags.USER));
    }

    /** The id of the provenance event that recorded its write (the {@code event_id} of its warehouse event). */
    public Optional<java.util.UUID> eventId() {
        return Optional.ofNullable(metadata.get(Tags.EVENT_ID)).map(java.util.UUID::fromString);
    }

    /** The name of the local file it was uploaded from. */
    public Optional<String> sourceFile() {
        return Optional.ofNullable(metadata.get(Tags.SOURCE_FILE));
    }

    /** The pipeline that produced it, for derived data. */
    public Optional<String> pipeline() {
        return Optional.ofNullable(metadata.get(Tags.PIPELINE));
    }

    /** The object it was derived from, for derived data. */
    public Optional<ObjectRef> derivedFrom() {
        return Optional.ofNullable(metadata.get(Tags.SOURCE_OBJECT)).map(ObjectRef::parse);
    }

    /**
     * The object's name in SQL, Dremio-style: {@code "dw-bucket-silver"."project1"."2025"."rides.parquet"}.
     * Use it in {@link WarehouseClient#query}.
     */
    public String sqlPath() {
        StringBuilder b = new StringBuilder("\"").append(bucket).append('"');
        for (String segment : ref.key().split("/")) {
            b.append(".\"").append(segment.replace("\"", "\"\"")).append('"');
        }
        return b.toString();
    }

    @Override
    public String toString() {
        return ref + " (" + size + " bytes" + sha256().map(s -> ", sha256 " + s.substring(0, Math.min(12, s.length())) + "…").orElse("")
                + (lastModified == null ? "" : ", " + lastModified) + ")";
    }
}
