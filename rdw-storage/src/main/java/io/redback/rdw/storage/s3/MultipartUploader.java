package io.redback.rdw.storage.s3;

import com.google.common.collect.ArrayListMultimap;
import com.google.common.collect.Multimap;
import io.minio.MinioAsyncClient;
import io.minio.messages.Part;
import io.redback.rdw.AlreadyExistsException;
import io.redback.rdw.BackendUnavailableException;
import io.redback.rdw.InvalidInputException;
import io.redback.rdw.NotFoundException;
import io.redback.rdw.RdwException;
import io.redback.rdw.spi.ContentCheck;
import io.redback.rdw.spi.PutRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Uploads of objects larger than one part. Parts are read one after another (the content is hashed as it is read)
 * and sent several at once from a fixed set of reused buffers, so memory stays at about {@code parallel x partSize}
 * whatever the object's size. The upload is completed only when every part arrived and the content matched its
 * announced SHA-256, with {@code If-None-Match: *} when it must not replace anything; otherwise it is aborted, so
 * nothing half-written becomes visible.
 */
final class MultipartUploader implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MultipartUploader.class);

    /** Whether the object under a key is the one a request wrote: a repeated call whose first answer was lost. */
    @FunctionalInterface
    interface Written {
        boolean byThis(String bucket, String key, PutRequest request);
    }

    private final S3Settings settings;
    private final MinioAsyncClient client;
    private final S3Calls calls;
    private final Written written;
    private final ExecutorService partSenders;
    /** Uploads in progress, aborted on close (an interrupted program leaves none behind). */
    private final Map<String, String[]> activeUploads = new ConcurrentHashMap<>();

    MultipartUploader(S3Settings settings, MinioAsyncClient client, S3Calls calls, Written written) {
        this.settings = settings;
        this.client = client;
        this.calls = calls;
        this.written = written;
        AtomicInteger threads = new AtomicInteger();
        this.partSenders = Executors.newFixedThreadPool(settings.parallel(), r -> {
            Thread t = new Thread(r, "rdw-s3-part-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Parts read one after another, sent several at once; completes only when all arrived and the hash matches. */
    void upload(String bucket, String key, String what, ContentCheck check, PutRequest request) throws IOException {
        String uploadId = calls.call("start upload of " + what, () -> client.createMultipartUploadAsync(bucket,
                settings.region(), key, S3Metadata.headers(request, false), null)).result().uploadId();
        activeUploads.put(uploadId, new String[]{bucket, key});
        boolean completed = false;
        try {
            Part[] parts = sendParts(bucket, key, what, check, request, uploadId);
            check.verify(what);
            complete(bucket, key, what, uploadId, parts, request);
            completed = true;
        } finally {
            activeUploads.remove(uploadId);
            if (!completed) {
                abort(bucket, key, uploadId);
            }
        }
    }

    private Part[] sendParts(String bucket, String key, String what, ContentCheck check, PutRequest request,
                             String uploadId) throws IOException {
        // a fixed set of part buffers, reused: memory stays at parallel x partSize, and the JVM is spared
        // allocating a large array for every part
        int parallel = settings.parallel();
        BlockingQueue<byte[]> buffers = new ArrayBlockingQueue<>(parallel);
        int bufferSize = (int) Math.min(settings.partSize(), request.size());
        for (int i = 0; i < parallel; i++) {
            buffers.add(new byte[0]); // allocated on first use, so a small upload does not pay for all of them
        }
        List<Future<Part>> parts = new ArrayList<>();
        long remaining = request.size();
        for (int number = 1; remaining > 0; number++) {
            byte[] buffer = take(buffers, what);
            if (buffer.length < bufferSize) {
                buffer = new byte[bufferSize];
            }
            int length = (int) Math.min(settings.partSize(), remaining);
            int read = check.readNBytes(buffer, 0, length);
            if (read < length) {
                buffers.add(buffer);
                break; // the content ended early: verify() says so
            }
            remaining -= length;
            int partNumber = number;
            byte[] data = buffer;
            parts.add(partSenders.submit(() -> {
                try {
                    String etag = calls.call("send part " + partNumber + " of " + what, () -> client.uploadPartAsync(
                            bucket, settings.region(), key, data, length, uploadId, partNumber, null, null)).etag();
                    return new Part(partNumber, etag);
                } finally {
                    buffers.add(data);
                }
            }));
            failFast(parts);
        }
        if (remaining == 0 && check.read() >= 0) {
            throw new InvalidInputException(what + ": the content is longer than the " + request.size()
                    + " bytes announced; nothing was stored");
        }
        Part[] done = new Part[parts.size()];
        for (int i = 0; i < done.length; i++) {
            done[i] = await(parts.get(i), what);
        }
        return done;
    }

    private void complete(String bucket, String key, String what, String uploadId, Part[] parts, PutRequest request) {
        Multimap<String, String> headers = request.overwrite() ? ArrayListMultimap.create() : S3Metadata.createOnly();
        AtomicInteger attempts = new AtomicInteger();
        try {
            calls.call("complete " + what, () -> {
                attempts.incrementAndGet();
                return client.completeMultipartUploadAsync(bucket, settings.region(), key, uploadId, parts, headers, null);
            });
        } catch (AlreadyExistsException | NotFoundException e) {
            // a repeated complete after a lost answer finds the object there, or the upload gone: done if it is ours
            if (attempts.get() < 2 || !written.byThis(bucket, key, request)) {
                throw e;
            }
        }
    }

    private void abort(String bucket, String key, String uploadId) {
        try {
            calls.call("abort upload of " + bucket + "/" + key, () -> client.abortMultipartUploadAsync(bucket,
                    settings.region(), key, uploadId, null, null));
        } catch (RdwException e) {
            // the parts stay invisible; the server's lifecycle rules or a later abort remove them
            LOG.warn("could not abort the unfinished upload of {}/{}: {}", bucket, key, e.getMessage());
        }
    }

    private static byte[] take(BlockingQueue<byte[]> buffers, String what) {
        try {
            return buffers.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendUnavailableException(what + ": interrupted; the upload was abandoned and nothing was stored", e);
        }
    }

    /** Stops reading as soon as a part has failed for good. */
    private static void failFast(List<Future<Part>> parts) {
        for (Future<Part> f : parts) {
            if (f.isDone()) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof RuntimeException r ? r : new BackendUnavailableException(e.getMessage(), e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new BackendUnavailableException("interrupted", e);
                }
            }
        }
    }

    private static <T> T await(Future<T> f, String what) {
        try {
            return f.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new BackendUnavailableException(what + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendUnavailableException(what + ": interrupted; nothing was stored", e);
        }
    }

    /** The ids of the uploads this uploader has in progress. */
    Set<String> activeUploadIds() {
        return Set.copyOf(activeUploads.keySet());
    }

    /** Aborts the uploads still in progress and stops the part senders. */
    @Override
    public void close() {
        for (Map.Entry<String, String[]> upload : Set.copyOf(activeUploads.entrySet())) {
            abort(upload.getValue()[0], upload.getValue()[1], upload.getKey());
        }
        partSenders.shutdownNow();
    }
}
