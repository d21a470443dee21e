package io.redback.rdw.storage.s3;

import io.redback.rdw.ConfigurationException;
import io.redback.rdw.RdwConfig;
import io.redback.rdw.Secret;

import java.net.URI;
import java.time.Duration;

/**
 * What the S3 store needs to know. The secret key is a {@link Secret}: this record prints without it.
 *
 * @param endpoint     the server, e.g. {@code http://127.0.0.1:9000}
 * @param accessKey    the access key id
 * @param secretKey    the secret key
 * @param region       the region (MinIO accepts any; us-east-1 by default)
 * @param pathStyle    {@code http://host/bucket} rather than {@code http://bucket.host}
 * @param partSize     bytes per part of a multipart upload; smaller objects go in one request
 * @param parallel     parts in flight at once
 * @param retries      retries of a transiently failed request
 * @param firstBackoff pause before the first retry; doubled each time
 * @param timeout      connect, read and write timeout of a request
 * @param abandonedAfter how long ago an unfinished multipart upload of rdw's must have started to be aborted as
 *                     abandoned (see {@link AbandonedUploads})
 */
record S3Settings(URI endpoint, String accessKey, Secret secretKey, String region, boolean pathStyle,
                         long partSize, int parallel, int retries, Duration firstBackoff, Duration timeout,
                         Duration abandonedAfter) {

    /** How long ago an unfinished upload of rdw's must have started to be aborted, unless configured. */
    static final Duration ABANDONED_AFTER = Duration.ofHours(24);

    S3Settings(URI endpoint, String accessKey, Secret secretKey, String region, boolean pathStyle, long partSize,
               int parallel, int retries, Duration firstBackoff, Duration timeout) {
        this(endpoint, accessKey, secretKey, region, pathStyle, partSize, parallel, retries, firstBackoff, timeout,
                ABANDONED_AFTER);
    }

    /** The settings of the configuration's S3 keys. */
    static S3Settings from(RdwConfig config) {
        URI endpoint = endpoint(config).orElseThrow(() -> new ConfigurationException(
                "the S3 store needs an endpoint: set the " + S3ObjectStoreProvider.ENDPOINT.describe()));
        return new S3Settings(endpoint, config.require(S3ObjectStoreProvider.ACCESS_KEY),
                config.secret(S3ObjectStoreProvider.SECRET_KEY).orElseThrow(() -> new ConfigurationException(
                        S3ObjectStoreProvider.SECRET_KEY.name() + " is not set: set the "
                                + S3ObjectStoreProvider.SECRET_KEY.describe())),
                config.require(S3ObjectStoreProvider.REGION), config.flag(S3ObjectStoreProvider.PATH_STYLE),
                config.bytes(S3ObjectStoreProvider.PART_SIZE), config.integer(S3ObjectStoreProvider.PARALLEL_PARTS),
                config.integer(S3ObjectStoreProvider.RETRIES), Duration.ofMillis(200),
                config.duration(S3ObjectStoreProvider.TIMEOUT), config.duration(S3ObjectStoreProvider.ABANDONED_AFTER));
    }

    /**
     * The endpoint as a URL: {@code host:port} (as MINIO_ENDPOINT is often written) gets http, or https when
     * {@code rdw.s3.tls} is true.
     */
    static java.util.Optional<URI> endpoint(RdwConfig config) {
        return config.get(S3ObjectStoreProvider.ENDPOINT).map(v -> {
            String url = v.contains("://") ? v : (config.flag(S3ObjectStoreProvider.TLS) ? "https://" : "http://") + v;
            return URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
        });
    }

    S3Settings withRetries(int value, Duration backoff) {
        return new S3Settings(endpoint, accessKey, secretKey, region, pathStyle, partSize, parallel, value, backoff, timeout,
                abandonedAfter);
    }

    S3Settings withParts(long size, int inFlight) {
        return new S3Settings(endpoint, accessKey, secretKey, region, pathStyle, size, inFlight, retries, firstBackoff, timeout,
                abandonedAfter);
    }

    S3Settings withSecretKey(Secret value) {
        return new S3Settings(endpoint, accessKey, value, region, pathStyle, partSize, parallel, retries, firstBackoff, timeout,
                abandonedAfter);
    }

    S3Settings withAbandonedAfter(Duration value) {
        return new S3Settings(endpoint, accessKey, secretKey, region, pathStyle, partSize, parallel, retries, firstBackoff,
                timeout, value);
    }
}
