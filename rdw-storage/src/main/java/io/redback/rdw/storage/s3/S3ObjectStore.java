package io.redback.rdw.storage.s3;

import com.google.common.collect.ArrayListMultimap;
import com.google.common.collect.Multimap;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.GetPresignedObjectUrlArgs;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioAsyncClient;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.errors.ErrorResponseException;
import io.minio.errors.InvalidResponseException;
import io.minio.errors.ServerException;
import io.minio.http.Method;
import io.minio.messages.Item;
import io.minio.messages.Part;
import io.redback.rdw.AlreadyExistsException;
import io.redback.rdw.BackendUnavailableException;
import io.redback.rdw.ConfigurationException;
import io.redback.rdw.InvalidInputException;
import io.redback.rdw.NotFoundException;
import io.redback.rdw.RdwException;
import io.redback.rdw.helpers.Names;
import io.redback.rdw.spi.ContentCheck;
import io.redback.rdw.spi.ObjectStore;
import io.redback.rdw.spi.PutRequest;
import io.redback.rdw.spi.StoredObject;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Objects in MinIO or any S3 server, on the MinIO Java SDK. Uploads stream in parts, several at once, so memory stays
 * at about {@code parallel x partSize} whatever the object's size; the content is checked against its announced
 * SHA-256 while it streams, and nothing becomes visible unless it matches. A write that must not replace anything is
 * sent with {@code If-None-Match: *}, so the server itself refuses the second of two racing writers. A failed or
 * interrupted multipart upload is aborted. Transient failures (unreachable, timeouts, 5xx) are retried with growing
 * pauses, and a circuit breaker stops calling a server whose calls keep failing after their retries.
 */
final class S3ObjectStore implements ObjectStore {
    private static final Logger LOG = LoggerFactory.getLogger(S3ObjectStore.class);
    private static final String META = "x-amz-meta-";
    private static final String CONTENT_TYPE = "content-type";
    /** How long a server that keeps failing is left alone before rdw tries it again. */
    private static final Duration BREAK = Duration.ofSeconds(15);

    private final S3Settings settings;
    private final MinioAsyncClient client;
    private final OkHttpClient http;
    private final Retry retry;
    private final CircuitBreaker breaker;
    private final ExecutorService partSenders;
    /** Multipart uploads in progress, aborted on close (an interrupted program leaves none behind). */
    private final Map<String, String[]> activeUploads = new ConcurrentHashMap<>();

    S3ObjectStore(S3Settings settings) {
        this.settings = settings;
        this.http = new OkHttpClient.Builder()
                .connectTimeout(settings.timeout()).readTimeout(settings.timeout()).writeTimeout(settings.timeout())
                .retryOnConnectionFailure(false) // rdw retries itself, with backoff, and only what is safe to repeat
                .build();
        http.dispatcher().setMaxRequestsPerHost(Math.max(5, settings.parallel() * 2));
        this.client = MinioAsyncClient.builder().endpoint(settings.endpoint().toString())
                .credentials(settings.accessKey(), settings.secretKey().reveal())
                .region(settings.region()).httpClient(http).build();
        if (settings.pathStyle()) {
            client.disableVirtualStyleEndpoint();
        } else {
            client.enableVirtualStyleEndpoint();
        }
        this.retry = Retry.of("s3", RetryConfig.custom()
                .maxAttempts(settings.retries() + 1)
                .intervalFunction(IntervalFunction.ofExponentialBackoff(settings.firstBackoff(), 2.0, Duration.ofSeconds(10)))
                .retryOnException(S3ObjectStore::isTransient)
                .build());
        retry.getEventPublisher().onRetry(e -> LOG.info("S3 at {}: attempt {} failed ({}); retrying in {} ms",
                settings.endpoint(), e.getNumberOfRetryAttempts(), describe(e.getLastThrowable()), e.getWaitInterval().toMillis()));
        this.breaker = CircuitBreaker.of("s3", CircuitBreakerConfig.custom()
                .failureRateThreshold(50).slidingWindowSize(20).minimumNumberOfCalls(10)
                .waitDurationInOpenState(BREAK)
                .recordException(S3ObjectStore::isTransient)
                .build());
        AtomicInteger threads = new AtomicInteger();
        this.partSenders = Executors.newFixedThreadPool(settings.parallel(), r -> {
            Thread t = new Thread(r, "rdw-s3-part-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public String describe() {
        return "s3:" + settings.endpoint();
    }

    @Override
    public void createBucket(String bucket) {
        if (!bucketExists(bucket)) {
            call("create bucket " + bucket, () -> client.makeBucket(MakeBucketArgs.builder().bucket(bucket).region(settings.region()).build()));
        }
    }

    @Override
    public boolean bucketExists(String bucket) {
        return call("check bucket " + bucket, () -> client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build()));
    }

    @Override
    public StoredObject put(String bucket, String key, InputStream content, PutRequest request) {
        String what = bucket + "/" + key;
        ContentCheck check = new ContentCheck(content, request);
        try {
            if (request.size() <= settings.partSize()) {
                putSmall(bucket, key, what, check, request);
            } else {
                putInParts(bucket, key, what, check, request);
            }
        } catch (IOException e) {
            throw new BackendUnavailableException(what + ": cannot read the content: " + e.getMessage(), e);
        }
        return stat(bucket, key);
    }

    /** One request; the server refuses it when it must not replace an existing object. */
    private void putSmall(String bucket, String key, String what, ContentCheck check, PutRequest request) throws IOException {
        byte[] data = check.readNBytes((int) request.size());
        if (check.read() >= 0) {
            throw new InvalidInputException(what + ": the content is longer than the " + request.size()
                    + " bytes announced; nothing was stored");
        }
        check.verify(what);
        Multimap<String, String> headers = headers(request, !request.overwrite());
        AtomicInteger attempts = new AtomicInteger();
        try {
            call("store " + what, () -> {
                attempts.incrementAndGet();
                return client.putObject(io.minio.PutObjectArgs.builder().bucket(bucket).object(key)
                        .stream(new java.io.ByteArrayInputStream(data), data.length, Math.max(data.length, 5L << 20))
                        .headers(headers).build());
            });
        } catch (AlreadyExistsException e) {
            if (attempts.get() < 2 || !isOurs(bucket, key, request)) {
                throw e;
            }
            // an earlier attempt stored it and only its answer was lost
        }
    }

    /** Parts read one after another, sent several at once; completes only when all arrived and the hash matches. */
    private void putInParts(String bucket, String key, String what, ContentCheck check, PutRequest request) throws IOException {
        String uploadId = call("start upload of " + what, () -> client.createMultipartUploadAsync(bucket,
                settings.region(), key, headers(request, false), null)).result().uploadId();
        activeUploads.put(uploadId, new String[]{bucket, key});
        boolean completed = false;
        try {
            // a fixed set of part buffers, reused: memory stays at parallel x partSize, and the JVM is spared
            // allocating a large array for every part
            int parallel = settings.parallel();
            java.util.concurrent.BlockingQueue<byte[]> buffers = new java.util.concurrent.ArrayBlockingQueue<>(parallel);
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
                    break; // the content ended early: verify() below says so
                }
                remaining -= length;
                int partNumber = number;
                byte[] data = buffer;
                parts.add(partSenders.submit(() -> {
                    try {
                        String etag = call("send part " + partNumber + " of " + what, () -> client.uploadPartAsync(
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
            check.verify(what);
            complete(bucket, key, what, uploadId, done, request);
            completed = true;
        } finally {
            activeUploads.remove(uploadId);
            if (!completed) {
                abort(bucket, key, uploadId);
            }
        }
    }

    private void complete(String bucket, String key, String what, String uploadId, Part[] parts, PutRequest request) {
        Multimap<String, String> headers = ArrayListMultimap.create();
        if (!request.overwrite()) {
            headers.put("If-None-Match", "*");
        }
        AtomicInteger attempts = new AtomicInteger();
        try {
            call("complete " + what, () -> {
                attempts.incrementAndGet();
                return client.completeMultipartUploadAsync(bucket, settings.region(), key, uploadId, parts, headers, null);
            });
        } catch (AlreadyExistsException e) {
            if (attempts.get() < 2 || !isOurs(bucket, key, request)) {
                throw e;
            }
        } catch (NotFoundException e) {
            // a repeated complete after a lost answer finds the upload gone: it is done if the object is ours
            if (attempts.get() < 2 || !isOurs(bucket, key, request)) {
                throw e;
            }
        }
    }

    /** Whether the object under the key is the one this request wrote (same size and SHA-256). */
    private boolean isOurs(String bucket, String key, PutRequest request) {
        try {
            StoredObject o = stat(bucket, key);
            return o.size() == request.size() && request.sha256().equals(o.metadata().get("rdw-sha256"));
        } catch (RdwException e) {
            return false;
        }
    }

    private void abort(String bucket, String key, String uploadId) {
        try {
            call("abort upload of " + bucket + "/" + key, () -> client.abortMultipartUploadAsync(bucket, settings.region(),
                    key, uploadId, null, null));
        } catch (RdwException e) {
            // the parts stay invisible; the server's lifecycle rules or a later abort remove them
            LOG.warn("could not abort the unfinished upload of {}/{}: {}", bucket, key, e.getMessage());
        }
    }

    private static byte[] take(java.util.concurrent.BlockingQueue<byte[]> buffers, String what) {
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

    /** Content type and user metadata as S3 headers; {@code If-None-Match: *} for a write that must not replace. */
    private static Multimap<String, String> headers(PutRequest request, boolean createOnly) {
        Multimap<String, String> h = ArrayListMultimap.create();
        h.put("Content-Type", request.contentType());
        for (Map.Entry<String, String> e : request.metadata().entrySet()) {
            if (!e.getKey().equals(CONTENT_TYPE)) {
                h.put(META + e.getKey(), e.getValue());
            }
        }
        if (createOnly) {
            h.put("If-None-Match", "*");
        }
        return h;
    }

    @Override
    public StoredObject stat(String bucket, String key) {
        StatObjectResponse r = call("read " + bucket + "/" + key,
                () -> client.statObject(StatObjectArgs.builder().bucket(bucket).object(key).build()));
        return new StoredObject(key, r.size(), r.lastModified().toInstant(), r.etag(), metadata(r.userMetadata(), r.contentType()));
    }

    private static Map<String, String> metadata(Map<String, String> user, String contentType) {
        Map<String, String> m = new LinkedHashMap<>();
        if (user != null) {
            user.forEach((k, v) -> {
                String name = k.toLowerCase(Locale.ROOT);
                m.put(name.startsWith(META) ? name.substring(META.length()) : name, v);
            });
        }
        if (contentType != null) {
            m.put(CONTENT_TYPE, contentType);
        }
        return m;
    }

    @Override
    public InputStream open(String bucket, String key) {
        return call("read " + bucket + "/" + key,
                () -> client.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build()));
    }

    @Override
    public Optional<Path> localPath(String bucket, String key) {
        return Optional.empty();
    }

    @Override
    public List<StoredObject> list(String bucket, String prefix) {
        List<StoredObject> out = new ArrayList<>();
        int skipped = 0;
        Iterable<Result<Item>> items = client.listObjects(ListObjectsArgs.builder().bucket(bucket).prefix(prefix)
                .recursive(true).includeUserMetadata(true).build());
        for (Result<Item> result : items) {
            Item item = call("list " + bucket + "/" + prefix, () -> CompletableFuture.completedFuture(result.get()));
            if (item.isDir()) {
                continue;
            }
            try {
                Names.key(item.objectName());
            } catch (InvalidInputException e) {
                skipped++; // written by another tool under a name rdw does not address
                continue;
            }
            Instant modified = item.lastModified() == null ? null : item.lastModified().toInstant();
            out.add(new StoredObject(item.objectName(), item.size(), modified, item.etag(), metadata(item.userMetadata(), null)));
        }
        if (skipped > 0) {
            LOG.warn("{} object(s) in {} have keys outside rdw's safe character set and were left out of the listing",
                    skipped, bucket);
        }
        return out;
    }

    @Override
    public boolean delete(String bucket, String key) {
        if (!exists(bucket, key)) {
            return false;
        }
        call("delete " + bucket + "/" + key, () -> client.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(key).build()));
        return true;
    }

    @Override
    public Optional<URI> presign(String bucket, String key, Duration expiry) {
        String url = call("share " + bucket + "/" + key, () -> CompletableFuture.completedFuture(
                client.getPresignedObjectUrl(GetPresignedObjectUrlArgs.builder().method(Method.GET).bucket(bucket)
                        .object(key).expiry((int) expiry.toSeconds()).build())));
        return Optional.of(URI.create(url));
    }

    @Override
    public void close() {
        for (Map.Entry<String, String[]> upload : Set.copyOf(activeUploads.entrySet())) {
            abort(upload.getValue()[0], upload.getValue()[1], upload.getKey());
        }
        partSenders.shutdownNow();
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }

    @Override
    public String toString() {
        return describe();
    }

    /** A request to the server that returns a future. */
    @FunctionalInterface
    private interface Request<T> {
        CompletableFuture<T> send() throws Exception;
    }

    /**
     * Sends a request through the circuit breaker, retrying transient failures with exponential backoff, and turns
     * what the server says into rdw's exceptions.
     */
    private <T> T call(String what, Request<T> request) {
        try {
            // the breaker judges whole calls, retries included: a call that rode out a short outage is a success
            return CircuitBreaker.decorateCheckedSupplier(breaker, Retry.decorateCheckedSupplier(retry, () -> {
                try {
                    return request.send().get();
                } catch (ExecutionException | CompletionException e) {
                    throw unwrap(e);
                }
            })).get();
        } catch (RdwException e) {
            throw e;
        } catch (Throwable t) {
            throw translate(what, t);
        }
    }

    private static String describe(Throwable t) {
        Throwable u = unwrap(t);
        if (u instanceof ErrorResponseException e) {
            return e.errorResponse().code() + ", HTTP " + e.response().code();
        }
        return u.getClass().getSimpleName() + (u.getMessage() == null ? "" : ": " + u.getMessage());
    }

    private static Throwable unwrap(Throwable t) {
        while ((t instanceof ExecutionException || t instanceof CompletionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** Failures worth another attempt: the network, timeouts, and the server saying it is busy or broken. */
    static boolean isTransient(Throwable t) {
        t = unwrap(t);
        if (t instanceof InterruptedIOException && !(t instanceof java.net.SocketTimeoutException)) {
            return false;
        }
        if (t instanceof IOException || t instanceof ServerException || t instanceof InvalidResponseException) {
            return true;
        }
        if (t instanceof ErrorResponseException e) {
            String code = e.errorResponse().code();
            return e.response().code() >= 500 || "SlowDown".equals(code) || "RequestTimeout".equals(code);
        }
        return false;
    }

    private RuntimeException translate(String what, Throwable t) {
        t = unwrap(t);
        String where = " (S3 at " + settings.endpoint() + ")";
        if (t instanceof CallNotPermittedException) {
            return new BackendUnavailableException(what + ": the S3 server at " + settings.endpoint()
                    + " failed repeatedly; rdw stops calling it for " + BREAK.toSeconds() + " s", t);
        }
        if (t instanceof ErrorResponseException e) {
            String code = e.errorResponse().code();
            int status = e.response().code();
            switch (code) {
                case "NoSuchKey", "NoSuchObject", "NoSuchUpload":
                    return new NotFoundException(what + ": no such object" + where, t);
                case "NoSuchBucket":
                    return new NotFoundException(what + ": the bucket does not exist" + where
                            + "; create the layer buckets with 'rdw init'", t);
                case "PreconditionFailed":
                    return new AlreadyExistsException(what + ": the object already exists" + where, t);
                case "InvalidAccessKeyId", "SignatureDoesNotMatch", "AccessDenied", "InvalidToken", "ExpiredToken":
                    return new ConfigurationException(what + ": the S3 server refused the credentials (" + code + ")"
                            + where + "; check " + S3ObjectStoreProvider.ACCESS_KEY.describe() + " and "
                            + S3ObjectStoreProvider.SECRET_KEY.describe(), t);
                default:
                    if (status == 404) {
                        return new NotFoundException(what + ": not found (" + code + ")" + where, t);
                    }
                    if (status == 412) {
                        return new AlreadyExistsException(what + ": the object already exists" + where, t);
                    }
                    return new BackendUnavailableException(what + ": the S3 server answered " + code + " (HTTP " + status
                            + ")" + where, t);
            }
        }
        if (t instanceof java.net.ConnectException || t instanceof java.net.UnknownHostException) {
            return new BackendUnavailableException(what + ": cannot reach the S3 server at " + settings.endpoint() + " ("
                    + t.getMessage() + ") after " + (settings.retries() + 1) + " attempts; is it running?", t);
        }
        if (t instanceof IOException) {
            return new BackendUnavailableException(what + ": the connection to " + settings.endpoint() + " failed ("
                    + t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage()) + ") after "
                    + (settings.retries() + 1) + " attempts", t);
        }
        if (t instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            return new BackendUnavailableException(what + ": interrupted", t);
        }
        return new BackendUnavailableException(what + ": " + t.getClass().getSimpleName()
                + (t.getMessage() == null ? "" : ": " + t.getMessage()) + where, t);
    }
}
