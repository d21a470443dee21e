package io.redback.rdw.storage.bench;

import io.minio.BucketExistsArgs;
import io.minio.DownloadObjectArgs;
import io.minio.GetObjectArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.UploadObjectArgs;
import io.redback.rdw.Layer;
import io.redback.rdw.RdwConfig;
import io.redback.rdw.WarehouseClient;
import io.redback.rdw.storage.s3.S3Server;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * One measured transfer against an S3 server, in its own JVM so its memory is its own:
 * {@code UploadBenchmark rdw|service|sdk upload|download FILE ENDPOINT KEY WORKDIR}. Prints one JSON line with
 * the seconds, the throughput and the peak heap; an approach that runs out of memory says so and exits 3.
 *
 * <ul>
 *   <li>{@code rdw}: {@code Bucket.put} / {@code Bucket.download} of a warehouse client configured for S3 (hash pass,
 *       parallel parts, SHA-256 checked on the way in and out, provenance);</li>
 *   <li>{@code service}: what the upload service does: the whole file in a byte array, one {@code putObject}; the
 *       download service's way back: the whole object in memory, then written;</li>
 *   <li>{@code sdk}: the MinIO SDK's own {@code uploadObject} / {@code downloadObject} with default settings.</li>
 * </ul>
 */
public final class UploadBenchmark {
    private static final String BUCKET = "dw-bucket-bronze";

    private UploadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String approach = args[0];
        String op = args[1];
        Path file = Path.of(args[2]);
        String endpoint = args[3];
        String key = args[4];
        Path work = Path.of(args[5]);
        Thread sampler = new Thread(UploadBenchmark::sampleHeap, "heap-sampler");
        sampler.setDaemon(true);
        sampler.start();
        long started = System.nanoTime();
        long bytes;
        try {
            bytes = switch (approach) {
                case "rdw" -> rdw(op, file, endpoint, key, work);
                case "service" -> service(op, file, endpoint, key);
                case "sdk" -> sdk(op, file, endpoint, key);
                default -> throw new IllegalArgumentException("approach: rdw, service or sdk");
            };
        } catch (OutOfMemoryError e) {
            System.out.printf(Locale.ROOT, "{\"approach\":\"%s\",\"op\":\"%s\",\"error\":\"OutOfMemoryError: %s\",\"max_heap_mib\":%d}%n",
                    approach, op, e.getMessage(), Runtime.getRuntime().maxMemory() >> 20);
            System.exit(3);
            return;
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf(Locale.ROOT, "{\"approach\":\"%s\",\"op\":\"%s\",\"bytes\":%d,\"seconds\":%.2f,\"mib_per_s\":%.1f,"
                        + "\"peak_heap_mib\":%d,\"max_heap_mib\":%d}%n", approach, op, bytes, seconds, (bytes / 1048576.0) / seconds,
                peakHeap >> 20, Runtime.getRuntime().maxMemory() >> 20);
        System.exit(0); // the plain SDK clients keep non-daemon HTTP threads alive for a minute
    }

    private static long rdw(String op, Path file, String endpoint, String key, Path work) throws Exception {
        RdwConfig config = RdwConfig.builder().noFile().environment(Map.of(
                "RDW_S3_ENDPOINT", endpoint, "AWS_ACCESS_KEY_ID", S3Server.ACCESS_KEY,
                "AWS_SECRET_ACCESS_KEY", S3Server.SECRET_KEY, "RDW_WAREHOUSE", work.toString())).build();
        try (WarehouseClient dw = WarehouseClient.builder().config(config).build()) {
            if (op.equals("upload")) {
                dw.createBuckets();
                return dw.bucket(Layer.BRONZE).put(key, file).size();
            }
            Path target = work.resolve("rdw-download.bin");
            Files.deleteIfExists(target);
            return Files.size(dw.bucket(Layer.BRONZE).download(key, target));
        }
    }

    private static MinioClient minio(String endpoint) throws Exception {
        MinioClient c = MinioClient.builder().endpoint(endpoint).credentials(S3Server.ACCESS_KEY, S3Server.SECRET_KEY).build();
        if (!c.bucketExists(BucketExistsArgs.builder().bucket(BUCKET).build())) {
            c.makeBucket(MakeBucketArgs.builder().bucket(BUCKET).build());
        }
        return c;
    }

    private static long service(String op, Path file, String endpoint, String key) throws Exception {
        MinioClient c = minio(endpoint);
        if (op.equals("upload")) {
            byte[] all = Files.readAllBytes(file);
            c.putObject(PutObjectArgs.builder().bucket(BUCKET).object(key)
                    .stream(new ByteArrayInputStream(all), all.length, -1).build());
            return all.length;
        }
        byte[] all;
        try (InputStream in = c.getObject(GetObjectArgs.builder().bucket(BUCKET).object(key).build())) {
            all = in.readAllBytes();
        }
        Files.write(file.resolveSibling("service-download.bin"), all);
        return all.length;
    }

    private static long sdk(String op, Path file, String endpoint, String key) throws Exception {
        MinioClient c = minio(endpoint);
        if (op.equals("upload")) {
            c.uploadObject(UploadObjectArgs.builder().bucket(BUCKET).object(key).filename(file.toString()).build());
            return Files.size(file);
        }
        Path target = file.resolveSibling("sdk-download.bin");
        Files.deleteIfExists(target);
        c.downloadObject(DownloadObjectArgs.builder().bucket(BUCKET).object(key).filename(target.toString()).build());
        return Files.size(target);
    }

    private static volatile long peakHeap;

    /** Samples the heap in use every 10 ms; the largest sample is the peak reported. */
    private static void sampleHeap() {
        Runtime rt = Runtime.getRuntime();
        while (true) {
            peakHeap = Math.max(peakHeap, rt.totalMemory() - rt.freeMemory());
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                return;
            }
        }
    }
}
