package io.redback.rdw.storage.s3;

import io.redback.rdw.RdwConfig;
import io.redback.rdw.spi.ObjectStore;
import io.redback.rdw.spi.ObjectStoreProvider;

/** MinIO / S3, chosen by {@code rdw.storage=s3} or by an endpoint ({@code RDW_S3_ENDPOINT}, {@code MINIO_ENDPOINT}). */
public final class S3ObjectStoreProvider implements ObjectStoreProvider {
    @Override
    public String name() {
        return "s3";
    }

    @Override
    public ObjectStore open(RdwConfig config) {
        return S3ObjectStore.open(config);
    }
}
