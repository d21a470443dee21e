package io.redback.rdw.storage.s3;

import io.minio.MinioAsyncClient;
import io.minio.messages.Upload;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Unfinished multipart uploads that a killed process left: S3Proxy lists them (ListMultipartUploads), and a store that
 * opens aborts rdw's own once they are older than {@code rdw.s3.abandoned-after}, never younger ones or other tools'.
 */
class S3AbandonedUploadsIT {
    static final String BUCKET = "dw-bucket-bronze";
    static final String KEY = "project1/2025/big_20251125T101500123Z.csv";

    @TempDir
    Path dir;
    S3Server server;
    MinioAsyncClient client;

    @BeforeEach
    void start() throws Exception {
        server = new S3Server(dir.resolve("s3"));
        client = MinioAsyncClient.builder().endpoint(server.endpoint())
                .credentials(S3Server.ACCESS_KEY, S3Server.SECRET_KEY).build();
        try (S3ObjectStore store = new S3ObjectStore(S3ObjectStoreIT.settings(server))) {
            store.createBucket(BUCKET);
        }
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    @Test
    void abortsTheUploadsAKilledProcessLeftOnceTheyAreOld() throws Exception {
        String ours = begin(KEY);
        String anotherTools = begin("exports/nightly dump.bin"); // a key rdw never writes
        age(dir.resolve("s3").resolve(BUCKET), Duration.ofDays(2));
        assertThat(unfinished()).extracting(Upload::uploadId).containsExactlyInAnyOrder(ours, anotherTools);

        try (S3ObjectStore opened = new S3ObjectStore(S3ObjectStoreIT.settings(server), List.of(BUCKET, "dw-bucket-gold"))) {
            assertThat(opened.abandonedUploadsAborted()).containsExactly(BUCKET + "/" + KEY);
        }

        assertThat(unfinished()).extracting(Upload::uploadId).containsExactly(anotherTools);
        assertThat(filesNaming(ours)).as("the parts of the aborted upload on the server's disk").isEmpty();
    }

    @Test
    void leavesAnUploadThatMayStillBeRunning() throws Exception {
        String running = begin(KEY);

        try (S3ObjectStore opened = new S3ObjectStore(S3ObjectStoreIT.settings(server), List.of(BUCKET))) {
            assertThat(opened.abandonedUploadsAborted()).isEmpty();
        }

        assertThat(unfinished()).extracting(Upload::uploadId).containsExactly(running);
    }

    @Test
    void judgesAgeByTheConfiguredTimeAndSparesThisProcesssUploads() throws Exception {
        String old = begin(KEY);
        String mine = begin("project1/2025/mine.csv");
        Clock twoDaysLater = Clock.offset(Clock.system(ZoneOffset.UTC), Duration.ofDays(2));
        S3Calls calls = new S3Calls(S3ObjectStoreIT.settings(server), S3Calls.BREAK);

        List<String> withAWeek = new AbandonedUploads(client, calls, "us-east-1", Duration.ofDays(7), twoDaysLater)
                .abort(List.of(BUCKET), Set::of);
        assertThat(withAWeek).isEmpty();
        List<String> withADay = new AbandonedUploads(client, calls, "us-east-1", Duration.ofDays(1), twoDaysLater)
                .abort(List.of(BUCKET), () -> Set.of(mine));

        assertThat(withADay).containsExactly(BUCKET + "/" + KEY);
        assertThat(unfinished()).extracting(Upload::uploadId).containsExactly(mine).doesNotContain(old);
    }

    @Test
    void saysNothingAboutABucketThatDoesNotExistYet() throws Exception {
        try (S3ObjectStore opened = new S3ObjectStore(S3ObjectStoreIT.settings(server), List.of("dw-bucket-silver"))) {
            assertThat(opened.abandonedUploadsAborted()).isEmpty();
            assertThat(opened.bucketExists("dw-bucket-silver")).isFalse();
        }
    }

    /** Starts a multipart upload and sends its first part, as a process does before it is killed. */
    private String begin(String key) throws Exception {
        String id = client.createMultipartUploadAsync(BUCKET, "us-east-1", key, null, null).get().result().uploadId();
        byte[] part = new byte[5 << 20];
        client.uploadPartAsync(BUCKET, "us-east-1", key, part, part.length, id, 1, null, null).get();
        return id;
    }

    private List<Upload> unfinished() throws Exception {
        return client.listMultipartUploadsAsync(BUCKET, "us-east-1", null, null, null, 1000, null, null, null, null)
                .get().result().uploads();
    }

    /** Sets back the time of every file the server keeps for unfinished uploads: S3Proxy dates an upload by them. */
    static void age(Path bucketFolder, Duration by) throws Exception {
        try (Stream<Path> files = Files.walk(bucketFolder)) {
            List<Path> uploads = files.filter(p -> bucketFolder.relativize(p).toString().startsWith(".mpus-")
                    || p.getFileName().toString().startsWith(".s3proxy-mpu-")).toList();
            assertThat(uploads).as("S3Proxy's files of unfinished uploads in %s", bucketFolder).isNotEmpty();
            for (Path p : uploads) {
                Files.setLastModifiedTime(p, FileTime.from(Instant.now().minus(by)));
            }
        }
    }

    private List<Path> filesNaming(String uploadId) throws Exception {
        try (Stream<Path> files = Files.walk(dir.resolve("s3"))) {
            return files.filter(p -> p.getFileName().toString().contains(uploadId)).toList();
        }
    }
}
