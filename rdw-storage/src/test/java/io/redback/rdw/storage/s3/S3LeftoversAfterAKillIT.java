package io.redback.rdw.storage.s3;

import io.minio.MinioAsyncClient;
import io.minio.messages.Upload;
import io.redback.rdw.storage.crash.ChildJvm;
import io.redback.rdw.storage.crash.UploadingChild;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A process killed while it uploads to S3 in parts leaves an unfinished multipart upload on the server (its parts
 * invisible, but kept); the next start of rdw aborts it once it is older than {@code rdw.s3.abandoned-after}.
 */
class S3LeftoversAfterAKillIT {
    static final String BUCKET = "dw-bucket-bronze";

    @TempDir
    Path dir;
    S3Server server;
    MinioAsyncClient client;
    Map<String, String> env;

    @BeforeEach
    void start() throws Exception {
        server = new S3Server(dir.resolve("s3"));
        client = MinioAsyncClient.builder().endpoint(server.endpoint())
                .credentials(S3Server.ACCESS_KEY, S3Server.SECRET_KEY).build();
        try (S3ObjectStore store = new S3ObjectStore(S3ObjectStoreIT.settings(server))) {
            store.createBucket(BUCKET);
        }
        env = Map.of("RDW_S3_ENDPOINT", server.endpoint(), "AWS_ACCESS_KEY_ID", S3Server.ACCESS_KEY,
                "AWS_SECRET_ACCESS_KEY", S3Server.SECRET_KEY, "RDW_S3_PART_SIZE", "5MB", "RDW_S3_PARALLEL_PARTS", "2",
                "RDW_WAREHOUSE", dir.resolve("warehouse").toString());
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    @Test
    void abortsTheUploadOfAProcessKilledMidUploadAtTheNextStart() throws Exception {
        Path file = dir.resolve("big.csv");
        try (BufferedWriter w = Files.newBufferedWriter(file)) {
            for (long i = 0, written = 0; written < (24L << 20); i++) {
                String line = i + ",12.5,device-" + (i % 7) + "\n";
                w.write(line);
                written += line.length();
            }
        }
        try (ChildJvm child = ChildJvm.start(dir.resolve("system-tmp"), env, UploadingChild.class, "upload-configured",
                file.toString(), Long.toString(11L << 20))) {
            child.await("WRITING ");
            awaitAPartOnTheServer();
            child.kill();
        }
        assertThat(unfinished()).as("the upload the killed process left").hasSize(1);
        assertThat(objects()).as("objects in bronze").isEmpty();

        // the next start, a day later: S3Proxy dates an upload by its files
        S3AbandonedUploadsIT.age(dir.resolve("s3").resolve(BUCKET), Duration.ofDays(1).plusHours(1));
        ChildJvm.run(dir.resolve("system-tmp"), env, UploadingChild.class, "open-configured");

        assertThat(unfinished()).as("unfinished uploads after the next start").isEmpty();
        assertThat(objects()).isEmpty();
        try (Stream<Path> files = Files.walk(dir.resolve("s3").resolve(BUCKET))) {
            assertThat(files.filter(Files::isRegularFile)).as("what the server keeps in the bucket").isEmpty();
        }
    }

    /** Waits until the server holds a part of the child's upload: it has started writing there. */
    private void awaitAPartOnTheServer() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (System.nanoTime() < deadline) {
            for (Upload u : unfinished()) {
                if (!client.listPartsAsync(BUCKET, "us-east-1", u.objectName(), 1000, 0, u.uploadId(), null, null)
                        .get().result().partList().isEmpty()) {
                    return;
                }
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("no part of the child's upload reached the server within a minute");
    }

    private List<Upload> unfinished() throws Exception {
        return client.listMultipartUploadsAsync(BUCKET, "us-east-1", null, null, null, 1000, null, null, null, null)
                .get().result().uploads();
    }

    private List<String> objects() throws Exception {
        try (S3ObjectStore store = new S3ObjectStore(S3ObjectStoreIT.settings(server))) {
            return store.list(BUCKET, "").stream().map(o -> o.key()).toList();
        }
    }
}
