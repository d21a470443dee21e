package io.redback.rdw.tck;

import io.redback.rdw.AlreadyExistsException;
import io.redback.rdw.Bucket;
import io.redback.rdw.Health;
import io.redback.rdw.Layer;
import io.redback.rdw.NotFoundException;
import io.redback.rdw.WarehouseClient;
import io.redback.rdw.helpers.Names;
import io.redback.rdw.spi.ObjectStore;
import io.redback.rdw.spi.PutRequest;
import io.redback.rdw.spi.StoredObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every {@link ObjectStore} must do. An implementation's test extends this class and supplies a fresh, empty
 * store; the suite creates its own bucket.
 */
public abstract class ObjectStoreContract {
    protected static final String BUCKET = "contract-bucket";

    protected ObjectStore store;

    /** Where the contract keeps the local files it uploads; not the store's folder. */
    @TempDir
    Path localFiles;

    /** A new, empty store. Called before each test; the store is closed after it. */
    protected abstract ObjectStore createStore() throws Exception;

    /**
     * Checks, by the store's own means, that nothing was written outside its buckets: files beside a warehouse folder,
     * objects in a place its API does not show. Called after the hostile-name tests; the default checks nothing more
     * than the API shows.
     */
    protected void assertNothingEscaped() throws Exception {
    }

    @BeforeEach
    void openStore() throws Exception {
        store = createStore();
        store.createBucket(BUCKET);
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    /** Stores a text with the size and SHA-256 a real write announces. */
    protected StoredObject put(String key, String content, boolean overwrite, Map<String, String> metadata) {
        return put(key, content.getBytes(StandardCharsets.UTF_8), overwrite, metadata);
    }

    protected StoredObject put(String key, byte[] content, boolean overwrite, Map<String, String> metadata) {
        return store.put(BUCKET, key, new ByteArrayInputStream(content), request(content, overwrite, metadata));
    }

    protected static PutRequest request(byte[] content, boolean overwrite, Map<String, String> metadata) {
        return new PutRequest(overwrite ? PutRequest.Mode.REPLACE : PutRequest.Mode.CREATE, "text/plain", content.length,
                sha256(content), metadata, null);
    }

    protected static String sha256(byte[] content) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(content));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    protected String read(String key) throws IOException {
        try (InputStream in = store.open(BUCKET, key)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void storesContentAndMetadata() throws Exception {
        StoredObject put = put("p/2025/a.csv", "x,y\n1,2\n", false, Map.of("rdw-sha256", "abc"));

        StoredObject stat = store.stat(BUCKET, "p/2025/a.csv");
        assertThat(put.size()).isEqualTo(8);
        assertThat(stat.size()).isEqualTo(8);
        assertThat(stat.key()).isEqualTo("p/2025/a.csv");
        assertThat(stat.metadata()).containsEntry("rdw-sha256", "abc");
        assertThat(stat.lastModified()).isNotNull();
        assertThat(read("p/2025/a.csv")).isEqualTo("x,y\n1,2\n");
        assertThat(store.exists(BUCKET, "p/2025/a.csv")).isTrue();
    }

    @Test
    void storesNothingWhenTheContentDoesNotMatchItsHash() {
        byte[] announced = "the content that was hashed".getBytes(StandardCharsets.UTF_8);
        byte[] changed = "the content that was hashes".getBytes(StandardCharsets.UTF_8);
        List<Long> progress = new ArrayList<>();
        PutRequest request = new PutRequest(PutRequest.Mode.CREATE, "text/plain", announced.length, sha256(announced), Map.of(),
                p -> progress.add(p.done()));

        assertThatThrownBy(() -> store.put(BUCKET, "p/changed.txt", new ByteArrayInputStream(changed), request))
                .isInstanceOf(io.redback.rdw.InvalidInputException.class).hasMessageContaining("SHA-256");
        assertThatThrownBy(() -> store.put(BUCKET, "p/short.txt", new ByteArrayInputStream(announced, 0, 5), request))
                .isInstanceOf(io.redback.rdw.InvalidInputException.class).hasMessageContaining("5 bytes");
        assertThat(store.exists(BUCKET, "p/changed.txt")).isFalse();
        assertThat(store.exists(BUCKET, "p/short.txt")).isFalse();
        assertThat(store.list(BUCKET, "")).isEmpty();
    }

    @Test
    void reportsProgress() {
        byte[] data = new byte[5 * 1024 * 1024 + 3];
        List<Long> progress = new ArrayList<>();
        store.put(BUCKET, "p/big.bin", new ByteArrayInputStream(data),
                new PutRequest(PutRequest.Mode.CREATE, "application/octet-stream", data.length, sha256(data), Map.of(),
                        p -> progress.add(p.done())));
        assertThat(progress).isNotEmpty().isSorted();
        assertThat(progress.get(progress.size() - 1)).isEqualTo(data.length);
    }

    @Test
    void refusesToReplaceWithoutOverwrite() throws Exception {
        put("a.txt", "first", false, Map.of());

        assertThatThrownBy(() -> put("a.txt", "second", false, Map.of()))
                .isInstanceOf(AlreadyExistsException.class);
        assertThat(read("a.txt")).isEqualTo("first");
    }

    @Test
    void replacesWithOverwrite() throws Exception {
        put("a.txt", "first", false, Map.of("v", "1"));
        put("a.txt", "second!", true, Map.of("v", "2"));

        assertThat(read("a.txt")).isEqualTo("second!");
        assertThat(store.stat(BUCKET, "a.txt").metadata()).containsEntry("v", "2");
        assertThat(store.stat(BUCKET, "a.txt").size()).isEqualTo(7);
    }

    @Test
    void reportsMissingObjectsAndBuckets() {
        assertThatThrownBy(() -> store.stat(BUCKET, "nope.csv")).isInstanceOf(NotFoundException.class)
                .hasMessageContaining("nope.csv");
        assertThatThrownBy(() -> store.open(BUCKET, "nope.csv")).isInstanceOf(NotFoundException.class);
        assertThat(store.exists(BUCKET, "nope.csv")).isFalse();
        assertThat(store.bucketExists("no-such-bucket")).isFalse();
        assertThatThrownBy(() -> store.put("no-such-bucket", "a.txt", new ByteArrayInputStream(new byte[]{'x'}),
                request(new byte[]{'x'}, false, Map.of())))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("no-such-bucket");
    }

    @Test
    void leavesNothingWhenTheContentFailsMidway() {
        InputStream failing = new InputStream() {
            private int served;

            @Override
            public int read() throws IOException {
                if (served++ > 100_000) {
                    throw new IOException("connection reset");
                }
                return 'x';
            }
        };
        assertThatThrownBy(() -> store.put(BUCKET, "p/broken.csv", failing, request(new byte[200_000], false, Map.of())))
                .hasMessageContaining("connection reset");
        assertThat(store.exists(BUCKET, "p/broken.csv")).isFalse();
        assertThat(store.list(BUCKET, "")).isEmpty();
    }

    @Test
    void keepsTheOldObjectWhenAnOverwriteFails() throws Exception {
        put("a.txt", "good", false, Map.of());
        InputStream failing = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("disk unplugged");
            }
        };
        assertThatThrownBy(() -> store.put(BUCKET, "a.txt", failing, request(new byte[10], true, Map.of())))
                .hasMessageContaining("disk unplugged");
        assertThat(read("a.txt")).isEqualTo("good");
    }

    @Test
    void listsByPrefixSortedAtAllDepths() {
        for (String key : List.of("p2/2025/x.csv", "p1/2025/t1_a/s1/b.csv", "p1/2025/a.csv", "p1/2024/z.csv", "top.csv")) {
            put(key, key, false, Map.of());
        }
        assertThat(store.list(BUCKET, "").stream().map(StoredObject::key)).containsExactly(
                "p1/2024/z.csv", "p1/2025/a.csv", "p1/2025/t1_a/s1/b.csv", "p2/2025/x.csv", "top.csv");
        assertThat(store.list(BUCKET, "p1/2025/").stream().map(StoredObject::key))
                .containsExactly("p1/2025/a.csv", "p1/2025/t1_a/s1/b.csv");
        assertThat(store.list(BUCKET, "p1/2025/t").stream().map(StoredObject::key))
                .containsExactly("p1/2025/t1_a/s1/b.csv");
        assertThat(store.list(BUCKET, "p").stream().map(StoredObject::key)).hasSize(4);
        assertThat(store.list(BUCKET, "q/")).isEmpty();
        assertThat(store.list(BUCKET, "p1/2025/a.csv").get(0).size()).isEqualTo("p1/2025/a.csv".length());
    }

    @Test
    void deletes() {
        put("p/d.csv", "x", false, Map.of());

        assertThat(store.delete(BUCKET, "p/d.csv")).isTrue();
        assertThat(store.delete(BUCKET, "p/d.csv")).isFalse();
        assertThat(store.exists(BUCKET, "p/d.csv")).isFalse();
        assertThat(store.list(BUCKET, "")).isEmpty();
    }

    @Test
    void letsExactlyOneOfRacingWritersWin() throws Exception {
        int writers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<String>> results = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            String body = "writer-" + i + "-" + "x".repeat(50_000);
            results.add(pool.submit(() -> {
                start.await();
                try {
                    put("race/same.csv", body, false, Map.of());
                    return body;
                } catch (AlreadyExistsException e) {
                    return null;
                }
            }));
        }
        start.countDown();
        List<String> winners = new ArrayList<>();
        for (Future<String> f : results) {
            String w = f.get(30, TimeUnit.SECONDS);
            if (w != null) {
                winners.add(w);
            }
        }
        pool.shutdown();
        assertThat(winners).hasSize(1);
        assertThat(read("race/same.csv")).isEqualTo(winners.get(0));
    }

    @Test
    void roundTripsBinaryContentExactly() throws Exception {
        byte[] data = new byte[3 * 1024 * 1024 + 17];
        new Random(7).nextBytes(data);
        put("bin/data.bin", data, false, Map.of());
        try (InputStream in = store.open(BUCKET, "bin/data.bin")) {
            assertThat(in.readAllBytes()).isEqualTo(data);
        }
        assertThat(store.stat(BUCKET, "bin/data.bin").size()).isEqualTo(data.length);
    }

    @Test
    void createsBucketsIdempotently() {
        store.createBucket("second-bucket");
        store.createBucket("second-bucket");
        assertThat(store.bucketExists("second-bucket")).isTrue();
        assertThat(store.bucketExists(BUCKET)).isTrue();
    }

    @Test
    void describesItselfWithoutCredentials() {
        assertThat(store.describe()).isNotBlank().doesNotContain("secret").doesNotContain("password");
    }

    @Test
    void reportsItselfUpWhenItWorks() {
        Health h = store.health();
        assertThat(h.status()).as("health of a working store: %s", h).isEqualTo(Health.Status.UP);
        assertThat(h.backend()).isNotBlank().doesNotContain("secret").doesNotContain("password");
        assertThat(h.latency().isNegative()).as("negative latency %s", h.latency()).isFalse();
        assertThat(h.message()).isNotBlank();
    }

    // hostile names: refused on the governed path, and refused or kept inside the bucket by the store itself

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.redback.rdw.tck.HostileNames#keys")
    void refusesAHostileKeyOnEveryGovernedPath(String key) throws Exception {
        MemoryProvenanceSink events = new MemoryProvenanceSink();
        try (WarehouseClient dw = governedClient(events)) {
            Bucket silver = dw.bucket(Layer.SILVER);
            Path file = Files.writeString(localFiles.resolve("rides.csv"), "id\n1\n");
            byte[] content = "id\n1\n".getBytes(StandardCharsets.UTF_8);
            Map<String, org.assertj.core.api.ThrowableAssert.ThrowingCallable> calls = new java.util.LinkedHashMap<>();
            calls.put("put of a file", () -> silver.put(key, file));
            calls.put("put of a stream", () -> silver.put(key, new ByteArrayInputStream(content), o -> { }));
            calls.put("put with overwrite", () -> silver.put(key, file, o -> o.overwrite()));
            calls.put("put in bronze", () -> dw.bucket(Layer.BRONZE).put(key, file));
            calls.put("stat", () -> silver.stat(key));
            calls.put("exists", () -> silver.exists(key));
            calls.put("open", () -> silver.open(key).close());
            calls.put("localFile", () -> silver.localFile(key));
            calls.put("download", () -> silver.download(key, localFiles.resolve("copy.csv")));
            calls.put("delete", () -> silver.delete(key));
            for (Map.Entry<String, org.assertj.core.api.ThrowableAssert.ThrowingCallable> call : calls.entrySet()) {
                HostileNames.assertRefused(call.getKey(), call.getValue(), key, Names.KEY_RULE);
            }
            assertThat(localFiles.resolve("copy.csv")).doesNotExist();
            assertNothingStored(dw, events);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.redback.rdw.tck.HostileNames#prefixes")
    void refusesAHostileListingPrefix(String prefix) throws Exception {
        MemoryProvenanceSink events = new MemoryProvenanceSink();
        try (WarehouseClient dw = governedClient(events)) {
            HostileNames.assertRefused("list", () -> dw.bucket(Layer.SILVER).list(prefix), prefix, Names.KEY_RULE);
            assertNothingStored(dw, events);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.redback.rdw.tck.HostileNames#segments")
    void refusesAHostileProjectNameTaskOrStudent(String value) throws Exception {
        MemoryProvenanceSink events = new MemoryProvenanceSink();
        try (WarehouseClient dw = governedClient(events)) {
            Bucket bronze = dw.bucket(Layer.BRONZE);
            Path file = Files.writeString(localFiles.resolve("rides.csv"), "id\n1\n");
            HostileNames.assertRefused("upload to the project", () -> bronze.upload(file, value), value, Names.SIMPLE_RULE);
            HostileNames.assertRefused("upload named", () -> bronze.upload(file, "project1", o -> o.name(value)), value,
                    Names.SIMPLE_RULE);
            HostileNames.assertRefused("upload to the task", () -> bronze.upload(file, "project1", o -> o.task(value)),
                    value, "tN_name");
            HostileNames.assertRefused("upload for the student",
                    () -> bronze.upload(file, "project1", o -> o.task("t1_rides").student(value)), value, Names.SIMPLE_RULE);
            assertNothingStored(dw, events);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.redback.rdw.tck.HostileNames#keys")
    void refusesAHostileKeyOrKeepsItInsideItsBucket(String key) throws Exception {
        store.createBucket(HostileNames.SIBLING);
        byte[] content = "inside\n".getBytes(StandardCharsets.UTF_8);
        Optional<Throwable> refused = HostileNames.attempt("put",
                () -> store.put(BUCKET, key, new ByteArrayInputStream(content), request(content, false, Map.of())), key);
        if (refused.isEmpty()) {
            // taken as a name of its own: it must be that very object, in this bucket, and nowhere else
            assertThat(store.stat(BUCKET, key).size()).as("size of the object stored under %s", Names.printable(key))
                    .isEqualTo(content.length);
            assertThat(read(key)).isEqualTo("inside\n");
        }
        HostileNames.attempt("stat", () -> store.stat(BUCKET, key), key);
        HostileNames.attempt("exists", () -> store.exists(BUCKET, key), key);
        HostileNames.attempt("open", () -> store.open(BUCKET, key).close(), key);
        HostileNames.attempt("localPath", () -> store.localPath(BUCKET, key).ifPresent(p -> assertThat(p.toString())
                .as("local path of %s", Names.printable(key)).contains(BUCKET)), key);
        HostileNames.attempt("list", () -> store.list(BUCKET, key), key);
        HostileNames.attempt("delete", () -> store.delete(BUCKET, key), key);
        assertThat(store.exists(BUCKET, "p/x.csv")).isFalse();
        assertThat(store.list(HostileNames.SIBLING, "")).as("objects in the bucket beside %s", BUCKET).isEmpty();
        assertThat(store.exists(HostileNames.SIBLING, "escaped.csv")).isFalse();
        assertNothingEscaped();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.redback.rdw.tck.HostileNames#buckets")
    void refusesAHostileBucketName(String bucket) throws Exception {
        store.createBucket(HostileNames.SIBLING);
        byte[] content = "x".getBytes(StandardCharsets.UTF_8);
        String rule = "3-63 lower-case letters";
        HostileNames.assertRefused("createBucket", () -> store.createBucket(bucket), bucket, rule);
        HostileNames.assertRefused("bucketExists", () -> store.bucketExists(bucket), bucket, rule);
        HostileNames.assertRefused("put", () -> store.put(bucket, "p/x.csv", new ByteArrayInputStream(content),
                request(content, false, Map.of())), bucket, rule);
        HostileNames.assertRefused("stat", () -> store.stat(bucket, "p/x.csv"), bucket, rule);
        HostileNames.assertRefused("open", () -> store.open(bucket, "p/x.csv").close(), bucket, rule);
        HostileNames.assertRefused("list", () -> store.list(bucket, ""), bucket, rule);
        HostileNames.assertRefused("delete", () -> store.delete(bucket, "p/x.csv"), bucket, rule);
        assertThat(store.list(BUCKET, "")).isEmpty();
        assertThat(store.list(HostileNames.SIBLING, "")).isEmpty();
        assertNothingEscaped();
    }

    private WarehouseClient governedClient(MemoryProvenanceSink events) {
        return HostileNames.governedClient(store, events);
    }

    private void assertNothingStored(WarehouseClient dw, MemoryProvenanceSink events) throws Exception {
        HostileNames.assertNothingStored(store, BUCKET, dw, events);
        assertNothingEscaped();
    }
}
