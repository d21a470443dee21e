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
 */
public record S3Settings(URI endpoint, String accessKey, Secret secretKey, String region, boolean pathStyle,
                         long partSize, int parallel, int retries, Duration firstBackoff, Duration timeout) {

    /** The settings of the configuration's S3 keys. */
    public static S3Settings from(RdwConfig config) {
        URI endpoint = config.s3Endpoint().orElseThrow(() -> new ConfigurationException(
                "the S3 store needs an endpoint: set the " + RdwConfig.S3_ENDPOINT.describe()));
        return new S3Settings(endpoint, config.require(RdwConfig.S3_ACCESS_KEY),
                config.secret(RdwConfig.S3_SECRET_KEY).orElseThrow(() -> new ConfigurationException(
                        RdwConfig.S3_SECRET_KEY.name() + " is not set: set the " + RdwConfig.S3_SECRET_KEY.describe())),
                config.require(RdwConfig.S3_REGION), config.flag(RdwConfig.S3_PATH_STYLE),
                config.bytes(RdwConfig.S3_PART_SIZE), config.integer(RdwConfig.S3_PARALLEL_PARTS),
                config.integer(RdwConfig.S3_RETRIES), Duration.ofMillis(200), config.duration(RdwConfig.S3_TIMEOUT));
    }

    public S3Settings withRetries(int value, Duration backoff) {
        return new S3Settings(endpoint, accessKey, secretKey, region, pathStyle, partSize, parallel, value, backoff, timeout);
    }

    public S3Settings withParts(long size, int inFlight) {
        return new S3Settings(endpoint, accessKey, secretKey, region, pathStyle, size, inFlight, retries, firstBackoff, timeout);
    }

    public S3Settings withSecretKey(Secret value) {
        return new S3Settings(endpoint, accessKey, value, region, pathStyle, partSize, parallel, retries, firstBackoff, timeout);
    }
}
