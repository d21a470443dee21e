package io.redback.rdw.storage.s3;

import io.redback.rdw.ConfigKey;
import io.redback.rdw.Layer;
import io.redback.rdw.RdwConfig;
import io.redback.rdw.spi.ObjectStore;
import io.redback.rdw.spi.ObjectStoreProvider;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** MinIO / S3, chosen by {@code rdw.storage=s3} or by an endpoint ({@code RDW_S3_ENDPOINT}, {@code MINIO_ENDPOINT}). */
public final class S3ObjectStoreProvider implements ObjectStoreProvider {
    static final ConfigKey ENDPOINT = ConfigKey.of("rdw.s3.endpoint", "MinIO / S3: http://host:9000 or host:9000")
            .env("RDW_S3_ENDPOINT", "MINIO_ENDPOINT").type(ConfigKey.Type.URL);
    static final ConfigKey ACCESS_KEY = ConfigKey.of("rdw.s3.access-key", "S3 access key")
            .env("AWS_ACCESS_KEY_ID", "AWS_ACCESS_KEY", "BRONZE_ACCESS_KEY");
    static final ConfigKey SECRET_KEY = ConfigKey.of("rdw.s3.secret-key", "S3 secret key")
            .env("AWS_SECRET_ACCESS_KEY", "AWS_SECRET_KEY", "BRONZE_SECRET_KEY").secret();
    static final ConfigKey REGION = ConfigKey.of("rdw.s3.region", "S3 region")
            .env("RDW_S3_REGION", "AWS_REGION", "AWS_DEFAULT_REGION").defaultValue("us-east-1");
    static final ConfigKey TLS = ConfigKey.of("rdw.s3.tls",
            "Use https when the endpoint is given as host:port; the warehouse's MinIO runs without TLS")
            .env("RDW_S3_TLS").defaultValue("false").type(ConfigKey.Type.FLAG);
    static final ConfigKey PATH_STYLE = ConfigKey.of("rdw.s3.path-style",
            "Address buckets as http://host/bucket (MinIO) rather than http://bucket.host")
            .env("RDW_S3_PATH_STYLE").defaultValue("true").type(ConfigKey.Type.FLAG);
    static final ConfigKey PART_SIZE = ConfigKey.of("rdw.s3.part-size",
            "Part size of multipart uploads (5MB to 5GB); larger files are sent in parts")
            .env("RDW_S3_PART_SIZE").defaultValue("16MB").type(ConfigKey.Type.SIZE);
    static final ConfigKey PARALLEL_PARTS = ConfigKey.of("rdw.s3.parallel-parts",
            "Parts in flight at once; memory used is about this times the part size")
            .env("RDW_S3_PARALLEL_PARTS").defaultValue("4").type(ConfigKey.Type.INTEGER);
    static final ConfigKey RETRIES = ConfigKey.of("rdw.s3.retries",
            "Retries of a transient failure (unreachable, timeout, 5xx), with exponential backoff")
            .env("RDW_S3_RETRIES").defaultValue("4").type(ConfigKey.Type.INTEGER);
    static final ConfigKey TIMEOUT = ConfigKey.of("rdw.s3.timeout", "Connect, read and write timeout of each S3 request")
            .env("RDW_S3_TIMEOUT").defaultValue("60s").type(ConfigKey.Type.DURATION);
    static final ConfigKey ABANDONED_AFTER = ConfigKey.of("rdw.s3.abandoned-after",
            "An unfinished multipart upload in a layer bucket, under a key rdw writes, started longer ago than this is "
                    + "taken for one a killed rdw process left, and aborted when the store opens")
            .env("RDW_S3_ABANDONED_AFTER").defaultValue("24h").type(ConfigKey.Type.DURATION);

    @Override
    public String name() {
        return "s3";
    }

    @Override
    public List<ConfigKey> keys() {
        return List.of(ENDPOINT, ACCESS_KEY, SECRET_KEY, REGION, TLS, PATH_STYLE, PART_SIZE, PARALLEL_PARTS, RETRIES, TIMEOUT,
                ABANDONED_AFTER);
    }

    @Override
    public List<String> validate(RdwConfig config) {
        List<String> problems = new ArrayList<>();
        if (config.get(ENDPOINT).isPresent()) {
            for (ConfigKey k : List.of(ACCESS_KEY, SECRET_KEY)) {
                if (config.get(k).isEmpty()) {
                    problems.add(k.name() + " is not set but " + ENDPOINT.name() + " is: set the " + k.describe());
                }
            }
        }
        range(config, PART_SIZE, 5L << 20, 5L << 30, "between 5MB and 5GB (S3's limits)", problems, true);
        range(config, PARALLEL_PARTS, 1, 64, "between 1 and 64", problems, false);
        range(config, RETRIES, 0, 20, "between 0 and 20", problems, false);
        try {
            if (config.duration(ABANDONED_AFTER).compareTo(java.time.Duration.ofHours(1)) < 0) {
                problems.add(ABANDONED_AFTER.describe() + " must be at least 1h: a shorter time would abort uploads "
                        + "that other processes still send");
            }
        } catch (RuntimeException e) {
            // a malformed value is reported by its kind's check
        }
        return problems;
    }

    private static void range(RdwConfig config, ConfigKey key, long min, long max, String expected, List<String> problems,
                              boolean size) {
        try {
            long v = size ? config.bytes(key) : config.integer(key);
            if (v < min || v > max) {
                problems.add(key.describe() + " must be " + expected);
            }
        } catch (RuntimeException e) {
            // a malformed value is reported by its kind's check
        }
    }

    @Override
    public Optional<String> selectedBy(RdwConfig config) {
        return config.origin(ENDPOINT).map(origin -> ENDPOINT.name() + " is set by " + origin);
    }

    @Override
    public ObjectStore open(RdwConfig config) {
        // the layer buckets, so that the health check can say when they are missing
        return new S3ObjectStore(S3Settings.from(config), Arrays.stream(Layer.values()).map(config::bucket).toList());
    }
}
