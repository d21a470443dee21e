package io.redback.rdw.spi;

import java.util.Map;
import java.util.function.Supplier;

/**
 * How to store an object.
 *
 * @param overwrite   replace an existing object; when {@code false} the store must fail with
 *                    {@link io.redback.rdw.AlreadyExistsException} if the key exists, atomically (two racing writers:
 *                    exactly one wins)
 * @param contentType MIME type
 * @param metadata    the user metadata to store with the object; the store calls it only after it has read the
 *                    content to its end (rdw computes the SHA-256 while the store reads)
 */
public record PutRequest(boolean overwrite, String contentType, Supplier<Map<String, String>> metadata) {
}
