package io.redback.rdw.spi;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A backend that keeps objects in buckets: the embedded folder store, or S3/MinIO. Implementations only store;
 * governance (write-once bronze, naming, provenance) is applied by rdw before a call reaches them. Keys handed to
 * a store have been validated, but a store must still never read or write outside its own buckets.
 *
 * <p>Every implementation runs the contract suite {@code io.redback.rdw.tck.ObjectStoreContract} from
 * rdw-tck.
 */
public interface ObjectStore extends AutoCloseable {

    /** Where the objects are, without credentials: {@code embedded:/home/me/.local/share/rdw/warehouse}. */
    String describe();

    /** Creates a bucket if it is missing. */
    void createBucket(String bucket);

    boolean bucketExists(String bucket);

    /**
     * Stores an object atomically: readers see the old object or the whole new one, never a part; a failure or an
     * interruption while reading {@code content} leaves nothing behind. The store reads {@code content} through a
     * {@link ContentCheck} and stores nothing unless its size and SHA-256 match the request.
     *
     * @throws io.redback.rdw.AlreadyExistsException if the key exists and the request does not overwrite
     * @throws io.redback.rdw.NotFoundException      if the bucket does not exist
     */
    StoredObject put(String bucket, String key, InputStream content, PutRequest request);

    /** @throws io.redback.rdw.NotFoundException if there is no such object */
    StoredObject stat(String bucket, String key);

    /** Whether an object exists. */
    default boolean exists(String bucket, String key) {
        try {
            stat(bucket, key);
            return true;
        } catch (io.redback.rdw.NotFoundException e) {
            return false;
        }
    }

    /** The object's bytes. @throws io.redback.rdw.NotFoundException if there is no such object */
    InputStream open(String bucket, String key);

    /** The object's file, for stores that keep objects as local files; empty otherwise. */
    Optional<Path> localPath(String bucket, String key);

    /** Objects whose key starts with {@code prefix} (all depths), sorted by key. */
    List<StoredObject> list(String bucket, String prefix);

    /** A link that downloads the object without credentials until {@code expiry} has passed, where the store can. */
    default Optional<java.net.URI> presign(String bucket, String key, java.time.Duration expiry) {
        return Optional.empty();
    }

    /** Deletes an object; {@code false} if it did not exist. */
    boolean delete(String bucket, String key);

    /** Whether it answers, how fast, and if not, what to do; {@code rdw doctor} shows it. */
    default io.redback.rdw.Health health() {
        return io.redback.rdw.Health.unknown("storage", describe());
    }

    @Override
    void close();
}
