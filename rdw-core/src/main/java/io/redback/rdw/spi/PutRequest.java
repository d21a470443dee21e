package io.redback.rdw.spi;

import java.util.Map;
import io.redback.rdw.ProgressListener;

/**
 * How to store an object. rdw reads the content once before the store does (to hash and, where configured, scan
 * it), so the size, the SHA-256 and the metadata are known before the store starts: an S3 store needs them when it
 * begins a multipart upload.
 *
 * @param mode        {@link Mode#REPLACE} replaces an existing object; with {@link Mode#CREATE} the store must fail
 *                    with {@link io.redback.rdw.AlreadyExistsException} if the key exists, atomically (of two racing
 *                    writers exactly one wins)
 * @param contentType MIME type
 * @param size        the exact number of bytes the content has
 * @param sha256      hex SHA-256 of the content: the store computes it again while it reads and stores nothing when
 *                    the two differ (the source changed between the two reads, or a byte was lost)
 * @param metadata    the user metadata to store with the object
 * @param progress    told the bytes read so far, from time to time
 */
public record PutRequest(Mode mode, String contentType, long size, String sha256, Map<String, String> metadata,
                         ProgressListener progress) {

    /** Whether a write may replace an object that exists. */
    public enum Mode { CREATE, REPLACE }

    public PutRequest {
        java.util.Objects.requireNonNull(mode, "mode");
        metadata = Map.copyOf(metadata);
        progress = progress == null ? ProgressListener.NONE : progress;
    }

    /** Whether an existing object is replaced. */
    public boolean overwrite() {
        return mode == Mode.REPLACE;
    }
}
