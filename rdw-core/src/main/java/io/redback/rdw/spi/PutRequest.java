package io.redback.rdw.spi;

import java.util.Map;
import java.util.function.LongConsumer;

/**
 * How to store an object. rdw reads the content once before the store does (to hash and, where configured, scan
 * it), so the size, the SHA-256 and the metadata are known before the store starts: an S3 store needs them when it
 * begins a multipart upload.
 *
 * @param overwrite   replace an existing object; when {@code false} the store must fail with
 *                    {@link io.redback.rdw.AlreadyExistsException} if the key exists, atomically (of two racing
 *                    writers exactly one wins)
 * @param contentType MIME type
 * @param size        the exact number of bytes the content has
 * @param sha256      hex SHA-256 of the content: the store computes it again while it reads and stores nothing when
 *                    the two differ (the source changed between the two reads, or a byte was lost)
 * @param metadata    the user metadata to store with the object
 * @param progress    told the number of bytes read so far, from time to time
 */
public record PutRequest(boolean overwrite, String contentType, long size, String sha256, Map<String, String> metadata,
                         LongConsumer progress) {
    public PutRequest {
        metadata = Map.copyOf(metadata);
        progress = progress == null ? bytes -> { } : progress;
    }
}
