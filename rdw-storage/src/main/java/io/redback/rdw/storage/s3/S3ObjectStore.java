package io.redback.rdw.storage.s3;

import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.GetPresignedObjectUrlArgs;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioAsyncClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.http.Method;
import io.minio.messages.Item;
import io.redback.rdw.AlreadyExistsException;
import io.redback.rdw.BackendUnavailableException;
import io.redback.rdw.Health;
import io.redback.rdw.InvalidInputException;
import io.redback.rdw.RdwException;
import io.redback.rdw.helpers.Names;
import io.redback.rdw.spi.ContentCheck;
import io.redback.rdw.spi.ObjectStore;
import io.redback.rdw.spi.PutRequest;
import io.redback.rdw.spi.StoredObject;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Objects in MinIO or any S3 server, on the MinIO Java SDK. An object up to one part is sent in one request; a larger
 * one by the {@link MultipartUploader}, in parts, several at once. Either way the content is checked against its
 * announced SHA-256 while it streams and nothing becomes visible unless it matches, and a write that must not replace
 * anything is sent with {@code If-None-Match: *}, so the server itself refuses the second of two racing writers.
 * Every request goes through {@link S3Calls} (retries, circuit breaker, {@link S3Errors}' messages). Bucket names and
 * keys are checked as rdw makes them ({@link Names}) before any request, so a name that would be taken literally,
 * refused by the SDK or mangled by the server (a trailing '/') is refused with a message that shows it safely.
 */
final class S3ObjectStore implements ObjectStore {
    private static final Logger LOG = LoggerFactory.getLogger(S3ObjectStore.class);
    /** How long closing waits for the look for abandoned uploads to finish, so a short-lived program gets it done. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(2);

    private final S3Settings settings;
    private final MinioAsyncClient client;
    private final OkHttpClient http;
    private final S3Calls calls;
    private final MultipartUploader uploader;
    /** The warehouse's buckets, which the health check looks for; empty when the store was opened without them. */
    private final List<String> buckets;
    /** Aborting the uploads killed processes left in the warehouse's buckets, in the background; null without them. */
    private final Future<List<String>> abandoned;

    S3ObjectStore(S3Settings settings) {
        this(settings, List.of());
    }

    S3ObjectStore(S3Settings settings, List<String> buckets) {
        this(settings, buckets, S3Calls.BREAK);
    }

    /** A store whose circuit breaker, once open, leaves the server alone for {@code breakerPause}. */
    S3ObjectStore(S3Settings settings, List<String> buckets, java.time.Duration breakerPause) {
        this.settings = settings;
        this.buckets = List.copyOf(buckets);
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
        this.calls = new S3Calls(settings, breakerPause);
        this.uploader = new MultipartUploader(settings, client, calls, this::isOurs);
        this.abandoned = buckets.isEmpty() ? null : abortAbandonedUploads();
    }

    /**
     * Starts aborting the uploads killed processes left (see {@link AbandonedUploads}): no call waits for it, and
     * closing the store waits for it at most {@link #CLOSE_WAIT}.
     */
    private Future<List<String>> abortAbandonedUploads() {
        FutureTask<List<String>> task = new FutureTask<>(() -> new AbandonedUploads(client, calls, settings.region(),
                settings.abandonedAfter(), Clock.systemUTC()).abort(buckets, uploader::activeUploadIds));
        Thread t = new Thread(task, "rdw-s3-abandoned-uploads");
        t.setDaemon(true);
        t.start();
        return task;
    }

    /** What the start-up look for abandoned uploads aborted ({@code bucket/key}), once it is done; for tests. */
    List<String> abandonedUploadsAborted() throws Exception {
        return abandoned == null ? List.of() : abandoned.get(1, java.util.concurrent.TimeUnit.MINUTES);
    }

    @Override
    public String describe() {
        return "s3:" + settings.endpoint();
    }

    @Override
    public void createBucket(String bucket) {
        if (!bucketExists(Names.bucket(bucket))) {
            calls.call("create bucket " + bucket,
                    () -> client.makeBucket(MakeBucketArgs.builder().bucket(bucket).region(settings.region()).build()));
        }
    }

    @Override
    public boolean bucketExists(String bucket) {
        Names.bucket(bucket);
        return calls.call("check bucket " + bucket, () -> client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build()));
    }

    @Override
    public StoredObject put(String bucket, String key, InputStream content, PutRequest request) {
        String what = checked(bucket, key);
        ContentCheck check = new ContentCheck(content, request);
        try {
            if (request.size() <= settings.partSize()) {
                putSmall(bucket, key, what, check, request);
            } else {
                uploader.upload(bucket, key, what, check, request);
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
        AtomicInteger attempts = new AtomicInteger();
        try {
            calls.call("store " + what, () -> {
                attempts.incrementAndGet();
                return client.putObject(PutObjectArgs.builder().bucket(bucket).object(key)
                        .stream(new ByteArrayInputStream(data), data.length, Math.max(data.length, 5L << 20))
                        .headers(S3Metadata.headers(request, !request.overwrite())).build());
            });
        } catch (AlreadyExistsException e) {
            if (attempts.get() < 2 || !isOurs(bucket, key, request)) {
                throw e;
            }
            // an earlier attempt stored it and only its answer was lost
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

    @Override
    public StoredObject stat(String bucket, String key) {
        StatObjectResponse r = calls.call("read " + checked(bucket, key),
                () -> client.statObject(StatObjectArgs.builder().bucket(bucket).object(key).build()));
        return new StoredObject(key, r.size(), r.lastModified().toInstant(), r.etag(),
                S3Metadata.metadata(r.userMetadata(), r.contentType()));
    }

    @Override
    public InputStream open(String bucket, String key) {
        return calls.call("read " + checked(bucket, key),
                () -> client.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build()));
    }

    @Override
    public Optional<Path> localPath(String bucket, String key) {
        return Optional.empty();
    }

    @Override
    public List<StoredObject> list(String bucket, String prefix) {
        Names.bucket(bucket);
        Names.prefix(prefix);
        List<StoredObject> out = new ArrayList<>();
        int skipped = 0;
        Iterable<Result<Item>> items = client.listObjects(ListObjectsArgs.builder().bucket(bucket).prefix(prefix)
                .recursive(true).includeUserMetadata(true).build());
        for (Result<Item> result : items) {
            Item item = calls.call("list " + bucket + "/" + prefix, () -> CompletableFuture.completedFuture(result.get()));
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
            out.add(new StoredObject(item.objectName(), item.size(), modified, item.etag(),
                    S3Metadata.metadata(item.userMetadata(), null)));
        }
        if (skipped > 0) {
            LOG.warn("{} object(s) in {} have keys outside rdw's safe character set and were left out of the listing",
                    skipped, bucket);
        }
        return out;
    }

    @Override
    public boolean delete(String bucket, String key) {
        checked(bucket, key);
        if (!exists(bucket, key)) {
            return false;
        }
        calls.call("delete " + bucket + "/" + key,
                () -> client.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(key).build()));
        return true;
    }

    @Override
    public Optional<URI> presign(String bucket, String key, Duration expiry) {
        String url = calls.call("share " + checked(bucket, key), () -> CompletableFuture.completedFuture(
                client.getPresignedObjectUrl(GetPresignedObjectUrlArgs.builder().method(Method.GET).bucket(bucket)
                        .object(key).expiry((int) expiry.toSeconds()).build())));
        return Optional.of(URI.create(url));
    }

    /**
     * A cheap request through the same client and timeout, sent once so the answer comes quickly: HEAD of each of the
     * warehouse's buckets, or the bucket list when they are not known. DOWN carries the same message as a failed call
     * (unreachable server, refused credentials), which never holds the secret.
     */
    @Override
    public Health health() {
        long start = System.nanoTime();
        try {
            if (buckets.isEmpty()) {
                int visible = calls.once("list buckets", client::listBuckets).size();
                return Health.up("storage", describe(), since(start),
                        "the server answered and accepted the credentials; " + visible + " bucket(s) visible");
            }
            List<String> missing = new ArrayList<>();
            for (String bucket : buckets) {
                if (!calls.once("check bucket " + bucket,
                        () -> client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build()))) {
                    missing.add(bucket);
                }
            }
            return missing.isEmpty()
                    ? Health.up("storage", describe(), since(start), "the buckets " + String.join(", ", buckets) + " are there")
                    : new Health("storage", describe(), Health.Status.DEGRADED, since(start), "the server answered, but "
                    + "these buckets are missing: " + String.join(", ", missing) + "; create them with 'rdw init'");
        } catch (RdwException e) {
            return Health.down("storage", describe(), since(start), e.getMessage());
        }
    }

    /**
     * Refuses a bucket or key rdw would not make (S3 would take most as names of their own, and the SDK refuses some
     * with an exception of its own); returns {@code bucket/key} for messages.
     */
    private static String checked(String bucket, String key) {
        return Names.bucket(bucket) + "/" + Names.key(key);
    }

    private static Duration since(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }

    @Override
    public void close() {
        if (abandoned != null) {
            try {
                abandoned.get(CLOSE_WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS); // a short-lived client
            } catch (Exception notDoneOrFailed) {
                abandoned.cancel(true); // tried again at the next start
            }
        }
        uploader.close(); // aborts unfinished uploads, so it goes before the connections
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }

    @Override
    public String toString() {
        return describe();
    }
}
