package io.redback.rdw.spi;

import java.time.Instant;
import java.util.Map;

/**
 * An object as a store reports it.
 *
 * @param key          its key within the bucket
 * @param size         bytes
 * @param lastModified when it was last written
 * @param etag         the store's entity tag, or {@code null} where the store has none
 * @param metadata     the user metadata stored with it (rdw's provenance tags among them)
 */
public record StoredObject(String key, long size, Instant lastModified, String etag, Map<String, String> metadata) {
    public StoredObject {
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }
}
