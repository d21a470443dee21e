package io.redback.rdw.storage.s3;

import io.redback.rdw.AlreadyExistsException;
import io.redback.rdw.ForbiddenException;
import io.redback.rdw.Layer;
import io.redback.rdw.ObjectInfo;
import io.redback.rdw.ProvenanceQuery;
import io.redback.rdw.RdwConfig;
import io.redback.rdw.WarehouseClient;
import io.redback.rdw.helpers.Hashing;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The warehouse API, unchanged, over S3: chosen by configuration alone, with the services' environment names. */
class S3WarehouseIT {
    @TempDir
    Path dir;
    S3Server server;
    WarehouseClient dw;

    private RdwConfig config() {
        Map<String, String> env = new HashMap<>();
        env.put("MINIO_ENDPOINT", "127.0.0.1:" + server.port()); // as the services write it: no scheme
        env.put("AWS_ACCESS_KEY_ID", S3Server.ACCESS_KEY);
        env.put("AWS_SECRET_ACCESS_KEY", S3Server.SECRET_KEY);
        env.put("RDW_S3_PART_SIZE", "5MB");
        env.put("RDW_WAREHOUSE", dir.resolve("local").toString());
        return RdwConfig.builder().noFile().environment(env).build();
    }

    @BeforeEach
    void open() throws Exception {
        server = new S3Server(dir.resolve("s3"));
        dw = WarehouseClient.builder().config(config()).build();
    }

    @AfterEach
    void close() throws Exception {
        dw.close();
        server.close();
    }

    private Path file(String name, int size) throws Exception {
        byte[] b = new byte[size];
        new Random(size).nextBytes(b);
        return Files.write(dir.resolve(name), b);
    }

    @Test
    void choosesS3ByConfigurationAndCreatesTheLayerBuckets() {
        assertThat(dw.describe().get("storage")).isEqualTo("s3:http://127.0.0.1:" + server.port());
        assertThat(dw.createBuckets()).containsExactly("dw-bucket-bronze", "dw-bucket-silver", "dw-bucket-gold");
        assertThat(dw.createBuckets()).isEmpty();
        assertThat(dw.toString()).doesNotContain(S3Server.SECRET_KEY);
        assertThat(dw.config().toString()).doesNotContain(S3Server.SECRET_KEY).contains("rdw.s3.secret-key=******");
    }

    @Test
    void uploadsTaggedObjectsAndDownloadsThemVerified() throws Exception {
        dw.createBuckets();
        Path data = file("rides.csv", 12 * 1024 * 1024 + 5);
        List<Long> progress = new ArrayList<>();
        ObjectInfo info = dw.bucket(Layer.BRONZE).upload(data, "project1", o -> o.task("t1_rides").progress(p -> progress.add(p.done())));

        assertThat(info.key()).matches("project1/\\d{4}/t1_rides/rides_\\d{8}T\\d{9}Z\\.csv");
        ObjectInfo stat = dw.bucket(Layer.BRONZE).stat(info.key());
        assertThat(stat.sha256()).contains(Hashing.sha256(data));
        assertThat(stat.sourceFile()).contains("rides.csv");
        assertThat(stat.metadata()).containsEntry("rdw-layer", "bronze").containsEntry("content-type", "text/csv");
        assertThat(progress.get(progress.size() - 1)).isEqualTo(Files.size(data));

        Path copy = dw.bucket(Layer.BRONZE).download(info.key(), dir.resolve("copy.csv"));
        assertThat(Hashing.sha256(copy)).isEqualTo(Hashing.sha256(data));
        assertThat(dw.bucket(Layer.BRONZE).listByProject()).containsOnlyKeys("project1");
        assertThat(dw.provenance(ProvenanceQuery.all())).singleElement()
                .satisfies(e -> assertThat(e.serviceEndpoint()).isEqualTo("s3:http://127.0.0.1:" + server.port()));
    }

    @Test
    void keepsBronzeWriteOnceOnTheServer() throws Exception {
        dw.createBuckets();
        Path data = file("a.csv", 1000);
        ObjectInfo first = dw.bucket(Layer.BRONZE).upload(data, "project1", o -> o.exactName());

        assertThatThrownBy(() -> dw.bucket(Layer.BRONZE).upload(data, "project1", o -> o.exactName().allowDuplicate()))
                .isInstanceOf(AlreadyExistsException.class).hasMessageContaining("write-once");
        // the same content again, as a user would: the object already there, nothing written
        assertThat(dw.bucket(Layer.BRONZE).upload(data, "project1").key()).isEqualTo(first.key());
        assertThatThrownBy(() -> dw.bucket(Layer.BRONZE).delete(first.key())).isInstanceOf(ForbiddenException.class);
        Path other = file("b.csv", 2000);
        ObjectInfo silver = dw.bucket(Layer.SILVER).put("project1/x.csv", data);
        assertThatThrownBy(() -> dw.bucket(Layer.SILVER).put("project1/x.csv", other)).isInstanceOf(AlreadyExistsException.class);
        assertThat(dw.bucket(Layer.SILVER).put("project1/x.csv", other, o -> o.overwrite()).size()).isEqualTo(2000);
        dw.bucket(Layer.SILVER).delete(silver.key());
        assertThat(dw.bucket(Layer.SILVER).exists(silver.key())).isFalse();
    }

    @Test
    void letsOnlyOneOfTwoRacingClientsWriteABronzeKey() throws Exception {
        dw.createBuckets();
        List<Path> files = List.of(file("race.csv", 11 * 1024 * 1024), dir.resolve("other").resolve("race.csv"));
        Files.createDirectories(files.get(1).getParent());
        Files.write(files.get(1), Files.readAllBytes(file("seed.bin", 9 * 1024 * 1024)));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<ObjectInfo>> results = new ArrayList<>();
        for (Path f : files) {
            results.add(pool.submit(() -> {
                try (WarehouseClient other = WarehouseClient.builder().config(config()).build()) {
                    go.await();
                    return other.bucket(Layer.BRONZE).upload(f, "project1", o -> o.exactName());
                } catch (AlreadyExistsException e) {
                    return null;
                }
            }));
        }
        go.countDown();
        List<ObjectInfo> winners = new ArrayList<>();
        for (Future<ObjectInfo> r : results) {
            ObjectInfo w = r.get(60, TimeUnit.SECONDS);
            if (w != null) {
                winners.add(w);
            }
        }
        pool.shutdown();
        assertThat(winners).hasSize(1);
        assertThat(dw.bucket(Layer.BRONZE).stat(winners.get(0).key()).sha256()).isEqualTo(winners.get(0).sha256());
    }

    @Test
    void sharesADownloadLinkThatNeedsNoCredentials() throws Exception {
        dw.createBuckets();
        Path data = file("shared.csv", 4096);
        ObjectInfo info = dw.bucket(Layer.SILVER).put("project1/shared.csv", data);

        URI link = dw.bucket(Layer.SILVER).share(info.key(), Duration.ofHours(1));
        HttpResponse<byte[]> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(link).build(),
                HttpResponse.BodyHandlers.ofByteArray());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(Files.readAllBytes(data));
        assertThat(link.toString()).contains("X-Amz-Expires=3600").doesNotContain(S3Server.SECRET_KEY);
        assertThatThrownBy(() -> dw.bucket(Layer.SILVER).share(info.key(), Duration.ofDays(8)))
                .hasMessageContaining("7 days");
    }
}
